using Migration.Domain.Handover;
using Migration.Domain.Runs;

namespace Migration.Workflow.Api;

/// <summary>
/// The artifacts a run publishes through <c>GET /api/migrations/{id}/reports/{name}</c>, with where
/// each lives under the run's blob prefix (DESIGN §5).
/// </summary>
public static class RunReports
{
    public static RunReport Scope { get; } = new("scope.json", "scope.json", "application/json");

    public static RunReport ScopeMarkdown { get; } = new("scope.md", "scope.md", "text/markdown; charset=utf-8");

    public static RunReport Reconciliation { get; } = new("reconciliation.json", "reports/reconciliation.json", "application/json");

    public static RunReport Rejects(string phase) => new($"rejects-{phase}.csv", $"rejects/{phase}.csv", "text/csv; charset=utf-8");

    /// <summary>Users extraction set aside on purpose: merged duplicates and users a gate excluded.</summary>
    public static RunReport SkippedAtExtract { get; } = new("skipped-extract.csv", "reports/skipped-extract.csv", "text/csv; charset=utf-8");

    /// <summary>Export-file rows routing set aside (no migrated person, event not moved), one row per file unit and reason with the count.</summary>
    public static RunReport SkippedAtRouting { get; } = new("skipped-route.csv", "reports/skipped-route.csv", "text/csv; charset=utf-8");

    /// <summary>Values the persons load left out of persons it wrote, one row per person: which fields and why.</summary>
    public static RunReport ValuesDropped { get; } = new("values-dropped.csv", "reports/values-dropped.csv", "text/csv; charset=utf-8");

    /// <summary>The sample migration's field-by-field comparison: summary per field, and one row per value compared.</summary>
    public static RunReport SampleVerification { get; } = new("sample-verification.md", "reports/sample-verification.md", "text/markdown; charset=utf-8");

    public static RunReport SampleVerificationCsv { get; } = new("sample-verification.csv", "reports/sample-verification.csv", "text/csv; charset=utf-8");

    public static RunReport SampleVerificationJson { get; } = new("sample-verification.json", "reports/sample-verification.json", "application/json");

    /// <summary>The verification pass over the load: per field tallies, and every mismatched value.</summary>
    public static RunReport Verification { get; } = new("verification-persons.md", "reports/verification-persons.md", "text/markdown; charset=utf-8");

    public static RunReport VerificationCsv { get; } = new("verification-persons.csv", "reports/verification-persons.csv", "text/csv; charset=utf-8");

    public static RunReport VerificationJson { get; } = new("verification-persons.json", "reports/verification-persons.json", "application/json");

    /// <summary>The schema provisioned for the approved map: every field key and option id, and what the run created.</summary>
    public static RunReport Schema { get; } = new("schema.json", "schema.json", "application/json");

    /// <summary>Each moved segment's filter, members moved, and what could not move (the handover for rebuilding rules).</summary>
    public static RunReport SegmentFilterMap { get; } = new("segment-filter-map.md", "reports/segment-filter-map.md", "text/markdown; charset=utf-8");

    public static RunReport SegmentFilterMapCsv { get; } = new("segment-filter-map.csv", "reports/segment-filter-map.csv", "text/csv; charset=utf-8");

    /// <summary>What the run's rollbacks did: per object type deleted, already gone, restored, kept (and why), failed.</summary>
    public static RunReport Rollback { get; } = new("rollback.md", "reports/rollback.md", "text/markdown; charset=utf-8");

    /// <summary>Every object a rollback looked at: <c>object_type,source_id,pipedrive_id,outcome,detail</c>.</summary>
    public static RunReport RollbackCsv { get; } = new("rollback.csv", "reports/rollback.csv", "text/csv; charset=utf-8");

    /// <summary>The handover's index (<c>reports/handover/README.md</c>): every inventory with its count, and why an empty one is empty.</summary>
    public static RunReport Handover { get; } = new(HandoverArtifact.IndexName, HandoverArtifact.IndexPath, "text/markdown; charset=utf-8");

    /// <summary>Each handover inventory as Markdown and CSV (docs/handover.md).</summary>
    public static IReadOnlyList<RunReport> HandoverArtifacts { get; } =
    [
        .. HandoverArtifact.All.SelectMany(a => new[]
        {
            new RunReport(a.MarkdownName, a.MarkdownPath, "text/markdown; charset=utf-8"),
            new RunReport(a.CsvName, a.CsvPath, "text/csv; charset=utf-8"),
        }),
    ];

    public static IReadOnlyList<RunReport> All { get; } =
    [
        Scope, ScopeMarkdown, Schema, SampleVerification, SampleVerificationCsv, SampleVerificationJson,
        Verification, VerificationCsv, VerificationJson, SegmentFilterMap, SegmentFilterMapCsv, Reconciliation,
        .. Phase.Reconciled.Select(Rejects), SkippedAtExtract, SkippedAtRouting, ValuesDropped, Rollback, RollbackCsv, Handover, .. HandoverArtifacts,
    ];

    /// <summary>A delta sync's report (<c>md</c>) or its per-person rows (<c>csv</c>).</summary>
    public static RunReport Delta(int sync, string extension) => new(
        $"delta-{sync.ToString("D4", System.Globalization.CultureInfo.InvariantCulture)}.{extension}",
        $"reports/delta-{sync.ToString("D4", System.Globalization.CultureInfo.InvariantCulture)}.{extension}",
        extension == "csv" ? "text/csv; charset=utf-8" : "text/markdown; charset=utf-8");

    public static RunReport? Find(string name) => All.FirstOrDefault(r => string.Equals(r.Name, name, StringComparison.OrdinalIgnoreCase)) ?? DeltaReport(name);

    private static RunReport? DeltaReport(string name) =>
        System.Text.RegularExpressions.Regex.Match(name, "^delta-([0-9]{4})\\.(md|csv)$") is { Success: true } m
            ? Delta(int.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture), m.Groups[2].Value)
            : null;
}

public sealed record RunReport(string Name, string Path, string ContentType);
