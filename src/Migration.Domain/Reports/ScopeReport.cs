using System.Globalization;
using System.Text;
using Migration.Domain.Discovery;
using Migration.Domain.Source;

namespace Migration.Domain.Reports;

/// <summary>
/// What discovery found before anything moved (<c>scope.json</c> and <c>scope.md</c>): the segment and
/// its coverage, the population Netmera knows, EU/EEA users (the GDPR gate), definitions, counts per
/// object, and data-quality findings with sample ids (never emails or names).
/// </summary>
public sealed record ScopeReport
{
    public required string RunId { get; init; }
    public required DateTimeOffset GeneratedAt { get; init; }
    public long? SegmentId { get; init; }
    public required string SegmentName { get; init; }
    public string? SegmentType { get; init; }
    public long SegmentUsers { get; init; }
    public long KnownUsers { get; init; }
    public double Coverage { get; init; }
    public double CoverageThreshold { get; init; }
    public bool CoveragePasses { get; init; }
    public long EuUsers { get; init; }
    public IReadOnlyDictionary<string, long> UsersByCountry { get; init; } = new Dictionary<string, long>();
    public IReadOnlyList<SourceAttributeDefinition> ProfileAttributes { get; init; } = [];
    public IReadOnlyList<SourceEventDefinition> EventDefinitions { get; init; } = [];
    public IReadOnlyDictionary<string, long> Counts { get; init; } = new Dictionary<string, long>();
    public long QualitySampleSize { get; init; }
    public IReadOnlyList<QualityFinding> Quality { get; init; } = [];

    /// <summary>The import folder's files and how each is read (or why not).</summary>
    public IReadOnlyList<ScopeFile> Files { get; init; } = [];

    /// <summary>What this discovery cannot see, so nobody reads absence as "none".</summary>
    public IReadOnlyList<string> NotCovered { get; init; } = [];

    public static IReadOnlyList<QualityFinding> From(DataQualityFindings findings) =>
        findings.All.Select(f => new QualityFinding(f.Code, f.Meaning, f.Count, f.SampleIds.ToList())).ToList();

    public string ToMarkdown()
    {
        var md = new StringBuilder();
        var c = CultureInfo.InvariantCulture;
        md.Append(c, $"# Scope of run {RunId}\n\nGenerated {GeneratedAt:u}.\n\n");
        md.Append(c, $"## Population\n\n| | |\n| --- | --- |\n");
        md.Append(c, $"| segment | {SegmentName} (id {SegmentId}, {SegmentType}) |\n");
        md.Append(c, $"| users in the segment | {SegmentUsers:N0} |\n");
        md.Append(c, $"| users Netmera knows | {KnownUsers:N0} |\n");
        md.Append(c, $"| coverage | {Coverage:P1} (required {CoverageThreshold:P0}: {(CoveragePasses ? "met" : "NOT met, the run stops")}) |\n");
        md.Append(c, $"| EU/EEA users | {EuUsers:N0}{(EuUsers > 0 ? " (extraction waits for the GDPR gate)" : "")} |\n\n");
        if (Counts.Count > 0)
        {
            md.Append("## Objects\n\n| object | count |\n| --- | --- |\n");
            foreach (var (name, count) in Counts.OrderBy(p => p.Key, StringComparer.Ordinal))
                md.Append(c, $"| {name} | {count:N0} |\n");
            md.Append('\n');
        }
        if (Files.Count > 0)
        {
            md.Append("## Import files\n\n| file | read as | note |\n| --- | --- | --- |\n");
            foreach (var f in Files)
                md.Append(c, $"| {f.Name} | {f.Kind} | {f.Reason} |\n");
            md.Append('\n');
        }
        md.Append(c, $"## Data quality (first {QualitySampleSize:N0} members of the segment)\n\n");
        if (Quality.Count == 0)
            md.Append("No findings.\n\n");
        else
        {
            md.Append("| finding | count | sample ids |\n| --- | --- | --- |\n");
            foreach (var f in Quality)
                md.Append(c, $"| {f.Meaning} (`{f.Code}`) | {f.Count:N0} | {string.Join(", ", f.SampleIds)} |\n");
            md.Append('\n');
        }
        md.Append(c, $"## Definitions\n\n{ProfileAttributes.Count} profile attributes ({ProfileAttributes.Count(a => a.IsCustom)} custom), {EventDefinitions.Count} event definitions ({EventDefinitions.Count(e => e.IsCustom)} custom).\n\n");
        md.Append("| attribute | code | type | custom |\n| --- | --- | --- | --- |\n");
        foreach (var a in ProfileAttributes)
            md.Append(c, $"| {a.Name} | `{a.Code}` | {a.DataType}{(a.IsArray ? "[]" : "")} | {(a.IsCustom ? "yes" : "")} |\n");
        if (NotCovered.Count > 0)
        {
            md.Append("\n## Not covered by this discovery\n\n");
            foreach (var line in NotCovered)
                md.Append("- ").Append(line).Append('\n');
        }
        return md.ToString();
    }
}

public sealed record ScopeFile(string Name, string Kind, string? Reason);

public sealed record QualityFinding(string Code, string Meaning, long Count, IReadOnlyList<string> SampleIds);
