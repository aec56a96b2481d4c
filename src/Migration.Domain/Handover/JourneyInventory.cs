using System.Globalization;
using System.Text;
using Migration.Domain.Reports;
using Migration.Domain.Source;

namespace Migration.Domain.Handover;

/// <summary>
/// The journey inventory (<c>reports/handover/journeys.md</c> and <c>.csv</c>): every Netmera journey with its entry
/// condition, its steps in order and its conversion events, and what each step becomes when rebuilt by hand.
/// </summary>
public static class JourneyInventory
{
    public const string ConversionCounting =
        "Netmera counts one conversion per user per journey: a user who fires the conversion event several times inside one journey counts once. " +
        "Reports built in another tool that count events instead of users will show higher numbers for the same behaviour";

    public const string PipedriveCannot =
        "Journeys do not move. Pipedrive has no journey object, and its automations and sequences cannot be created through its API, " +
        "so each journey is rebuilt by hand: in Pipedrive's Automations (Workflow automation) for CRM steps (tags → labels, " +
        "activities, field updates), and in the new messaging tool for push, SMS and in-app steps, which Pipedrive cannot send";

    private static readonly string[] StepTypes = ["WAIT", "SEND_PUSH", "SEND_EMAIL", "SEND_SMS", "CONDITION", "ADD_TAG", "REMOVE_TAG", "SEND_INAPP", "WEBHOOK"];

    public static HandoverDocument Render(string runId, DateTimeOffset generatedAt, Inventory<SourceJourney> journeys)
    {
        ArgumentNullException.ThrowIfNull(journeys);
        var artifact = HandoverArtifact.Journeys;
        var md = journeys.Header(artifact, runId, generatedAt, "journey inventory", "journeys",
            "the list a person works through to rebuild each Netmera journey (workflow) in Pipedrive and the new messaging tool, " +
            "step by step, with the events that counted as its conversions.",
            PipedriveCannot + ".");
        md.Append("**How conversions were counted.** ").Append(ConversionCounting).Append(".\n\n");

        var csv = new StringBuilder();
        csv.AppendRow("journey_id", "journey_name", "status", "entry_condition", "step_number", "step_type", "step", "rebuild_in", "conversion_events", "conversion_counting");
        foreach (var journey in journeys.Records)
        {
            var conversions = string.Join(", ", journey.ConversionEvents);
            var counting = journey.ConversionEvents.Count > 0 ? "one per user per journey" : "";
            md.Append(CultureInfo.InvariantCulture, $"## {journey.Name} (id {journey.Id})\n\n");
            md.Append(CultureInfo.InvariantCulture, $"- Status: {journey.Status ?? "not given"}\n");
            md.Append(CultureInfo.InvariantCulture, $"- Entry condition: {journey.EntryCondition ?? "not given in the inventory: read it in the Netmera panel before rebuilding"}\n");
            md.Append(CultureInfo.InvariantCulture,
                $"- Conversion events: {(conversions.Length > 0 ? conversions + " (counted once per user per journey)" : "none")}\n\n");
            if (journey.Steps.Count == 0)
            {
                md.Append("No steps listed in the inventory: read them in the Netmera panel before rebuilding.\n\n");
                csv.AppendRow(journey.Id, journey.Name, journey.Status, journey.EntryCondition, "", "", "", "", conversions, counting);
                continue;
            }
            md.Append("| # | Step | Rebuild in |\n|---:|---|---|\n");
            for (var i = 0; i < journey.Steps.Count; i++)
            {
                var (type, text) = Split(journey.Steps[i]);
                var target = RebuildIn(type);
                md.Append(CultureInfo.InvariantCulture, $"| {i + 1} | {HandoverText.Cell(journey.Steps[i])} | {HandoverText.Cell(target)} |\n");
                csv.AppendRow(journey.Id, journey.Name, journey.Status, journey.EntryCondition, (i + 1).ToString(CultureInfo.InvariantCulture), type, text, target, conversions, counting);
            }
            md.Append('\n');
        }
        var steps = journeys.Records.Sum(j => j.Steps.Count);
        return new HandoverDocument(md.ToString(), csv.ToString(),
            journeys.Entry(artifact, "journey inventory", "journeys", $"journeys ({steps} steps)"));
    }

    /// <summary>A step written as "TYPE: description" (the JSON inventory's form), else untyped text.</summary>
    internal static (string Type, string Text) Split(string step)
    {
        var colon = step.IndexOf(':', StringComparison.Ordinal);
        if (colon > 0)
        {
            var type = step[..colon].Trim().ToUpperInvariant();
            if (StepTypes.Contains(type, StringComparer.Ordinal))
                return (type, step[(colon + 1)..].Trim());
        }
        return ("", step);
    }

    private static string RebuildIn(string type) => type switch
    {
        "WAIT" => "a delay in the automation (Pipedrive) or the messaging tool's flow",
        "CONDITION" => "a condition step (Pipedrive automation or the messaging tool's flow)",
        "SEND_PUSH" or "SEND_INAPP" => "the new messaging tool: Pipedrive sends no push or in-app messages",
        "SEND_SMS" => "the new messaging tool: Pipedrive sends no SMS",
        "SEND_EMAIL" => "Pipedrive (Campaigns add-on or a sequence, by hand) or the new messaging tool",
        "ADD_TAG" or "REMOVE_TAG" => "a Pipedrive automation action updating the person's labels (tags moved as labels or the Netmera tags field)",
        "WEBHOOK" => "a Pipedrive automation webhook action",
        _ => "read the step in the Netmera panel and choose",
    };
}
