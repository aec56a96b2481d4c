using System.Text.Json;
using Migration.Domain.Mapping;
using Migration.Domain.Persons;
using Migration.Domain.Source;

namespace Migration.Domain.Campaigns;

/// <summary>
/// Campaign → deal, by the approved map's campaign lines that target a deal (the "Campaign" group of the
/// proposal): each line's raw value goes through its transform (<see cref="Transforms"/>) as a person's do.
/// The title is what the map sends to <c>title</c>, else the campaign's name, else its key, so no campaign is
/// rejected for a missing name; the stage is the option the map sends to <c>stage_id</c>; numbers, dates and
/// texts become deal custom field values. A value that cannot be converted is left out and listed, never a
/// reject. The rules are in docs/campaigns.md.
/// </summary>
public static class CampaignMapping
{
    /// <summary>Whether the map moves campaigns at all: some campaign item lands on a deal.</summary>
    public static bool MovesCampaigns(FieldMap map)
    {
        ArgumentNullException.ThrowIfNull(map);
        return map.Lines.Any(IsDealLine);
    }

    public static CampaignMappingOutcome Map(SourceCampaign campaign, FieldMap map)
    {
        ArgumentNullException.ThrowIfNull(campaign);
        ArgumentNullException.ThrowIfNull(map);

        string? title = null, stage = null;
        DateOnly? closeDate = null;
        decimal? amount = null;
        var values = new List<MappedValue>();
        var dropped = new List<DroppedValue>();
        foreach (var line in map.Lines.Where(IsDealLine))
        {
            if (RawValue(campaign, line.Source.Code) is not { } raw)
                continue;
            var converted = Transforms.Convert(line, raw);
            if (converted.Problem is { } problem)
                dropped.Add(new DroppedValue(line.SourceId, problem));
            if (converted.Value is not { } value)
                continue;

            if (line.Target.Kind != TargetKinds.Standard)
            {
                values.Add(value);
                continue;
            }
            switch (line.Target.Name)
            {
                case "title":
                    title ??= value.Text;
                    break;
                case "stage_id":
                    stage ??= value.Options.FirstOrDefault();
                    break;
                case "expected_close_date":
                    closeDate ??= value.Date;
                    break;
                case "value":
                    amount ??= value.Number;
                    break;
                default:
                    // Deal status stays open (a campaign is neither won nor lost); other built-in fields are not the load's.
                    dropped.Add(new DroppedValue(line.SourceId, $"the deal's '{line.Target.Name}' is not written by the campaign load"));
                    break;
            }
        }

        title = Collapse(title) ?? Collapse(campaign.Name) ?? campaign.Key;
        var deal = new DealDraft(campaign.Key, PersonMapping.Truncate(title, Transforms.VarcharLimit))
        {
            Stage = stage,
            ExpectedCloseDate = closeDate,
            Value = amount,
            CustomValues = values,
        };
        return new CampaignMappingOutcome(deal, dropped);
    }

    /// <summary>Sent, failed and clicked over every platform; null when the campaign has no counts at all.</summary>
    public static long? Total(SourceCampaign campaign, Func<CampaignPlatformStats, long> count)
    {
        ArgumentNullException.ThrowIfNull(campaign);
        return campaign.Stats.Count == 0 ? null : campaign.Stats.Sum(count);
    }

    private static bool IsDealLine(MappingLine line) =>
        line.Source.Kind == SourceKinds.Campaign && line.Target.Entity == TargetEntities.Deal && line.Target.Kind != TargetKinds.None;

    /// <summary>The campaign's raw value for a source code (<see cref="SourceItems.CampaignAttributes"/>, <c>metric:</c>, <c>detail:</c>).</summary>
    private static JsonElement? RawValue(SourceCampaign campaign, string code)
    {
        object? raw = code switch
        {
            "name" => campaign.Name,
            "type" => campaign.Type,
            "status" => campaign.Status,
            // Epoch milliseconds, as Netmera's REST gives times: the date transform reads them as the UTC day.
            "start" => campaign.Start?.ToUnixTimeMilliseconds(),
            "end" => campaign.End?.ToUnixTimeMilliseconds(),
            "title" => campaign.Title,
            "message" => campaign.Message,
            "sent" => Total(campaign, s => s.Sent),
            "failed" => Total(campaign, s => s.Failed),
            "clicked" => Total(campaign, s => s.Clicked),
            _ when code.StartsWith("metric:", StringComparison.Ordinal) => Find(campaign.Metrics, code["metric:".Length..]) is { } m ? (object)m.Value : null,
            _ when code.StartsWith("detail:", StringComparison.Ordinal) => Find(campaign.Details, code["detail:".Length..])?.Value,
            _ => null,
        };
        return raw is null ? null : JsonSerializer.SerializeToElement(raw);
    }

    /// <summary>A report's column by name, ignoring case as the proposal grouped them.</summary>
    private static KeyValuePair<string, T>? Find<T>(IReadOnlyDictionary<string, T> values, string name) =>
        values.TryGetValue(name, out var exact) ? new(name, exact)
        : values.Where(v => string.Equals(v.Key, name, StringComparison.OrdinalIgnoreCase)).Select(v => (KeyValuePair<string, T>?)v).FirstOrDefault();

    private static string? Collapse(string? text) =>
        string.IsNullOrWhiteSpace(text) ? null : string.Join(' ', text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
}

/// <summary>The deal a campaign becomes, and the mapped values left out of it because they could not be converted.</summary>
public sealed record CampaignMappingOutcome(DealDraft Deal, IReadOnlyList<DroppedValue> Dropped);
