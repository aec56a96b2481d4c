namespace Migration.Pipedrive;

/// <summary>
/// What one client may use: its share of the burst windows and of the day's tokens. The phase
/// orchestrator hands each parallel activity a share, so workers together never exceed the company's
/// limits (DESIGN §4.4).
/// </summary>
public sealed record PipedriveAllowance(int BurstPerWindow, int SearchPerWindow, long Tokens, DateTimeOffset BudgetResetsAt)
{
    /// <summary>The whole plan for one client: for work that runs alone (schema checks, tests).</summary>
    public static PipedriveAllowance Whole(RateLimits limits, long tokensLeft, DateTimeOffset resetsAt) =>
        new(limits.BurstPerWindow, RateLimits.SearchPerWindow, tokensLeft, resetsAt);
}
