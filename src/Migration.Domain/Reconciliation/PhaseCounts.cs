using Migration.Domain.Ledger;

namespace Migration.Domain.Reconciliation;

/// <summary>
/// Counts of one phase (or one batch of it). The invariant a reconciliation gate checks is
/// <c>Expected = Created + Updated + Skipped + Rejected</c>, exactly.
/// </summary>
public sealed record PhaseCounts(long Expected, long Created, long Updated, long Skipped, long Rejected)
{
    public static PhaseCounts Zero { get; } = new(0, 0, 0, 0, 0);

    public long Accounted => Created + Updated + Skipped + Rejected;

    public bool Balances => Expected == Accounted;

    /// <summary>Expected minus accounted: positive when records went missing, negative when doubled.</summary>
    public long Drift => Expected - Accounted;

    public PhaseCounts Add(PhaseCounts other) => new(
        Expected + other.Expected,
        Created + other.Created,
        Updated + other.Updated,
        Skipped + other.Skipped,
        Rejected + other.Rejected);

    public static PhaseCounts Sum(IEnumerable<PhaseCounts> counts) => counts.Aggregate(Zero, (a, b) => a.Add(b));

    /// <summary>Counts of a batch from its final ledger rows; intents still open count as nothing.</summary>
    public static PhaseCounts FromLedger(long expected, IEnumerable<LedgerEntry> entries)
    {
        long created = 0, updated = 0, skipped = 0, rejected = 0;
        foreach (var entry in entries)
        {
            switch (entry.State)
            {
                case LedgerState.Created: created++; break;
                case LedgerState.Updated: updated++; break;
                case LedgerState.Skipped: skipped++; break;
                case LedgerState.Rejected: rejected++; break;
            }
        }
        return new PhaseCounts(expected, created, updated, skipped, rejected);
    }
}
