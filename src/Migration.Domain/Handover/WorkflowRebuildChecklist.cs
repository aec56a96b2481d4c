using System.Globalization;
using System.Text;
using Migration.Domain.Reports;
using Migration.Domain.Source;

namespace Migration.Domain.Handover;

/// <summary>What the segment → filter map said, for the index and the checklist (null: the map was not written).</summary>
public sealed record SegmentMapSummary(int Segments, int Filters, int WithLosses);

/// <summary>The inventories and counts the checklist is made from.</summary>
public sealed record HandoverInputs(
    Inventory<SourceJourney> Journeys, Inventory<SourceCampaign> Campaigns, Inventory<SourceWidget> Widgets, Inventory<SourceSurvey> Surveys,
    SegmentMapSummary? Segments, long PushTokens, long UsersWithoutEmail);

/// <summary>
/// The workflow-rebuild checklist (<c>reports/handover/workflow-rebuild-checklist.md</c> and <c>.csv</c>): one item per
/// thing a person must rebuild by hand, because Pipedrive's sequences and automations are not reachable through its API.
/// A missing inventory is an item of its own (get it), never a silent gap.
/// </summary>
public static class WorkflowRebuildChecklist
{
    private sealed record Item(string Area, string SourceId, string Name, string Task, string Where, string See);

    public static HandoverDocument Render(string runId, DateTimeOffset generatedAt, HandoverInputs inputs)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        var artifact = HandoverArtifact.RebuildChecklist;
        var items = Items(inputs).ToList();
        const string source = "the handover inventories and the segment → filter map";
        var md = HandoverText.Header(artifact, runId, generatedAt, source,
            "the to-do list of everything the migration could not rebuild: tick an item when it works in Pipedrive or the new messaging tool.",
            "Pipedrive's sequences and automations are not reachable through its API (they cannot be created, read or changed there), so " +
            "this migration creates none: every item is done by hand in the Pipedrive web app or in the new messaging tool.", null);

        var csv = new StringBuilder();
        csv.AppendRow("item", "area", "source_id", "name", "task", "where", "see", "done");
        foreach (var group in items.Select((item, i) => (item, i)).GroupBy(x => x.item.Area))
        {
            md.Append(CultureInfo.InvariantCulture, $"## {group.Key}\n\n");
            foreach (var (item, i) in group)
            {
                var label = item.SourceId.Length > 0 ? $"**{item.Name}** ({item.SourceId}): " : "";
                md.Append(CultureInfo.InvariantCulture, $"- [ ] {label}{item.Task}. Where: {item.Where}. See `{item.See}`.\n");
                csv.AppendRow((i + 1).ToString(CultureInfo.InvariantCulture), item.Area, item.SourceId, item.Name, item.Task, item.Where, item.See, "no");
            }
            md.Append('\n');
        }
        return new HandoverDocument(md.ToString(), csv.ToString(), new HandoverEntry(artifact, items.Count, "items to rebuild by hand", source, null));
    }

    private static IEnumerable<Item> Items(HandoverInputs inputs)
    {
        const string Automations = "Pipedrive › Automations (web app), and the new messaging tool for push, SMS and in-app steps";
        const string Messaging = "the new messaging tool";
        var journeys = HandoverArtifact.Journeys.File + ".md";
        if (!inputs.Journeys.Provided)
            yield return new Item("Journeys", "", "", "Get the journey list from the Netmera panel: no journey inventory was provided, so the journeys to rebuild are unknown to this run", "the Netmera panel", journeys);
        foreach (var j in inputs.Journeys.Records)
        {
            yield return new Item("Journeys", j.Id, j.Name,
                $"Rebuild the journey ({j.Steps.Count} steps, status {j.Status ?? "unknown"}) from its entry condition" +
                (j.ConversionEvents.Count > 0 ? $"; track its conversions ({string.Join(", ", j.ConversionEvents)}) once per user, as Netmera counted them" : ""),
                Automations, journeys);
        }

        var campaigns = HandoverArtifact.Campaigns.File + ".md";
        if (!inputs.Campaigns.Provided)
            yield return new Item("Campaigns", "", "", "Get the campaign list from the Netmera panel: no campaign inventory or push report was provided, so scheduled and recurring campaigns are unknown to this run", "the Netmera panel", campaigns);
        foreach (var c in inputs.Campaigns.Records.Where(c => CampaignReferenceSheet.NeedsRecreating(c.Status, c.Details.GetValueOrDefault("schedule.recurrence") ?? c.Details.GetValueOrDefault("recurrence"))))
            yield return new Item("Campaigns", c.Key, c.Name ?? c.Key, $"Re-create the {c.Status?.ToLowerInvariant() ?? "open"} campaign before Netmera is switched off", Messaging, campaigns);

        var widgets = HandoverArtifact.WidgetAssets.File + ".md";
        if (!inputs.Widgets.Provided)
            yield return new Item("Widgets", "", "", "Get the widget list from the Netmera panel: no widget inventory was provided", "the Netmera panel", widgets);
        foreach (var w in inputs.Widgets.Records)
        {
            var over = w.Assets.Count(WidgetAssetInventory.IsOverLimit);
            yield return new Item("Widgets", w.Id, w.Name,
                $"Re-create the {w.Type?.ToLowerInvariant() ?? "widget"} and re-upload its {w.Assets.Count} assets" + (over > 0 ? $" ({over} over the size limits: compress first)" : ""),
                Messaging, widgets);
        }

        var surveys = HandoverArtifact.Surveys.File + ".md";
        if (!inputs.Surveys.Provided)
            yield return new Item("Surveys", "", "", "Get the survey list from the Netmera panel: no survey inventory was provided", "the Netmera panel", surveys);
        foreach (var s in inputs.Surveys.Records)
            yield return new Item("Surveys", s.Id, s.Name, $"Re-create the survey ({s.Questions.Count} questions) with its format and trigger", Messaging, surveys);

        if (inputs.Segments is { Segments: > 0 } segments)
        {
            yield return new Item("Segments", "", "",
                $"Rebuild the rules of the {segments.Segments} segments as filter conditions ({segments.Filters} filters hold a membership snapshot, {segments.WithLosses} segments lost something)",
                "Pipedrive › Contacts › filters (web app)", "../segment-filter-map.md");
        }
        if (inputs.PushTokens > 0)
            yield return new Item("Push", "", "", $"Plan the push re-opt-in for {inputs.PushTokens} devices and ship the new tool's SDK in the app", Messaging, HandoverArtifact.PushTokens.File + ".md");
        if (inputs.UsersWithoutEmail > 0)
            yield return new Item("Contacts", "", "", $"Decide how to reach the {inputs.UsersWithoutEmail} users without a usable email (phone, in-app, or fix in Netmera)", "Pipedrive and the Netmera panel", HandoverArtifact.UsersWithoutEmail.File + ".md");
    }
}
