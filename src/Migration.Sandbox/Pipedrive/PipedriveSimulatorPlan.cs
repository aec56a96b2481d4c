namespace Migration.Sandbox;

/// <summary>
/// The current Pipedrive plans as the simulator applies them; each sets burst and daily limits and the plan caps
/// (pipedrive-api.md §9, §10). Named apart from the client's own plan type, which the sandbox must not share, so a
/// test or bench that uses both needs no alias.
/// </summary>
public enum PipedriveSimulatorPlan
{
    Lite,
    Growth,
    Premium,
    Ultimate,
}

/// <summary>The figures each plan stands for.</summary>
internal sealed record PlanLimits(
    int BurstPerWindow,
    int DailyMultiplier,
    int CustomFieldCap,
    int DealsPerSeat)
{
    /// <summary>Daily tokens per seat before the plan multiplier.</summary>
    public const int DailyTokensPerSeat = 30_000;

    /// <summary>The rolling burst window (RL).</summary>
    public static readonly TimeSpan Window = TimeSpan.FromSeconds(2);

    /// <summary>The Search API allows this many requests per window on every plan and auth type (RL).</summary>
    public const int SearchPerWindow = 10;

    /// <summary>OAuth apps get four times the API token burst (RL's table).</summary>
    public const int OAuthBurstFactor = 4;

    /// <summary>Deals (with leads) per company, whatever the seats, except on Enterprise (KB-LIMITS).</summary>
    public const int DealsMaximum = 300_000;

    /// <summary>The 2019 fair-use cap behind <c>x-daily-requests-left</c>: POST/PUT per user per UTC day (CL-POSTPUT).</summary>
    public const int DailyPostPutPerUser = 10_000;

    public static PlanLimits For(PipedriveSimulatorPlan plan) => plan switch
    {
        PipedriveSimulatorPlan.Lite => new(20, 1, 30, 2_500),
        PipedriveSimulatorPlan.Growth => new(40, 2, 100, 5_000),
        PipedriveSimulatorPlan.Premium => new(100, 5, 300, 15_000),
        PipedriveSimulatorPlan.Ultimate => new(120, 7, 500, 20_000),
        _ => throw new ArgumentOutOfRangeException(nameof(plan), plan, null),
    };

    public long DailyBudget(int seats, long topUpTokens) => (long)DailyTokensPerSeat * DailyMultiplier * seats + topUpTokens;

    public int DealCap(int seats) => (int)Math.Min((long)DealsPerSeat * seats, DealsMaximum);
}
