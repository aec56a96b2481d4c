using System.Globalization;
using System.Text;
using Migration.Domain.Reports;
using Migration.Domain.Source;

namespace Migration.Domain.Handover;

/// <summary>
/// The campaign reference sheet (<c>reports/handover/campaigns.md</c> and <c>.csv</c>): every campaign the campaign files
/// name, merged by key as the deals load merges them (<c>CampaignMerge</c>), with its type, schedule, status and numbers,
/// and the deal it became when it became one.
/// </summary>
public static class CampaignReferenceSheet
{
    public static HandoverDocument Render(string runId, DateTimeOffset generatedAt, Inventory<SourceCampaign> campaigns, IReadOnlyDictionary<string, long> dealIds)
    {
        ArgumentNullException.ThrowIfNull(campaigns);
        ArgumentNullException.ThrowIfNull(dealIds);
        var artifact = HandoverArtifact.Campaigns;
        var md = campaigns.Header(artifact, runId, generatedAt, "campaign inventory or push report", "campaigns",
            "a reference of every Netmera campaign (push, email, SMS): what it was, when it ran or is due, its status and its numbers, " +
            "so the team can compare results after the switch and re-create what still has to be sent.",
            "Pipedrive sends no push or SMS and cannot run Netmera's schedules: each campaign became a deal in the \"Netmera campaigns\" " +
            "pipeline as a record of what was sent (when the approved field map moved campaigns), nothing more. Scheduled, sending and " +
            "recurring campaigns stop when Netmera is switched off; re-create them in the new messaging tool before cutover.");

        var csv = new StringBuilder();
        csv.AppendRow("campaign_key", "name", "channel", "type", "status", "schedule", "start", "end", "recurrence", "sent", "failed", "clicked", "metrics",
            "conversion_event", "needs_recreating", "pipedrive_deal_id", "details");
        if (campaigns.Records.Count > 0)
            md.Append("| Key | Name | Channel | Status | Schedule | Sent | Clicked | Other numbers | Deal |\n|---|---|---|---|---|---:|---:|---|---|\n");
        foreach (var campaign in campaigns.Records)
        {
            var recurrence = Detail(campaign, "schedule.recurrence", "recurrence");
            var type = Detail(campaign, "type", "campaignType") ?? (recurrence is not null ? "RECURRING" : null);
            var schedule = Schedule(campaign, recurrence);
            var (sent, failed, clicked) = campaign.Stats.Count == 0
                ? ((long?)null, (long?)null, (long?)null)
                : (campaign.Stats.Sum(s => s.Sent), campaign.Stats.Sum(s => s.Failed), campaign.Stats.Sum(s => s.Clicked));
            var metrics = string.Join("; ", campaign.Metrics.OrderBy(m => m.Key, StringComparer.Ordinal).Select(m => $"{m.Key}={m.Value.ToString(CultureInfo.InvariantCulture)}"));
            var deal = dealIds.TryGetValue(campaign.Key, out var id) ? id : (long?)null;
            var recreate = NeedsRecreating(campaign.Status, recurrence) ? "yes" : "no";
            var details = string.Join("; ", campaign.Details.Where(d => d.Key is not ("schedule.recurrence" or "recurrence" or "type" or "campaignType" or "conversionEvent"))
                .OrderBy(d => d.Key, StringComparer.Ordinal).Select(d => $"{d.Key}={d.Value}"));
            csv.AppendRow(campaign.Key, campaign.Name, campaign.Type, type, campaign.Status, schedule, HandoverText.Time(campaign.Start), HandoverText.Time(campaign.End),
                recurrence, HandoverText.N(sent), HandoverText.N(failed), HandoverText.N(clicked), metrics, Detail(campaign, "conversionEvent"), recreate,
                HandoverText.N(deal), details);
            md.Append(CultureInfo.InvariantCulture,
                $"| {HandoverText.Cell(campaign.Key)} | {HandoverText.Cell(campaign.Name)} | {HandoverText.Cell(campaign.Type)} | {HandoverText.Cell(campaign.Status)} | {HandoverText.Cell(schedule)} | {HandoverText.N(sent)} | {HandoverText.N(clicked)} | {HandoverText.Cell(metrics)} | {(deal is { } d ? $"deal {HandoverText.N(d)}" : "none")} |\n");
        }
        var open = campaigns.Records.Count(c => NeedsRecreating(c.Status, Detail(c, "schedule.recurrence", "recurrence")));
        if (campaigns.Records.Count > 0)
            md.Append(CultureInfo.InvariantCulture, $"\n{open} campaigns are scheduled, still sending, recurring or drafts: re-create them in the new messaging tool (`needs_recreating` in the CSV).\n");
        return new HandoverDocument(md.ToString(), csv.ToString(),
            campaigns.Entry(artifact, "campaign inventory or push report", "campaigns", $"campaigns ({open} to re-create)"));
    }

    /// <summary>Anything Netmera would still send or that was never sent: it is lost at cutover unless re-created.</summary>
    internal static bool NeedsRecreating(string? status, string? recurrence) =>
        recurrence is not null || status?.Trim().ToUpperInvariant() is "SCHEDULED" or "SENDING" or "DRAFT";

    private static string Schedule(SourceCampaign campaign, string? recurrence) => (campaign.Status?.Trim().ToUpperInvariant(), campaign.Start) switch
    {
        _ when recurrence is not null => $"recurring: {recurrence}" + (campaign.Start is { } s ? $", first {HandoverText.Time(s)}" : ""),
        ("DRAFT", null) => "not scheduled (draft)",
        ("SCHEDULED", { } at) => $"due {HandoverText.Time(at)}",
        (_, { } at) => $"sent {HandoverText.Time(at)}",
        _ => "no send date in the files",
    };

    private static string? Detail(SourceCampaign campaign, params string[] names)
    {
        foreach (var name in names)
        {
            var hit = campaign.Details.FirstOrDefault(d => string.Equals(d.Key, name, StringComparison.OrdinalIgnoreCase));
            if (!string.IsNullOrWhiteSpace(hit.Value))
                return hit.Value;
        }
        return null;
    }
}
