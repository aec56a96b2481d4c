namespace Migration.Domain.Budget;

/// <summary>
/// What loading one batch of persons may cost in Pipedrive tokens (v2 costs, token-costs.tsv): a
/// create is 5; a record whose earlier write is in doubt needs a search (20) and a read of each
/// candidate (1) first. The orchestrator starts a batch only when the day has at least
/// <see cref="Expected"/> tokens left, and lets it spend at most <see cref="WorstCase"/>.
/// </summary>
public static class PersonBatchCost
{
    public const int Create = 5;
    public const int Search = 20;
    public const int Read = 1;

    /// <summary>Every record created once, nothing in doubt.</summary>
    public static long Expected(int batchSize) => (long)batchSize * Create;

    /// <summary>Every record in doubt: searched, its candidate read, then created.</summary>
    public static long WorstCase(int batchSize) => (long)batchSize * (Search + Read + Create);

    /// <summary>The tokens to hand a batch: its worst case, or what is left if that is less.</summary>
    public static long Allowance(int batchSize, long available) => Math.Max(0, Math.Min(WorstCase(batchSize), available));
}
