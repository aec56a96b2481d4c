using Migration.Domain.Runs;

namespace Migration.Workflow.Api;

/// <summary>
/// The artifacts a run publishes through <c>GET /api/migrations/{id}/reports/{name}</c>, with where
/// each lives under the run's blob prefix (DESIGN §5).
/// </summary>
public static class RunReports
{
    public static RunReport Scope { get; } = new("scope.json", "scope.json", "application/json");

    public static RunReport Reconciliation { get; } = new("reconciliation.json", "reports/reconciliation.json", "application/json");

    public static RunReport Rejects(string phase) => new($"rejects-{phase}.csv", $"rejects/{phase}.csv", "text/csv; charset=utf-8");

    public static IReadOnlyList<RunReport> All { get; } = [Scope, Reconciliation, .. Phase.Reconciled.Select(Rejects)];

    public static RunReport? Find(string name) => All.FirstOrDefault(r => string.Equals(r.Name, name, StringComparison.OrdinalIgnoreCase));
}

public sealed record RunReport(string Name, string Path, string ContentType);
