using Migration.Domain.Persons;
using Migration.Domain.Source;

namespace Migration.Domain.Campaigns;

/// <summary>
/// The touchpoints of one person batch: every (campaign, person) pair the batch's delivery rows name is one
/// candidate, and becomes exactly one touchpoint or one skip with a reason (docs/campaigns.md, "Touchpoints").
/// A pair is engaged when one of its rows has an engaging status (the run's <c>touchpointStatuses</c>,
/// case ignored); its touchpoint is due at the first engaging row (UTC) and names the engaging statuses in
/// the order they happened. Pure and deterministic: pairs in person order, then campaign key (ordinal).
/// </summary>
public sealed record TouchpointPlan(long Candidates, IReadOnlyList<Touchpoint> Touchpoints, IReadOnlyDictionary<string, long> Skipped)
{
    public long SkippedCount => Skipped.Values.Sum();

    /// <summary>Campaign keys the batch's engaged pairs need a deal for: what to look up in the deal ledger.</summary>
    public static IReadOnlySet<string> EngagedCampaigns(IEnumerable<PersonExtras> extras, IReadOnlyCollection<string> engagingStatuses)
    {
        ArgumentNullException.ThrowIfNull(extras);
        var engaging = Statuses(engagingStatuses);
        return extras.SelectMany(e => e.PushResults).Where(r => engaging.Contains(r.Status.Trim()))
            .Select(r => r.NotificationKey.Trim()).ToHashSet(StringComparer.Ordinal);
    }

    /// <param name="persons">Netmera id → Pipedrive person id of the batch's migrated persons.</param>
    /// <param name="deals">Campaign key → its deal, for campaigns whose deal exists.</param>
    public static TouchpointPlan For(
        IEnumerable<PersonExtras> extras, IReadOnlyCollection<string> engagingStatuses,
        IReadOnlyDictionary<string, long> persons, IReadOnlyDictionary<string, CampaignDeal> deals)
    {
        ArgumentNullException.ThrowIfNull(extras);
        ArgumentNullException.ThrowIfNull(persons);
        ArgumentNullException.ThrowIfNull(deals);
        var engaging = Statuses(engagingStatuses);
        var touchpoints = new List<Touchpoint>();
        var skipped = new SortedDictionary<string, long>(StringComparer.Ordinal);
        long candidates = 0;
        foreach (var person in extras.DistinctBy(e => e.ExtId, StringComparer.Ordinal))
        {
            var pairs = person.PushResults
                .Where(r => !string.IsNullOrWhiteSpace(r.NotificationKey))
                .GroupBy(r => r.NotificationKey.Trim(), StringComparer.Ordinal)
                .OrderBy(g => g.Key, StringComparer.Ordinal);
            foreach (var pair in pairs)
            {
                candidates++;
                var engaged = pair.Where(r => engaging.Contains(r.Status.Trim())).OrderBy(r => r.Timestamp).ToList();
                var reason = engaged.Count == 0 ? TouchpointSkips.NotEngaged
                    : !persons.ContainsKey(person.ExtId) ? TouchpointSkips.PersonNotMigrated
                    : !deals.ContainsKey(pair.Key) ? TouchpointSkips.CampaignWithoutDeal
                    : null;
                if (reason is not null)
                {
                    skipped[reason] = skipped.GetValueOrDefault(reason) + 1;
                    continue;
                }
                var deal = deals[pair.Key];
                var statuses = engaged.Select(r => r.Status.Trim().ToUpperInvariant()).Distinct(StringComparer.Ordinal).ToList();
                touchpoints.Add(new Touchpoint(
                    SourceId(pair.Key, person.ExtId), pair.Key, person.ExtId, persons[person.ExtId], deal.DealId,
                    PersonMapping.Truncate($"{deal.Name}: {string.Join(", ", statuses)}", Mapping.Transforms.VarcharLimit),
                    engaged[0].Timestamp.ToUniversalTime(), statuses));
            }
        }
        return new TouchpointPlan(candidates, touchpoints, skipped);
    }

    /// <summary>The ledger's source id of a touchpoint: one per campaign and person.</summary>
    public static string SourceId(string campaignKey, string extId) => $"{campaignKey}|{extId}";

    private static HashSet<string> Statuses(IReadOnlyCollection<string> statuses)
    {
        ArgumentNullException.ThrowIfNull(statuses);
        return statuses.Where(s => !string.IsNullOrWhiteSpace(s)).Select(s => s.Trim()).ToHashSet(StringComparer.OrdinalIgnoreCase);
    }
}

/// <summary>A campaign's deal as touchpoints need it: its Pipedrive id and the campaign's name for the subject.</summary>
public sealed record CampaignDeal(long DealId, string Name);

/// <summary>One engaged (campaign, person): an activity of the "Campaign touchpoint" type on the campaign's deal.</summary>
public sealed record Touchpoint(
    string SourceId, string CampaignKey, string ExtId, long PersonId, long DealId, string Subject, DateTimeOffset At, IReadOnlyList<string> Statuses);

/// <summary>Why a (campaign, person) pair got no touchpoint.</summary>
public static class TouchpointSkips
{
    /// <summary>None of the pair's delivery rows has an engaging status (sent, delivered or failed only).</summary>
    public const string NotEngaged = "not_engaged";

    /// <summary>The person was rejected or not loaded, so there is nobody to link the touchpoint to.</summary>
    public const string PersonNotMigrated = "person_not_migrated";

    /// <summary>The campaign has no deal: it was in no campaign file, or its deal was rejected.</summary>
    public const string CampaignWithoutDeal = "campaign_without_deal";
}

/// <summary>
/// A campaign's place in the staged campaign batches (<c>staged/campaigns/index.ndjson.gz</c>): touchpoints read
/// only the deal ledger partitions of the campaigns they need.
/// </summary>
public sealed record StagedCampaignEntry(string Key, int Batch, string Name);
