namespace Migration.Domain.Reconciliation;

/// <summary>
/// A finished phase at its reconciliation gate: whether it balances exactly, what share of its records
/// it rejected against the run's tolerance, and the commonest reasons, for the person who decides.
/// </summary>
public sealed record PhaseCheck(string Phase, PhaseCounts Counts, double Tolerance, IReadOnlyList<ReasonCount> TopReasons)
{
    public double RejectShare => Counts.Expected == 0 ? 0 : (double)Counts.Rejected / Counts.Expected;

    /// <summary>Rejects above the tolerance hold the run until a person accepts them.</summary>
    public bool NeedsApproval => RejectShare > Tolerance;

    public string Question =>
        $"{Phase}: {Counts.Rejected:N0} of {Counts.Expected:N0} records rejected ({RejectShare:P1}), above the run's tolerance of {Tolerance:P1}" +
        (TopReasons.Count > 0 ? $"; reasons: {string.Join(", ", TopReasons.Select(r => $"{r.Code} {r.Count:N0}"))}" : "") +
        $". Read reports/rejects-{Phase}.csv, then approve to go on or reject to stop the run.";
}

public sealed record ReasonCount(string Code, long Count);
