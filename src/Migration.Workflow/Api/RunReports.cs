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

    public static IReadOnlyList<RunReport> All { get; } = [Scope, ScopeMarkdown, Reconciliation, .. Phase.Reconciled.Select(Rejects), SkippedAtExtract];

    public static RunReport? Find(string name) => All.FirstOrDefault(r => string.Equals(r.Name, name, StringComparison.OrdinalIgnoreCase));
}

public sealed record RunReport(string Name, string Path, string ContentType);
