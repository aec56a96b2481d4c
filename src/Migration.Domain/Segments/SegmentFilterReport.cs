using System.Globalization;
using System.Text;
using Migration.Domain.Reports;

namespace Migration.Domain.Segments;

/// <summary>What the filters phase did with one moved segment (from the ledger): the filter, or why there is none.</summary>
public sealed record SegmentFilterOutcome(long SegmentId, long? FilterId, string FilterName, string State, string? Reason);

/// <summary>
/// The segment → filter map (<c>reports/segment-filter-map.md</c> and <c>.csv</c>): every Netmera segment
/// the run listed, the filter it became (id and name), how many members were read and how many of them
/// are persons in Pipedrive, and what was lost. It is the handover for the person who rebuilds the
/// segments' rules as Pipedrive filter conditions by hand.
/// </summary>
public static class SegmentFilterReport
{
    public const string MarkdownPath = "reports/segment-filter-map.md";
    public const string CsvPath = "reports/segment-filter-map.csv";

    /// <summary>What is lost for every segment, whatever its kind.</summary>
    public const string DefinitionLoss =
        "Netmera's REST API lists a segment's members but not its rule, so each filter is a snapshot of membership at extraction: " +
        "it tests the \"Netmera segments\" field, which nothing updates. Rebuild the rule as filter conditions on the migrated fields where Pipedrive has them.";

    /// <param name="membersMoved">Persons in Pipedrive carrying each option (segment name), or null when not counted.</param>
    public static (string Markdown, string Csv) Build(
        string runId, DateTimeOffset generatedAt, StagedSegments segments, IReadOnlyList<SegmentFilterOutcome> filters,
        IReadOnlyDictionary<string, long>? membersMoved)
    {
        ArgumentNullException.ThrowIfNull(segments);
        ArgumentNullException.ThrowIfNull(filters);
        var byId = filters.ToDictionary(f => f.SegmentId);
        var rows = segments.Segments.Select(s => Row(s, byId.GetValueOrDefault(s.Id), membersMoved)).ToList();

        var csv = new StringBuilder();
        csv.AppendRow("segment_id", "segment_name", "type", "netmera_user_count", "moves", "filter_id", "filter_name", "filter_state",
            "members_read", "members_without_id", "members_in_pipedrive", "members_not_migrated", "lossy");
        foreach (var r in rows)
        {
            csv.AppendRow(N(r.Segment.Id), r.Segment.Name, r.Segment.Type, N(r.Segment.UserCount), r.Segment.Moves ? "yes" : "no",
                N(r.Filter?.FilterId), r.Filter?.FilterName, r.Filter?.State, N(r.Segment.MembersRead), N(r.Segment.MembersWithoutId),
                N(r.InPipedrive), N(r.NotMigrated), string.Join("; ", r.Losses));
        }

        var md = new StringBuilder();
        md.Append(CultureInfo.InvariantCulture, $"# Segment → filter map, run {runId}\n\n");
        md.Append(CultureInfo.InvariantCulture, $"Generated {generatedAt:yyyy-MM-dd HH:mm} UTC. ");
        md.Append(CultureInfo.InvariantCulture,
            $"{segments.Segments.Count} segments listed, {rows.Count(r => r.Filter?.FilterId is not null)} became filters, {rows.Count(r => r.Losses.Count > 0)} with something lost.\n\n");
        md.Append("**What no filter carries.** ").Append(DefinitionLoss).Append("\n\n");
        md.Append("| Segment | Type | Filter | Members read | In Pipedrive | Lost |\n|---|---|---|---:|---:|---|\n");
        foreach (var r in rows)
        {
            var filter = r.Filter switch
            {
                { FilterId: { } id } f => $"{Cell(f.FilterName)} (id {N(id)})",
                { } f => $"none: {Cell(f.Reason ?? f.State)}",
                null when r.Segment.Moves => "not written yet",
                null => "none",
            };
            md.Append(CultureInfo.InvariantCulture,
                $"| {Cell(r.Segment.Name)} ({N(r.Segment.Id)}) | {Cell(r.Segment.Type ?? "")} | {filter} | {(r.Segment.Moves ? N(r.Segment.MembersRead) : "")} | {N(r.InPipedrive)} | {Cell(string.Join("; ", r.Losses))} |\n");
        }
        return (md.ToString(), csv.ToString());
    }

    private sealed record ReportRow(StagedSegment Segment, SegmentFilterOutcome? Filter, long? InPipedrive, long? NotMigrated, IReadOnlyList<string> Losses);

    private static ReportRow Row(StagedSegment segment, SegmentFilterOutcome? filter, IReadOnlyDictionary<string, long>? membersMoved)
    {
        long? inPipedrive = segment.Moves && membersMoved is not null ? membersMoved.GetValueOrDefault(segment.Option) : null;
        long? notMigrated = inPipedrive is { } moved ? Math.Max(0, segment.MembersRead - moved) : null;
        var losses = new List<string>();
        if (segment.SkipReason is { } skip)
            losses.Add("not moved: " + skip);
        if (segment.Lossy is { } lossy)
            losses.Add(lossy);
        if (segment.Moves)
            losses.Add("rule not readable through REST: the filter is a membership snapshot");
        if (segment.MembersWithoutId > 0)
            losses.Add($"{N(segment.MembersWithoutId)} members without an external id");
        if (notMigrated > 0)
            losses.Add($"{N(notMigrated)} members are not persons in Pipedrive (rejected, excluded, merged or outside the migrated population)");
        if (filter is { FilterId: null })
            losses.Add($"no filter: {filter.Reason ?? filter.State}");
        return new ReportRow(segment, filter, inPipedrive, notMigrated, losses);
    }

    private static string N(long? value) => value?.ToString(CultureInfo.InvariantCulture) ?? "";

    private static string Cell(string text) => text.Replace("|", "\\|", StringComparison.Ordinal).Replace('\n', ' ').Replace('\r', ' ');
}
