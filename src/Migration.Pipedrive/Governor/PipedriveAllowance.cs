namespace Migration.Pipedrive;

/// <summary>
/// What one client may use: its share of the burst windows and of the day's tokens. The phase
/// orchestrator hands each parallel activity a share and a <see cref="Lane"/> (its slot among the
/// parallel ones), so workers together never exceed the company's limits (DESIGN §4.4). The lane
/// matters because Pipedrive's window is rolling: a batch that starts in a lane must count the
/// requests the lane's previous batch sent in the last two seconds.
/// </summary>
public sealed record PipedriveAllowance(int BurstPerWindow, int SearchPerWindow, long Tokens, DateTimeOffset BudgetResetsAt, int Lane = PipedriveAllowance.WholeLane)
{
    /// <summary>The lane of a client that has the whole plan to itself.</summary>
    public const int WholeLane = -1;

    /// <summary>The whole plan for one client: for work that runs alone (schema checks, tests).</summary>
    public static PipedriveAllowance Whole(RateLimits limits, long tokensLeft, DateTimeOffset resetsAt) =>
        new(limits.BurstPerWindow, RateLimits.SearchPerWindow, tokensLeft, resetsAt);
}
