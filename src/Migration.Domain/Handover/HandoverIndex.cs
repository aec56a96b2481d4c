using System.Globalization;
using System.Text;

namespace Migration.Domain.Handover;

/// <summary>
/// The handover index (<c>reports/handover/README.md</c>): every artifact with its count, and for each empty one why it
/// is empty, in particular which inventory the operator did not provide, so an empty list is never mistaken for "nothing
/// to rebuild".
/// </summary>
public static class HandoverIndex
{
    public static string Render(string runId, DateTimeOffset generatedAt, IReadOnlyList<HandoverEntry> entries, SegmentMapSummary? segments)
    {
        ArgumentNullException.ThrowIfNull(entries);
        var md = new StringBuilder();
        md.Append(CultureInfo.InvariantCulture, $"# Handover, run {runId}\n\n");
        md.Append(CultureInfo.InvariantCulture, $"Generated {generatedAt:yyyy-MM-dd HH:mm} UTC.\n\n");
        md.Append("Data and schema moved into Pipedrive; workflows did not. Journeys, campaigns' schedules, widgets, surveys, segment rules " +
            "and push subscriptions are rebuilt by hand in Pipedrive and the new messaging tool, from these written inventories. " +
            "Pipedrive's sequences and automations cannot be created through its API. Each file below exists as Markdown (to read) and " +
            "CSV (to filter and tick off); `GET /api/migrations/{id}/reports` lists them as `handover-*.md` and `handover-*.csv`.\n\n");
        md.Append("| Artifact | Files | Count | State | Source |\n|---|---|---:|---|---|\n");
        foreach (var entry in entries)
        {
            var state = entry.IsEmpty ? "**empty**: " + HandoverText.Cell(entry.EmptyBecause ?? "nothing to list") : "written";
            md.Append(CultureInfo.InvariantCulture,
                $"| {entry.Artifact.Title} | [{entry.Artifact.File}.md]({entry.Artifact.File}.md), [{entry.Artifact.File}.csv]({entry.Artifact.File}.csv) | {entry.Count} {HandoverText.Cell(entry.Counted)} | {state} | {HandoverText.Cell(entry.Source)} |\n");
        }
        var segmentState = segments is null
            ? "| Segment → filter map | [segment-filter-map.md](../segment-filter-map.md), [.csv](../segment-filter-map.csv) | | **not written**: the run wrote no segment report | the filters phase |\n"
            : string.Create(CultureInfo.InvariantCulture,
                $"| Segment → filter map | [segment-filter-map.md](../segment-filter-map.md), [.csv](../segment-filter-map.csv) | {segments.Segments} segments ({segments.Filters} filters, {segments.WithLosses} with something lost) | {(segments.Segments == 0 ? "**empty**: no segment was listed" : "written by the filters phase")} | segment listings and the filters ledger |\n");
        md.Append(segmentState);

        var missing = entries.Where(e => e.NotProvided).ToList();
        md.Append('\n');
        md.Append(missing.Count == 0
            ? "Every inventory this handover reads was provided.\n"
            : $"Not provided by the operator, so empty: {string.Join(", ", missing.Select(e => e.Artifact.Title.ToLowerInvariant()))}. " +
              "Their items in the workflow-rebuild checklist say to get them from the Netmera panel.\n");
        return md.ToString();
    }
}
