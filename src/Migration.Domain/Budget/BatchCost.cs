namespace Migration.Domain.Budget;

/// <summary>
/// What loading one batch may cost in Pipedrive tokens (v2 costs, token-costs.tsv). The load
/// orchestrator starts a batch only when the day has at least <see cref="Expected"/> tokens left, and
/// lets it spend at most <see cref="WorstCase"/> (or what is left, if less).
/// </summary>
public sealed record BatchCost(long Expected, long WorstCase)
{
    /// <summary>A v2 create of a person, organization, deal or activity.</summary>
    public const int Create = 5;

    /// <summary>A v2 item search (an open intent is resolved by searching for the stamped Netmera ID).</summary>
    public const int Search = 20;

    /// <summary>A v2 single read (a search candidate is read to check the stamp).</summary>
    public const int Read = 1;

    /// <summary>A v2 page of a list (an open activity intent is resolved by listing the person's activities).</summary>
    public const int ListPage = 10;

    /// <summary>
    /// Records created once each, nothing in doubt; in the worst case every record is in doubt:
    /// searched, its candidate read, then created.
    /// </summary>
    public static BatchCost Creates(int records) =>
        new((long)records * Create, (long)records * (Search + Read + Create));

    /// <summary>
    /// A batch of activities (events or touchpoints): each created once; in the worst case each is in doubt, and its
    /// person's activities are listed (one page of 500) before it is created. Size it by the batch's most events
    /// (activity batches hold at most 100), since a batch's event count is not known before it is read.
    /// </summary>
    public static BatchCost Activities(int events) =>
        new((long)events * Create, (long)events * (ListPage + Create));

    /// <summary>The tokens to hand a batch: its worst case, or what is left if that is less.</summary>
    public long Allowance(long available) => Math.Max(0, Math.Min(WorstCase, available));
}
