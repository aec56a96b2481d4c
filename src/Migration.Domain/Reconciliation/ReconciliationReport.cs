namespace Migration.Domain.Reconciliation;

/// <summary>The run's reconciliation report (<c>reports/reconciliation.json</c>).</summary>
public sealed record ReconciliationReport(string RunId, DateTimeOffset GeneratedAt, IReadOnlyList<PhaseReconciliation> Phases)
{
    public bool Balances => Phases.All(p => p.Balances);

    public static ReconciliationReport Build(string runId, DateTimeOffset generatedAt, IEnumerable<(string Phase, PhaseCounts Counts)> phases) =>
        new(runId, generatedAt, phases.Select(p => PhaseReconciliation.From(p.Phase, p.Counts)).ToList());
}

public sealed record PhaseReconciliation(
    string Phase, long Expected, long Created, long Updated, long Skipped, long Rejected, bool Balances, long Drift)
{
    public static PhaseReconciliation From(string phase, PhaseCounts c) =>
        new(phase, c.Expected, c.Created, c.Updated, c.Skipped, c.Rejected, c.Balances, c.Drift);
}
