namespace Migration.Pipedrive;

/// <summary>
/// Pipedrive plans and what they allow through the API (pipedrive-api.md §10). Older plan names map
/// onto their successors; Professional (an older plan) keeps its own figures.
/// </summary>
public enum PipedrivePlan
{
    Lite,
    Growth,
    Professional,
    Premium,
    Ultimate,
}

/// <summary>
/// What a plan lets a company keep (pipedrive-api.md §9, KB-LIMITS). Custom fields count per company, across
/// person, organization, deal (and product) fields, API-created ones included; going over answers 403 with a
/// <c>code</c>. Older plans: Essential 30, Advanced 100, Professional 300, Power 500, Enterprise unlimited;
/// <see cref="RateLimits.ParsePlan"/> reads Enterprise as Ultimate, so the cautious 500 applies to it.
/// </summary>
public static class PlanCaps
{
    public static int CustomFields(PipedrivePlan plan) => plan switch
    {
        PipedrivePlan.Lite => 30,
        PipedrivePlan.Growth => 100,
        PipedrivePlan.Professional => 300,
        PipedrivePlan.Premium => 300,
        PipedrivePlan.Ultimate => 500,
        _ => 30,
    };
}

/// <summary>The API limits of one company's plan, seats and top-ups, for one kind of credential.</summary>
public sealed record RateLimits
{
    /// <summary>Burst limits are counted over a rolling window of this length.</summary>
    public static readonly TimeSpan Window = TimeSpan.FromSeconds(2);

    /// <summary>
    /// Added to the window the governor counts: Pipedrive counts arrivals, we count departures, and a
    /// request delayed a few milliseconds on the way must not land inside the next request's window.
    /// Costs about 3 % of the burst rate.
    /// </summary>
    public static readonly TimeSpan TransitMargin = TimeSpan.FromMilliseconds(60);

    /// <summary>Search endpoints allow this many requests per window on every plan and credential.</summary>
    public const int SearchPerWindow = 10;

    /// <summary>Tokens per seat per day before the plan multiplier.</summary>
    public const long TokensPerSeat = 30_000;

    public required PipedrivePlan Plan { get; init; }
    public int Seats { get; init; } = 1;
    public long TopUpTokens { get; init; }
    public bool OAuth { get; init; }

    /// <summary>The server's time zone, whose midnight resets the daily budget (Pipedrive does not name it).</summary>
    public TimeZoneInfo BudgetTimeZone { get; init; } = TimeZoneInfo.Utc;

    public int Multiplier => Plan switch
    {
        PipedrivePlan.Lite => 1,
        PipedrivePlan.Growth => 2,
        PipedrivePlan.Professional => 3,
        PipedrivePlan.Premium => 5,
        PipedrivePlan.Ultimate => 7,
        _ => 1,
    };

    /// <summary>Requests per rolling 2-second window per token; OAuth apps get four times as many.</summary>
    public int BurstPerWindow => (Plan switch
    {
        PipedrivePlan.Lite => 20,
        PipedrivePlan.Growth => 40,
        PipedrivePlan.Professional => 80,
        PipedrivePlan.Premium => 100,
        PipedrivePlan.Ultimate => 120,
        _ => 20,
    }) * (OAuth ? 4 : 1);

    /// <summary>30,000 × plan multiplier × seats + purchased top-ups.</summary>
    public long DailyTokens => TokensPerSeat * Multiplier * Seats + TopUpTokens;

    /// <summary>The budget day <paramref name="now"/> falls in, in the server's time zone.</summary>
    public DateOnly BudgetDay(DateTimeOffset now) => DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(now, BudgetTimeZone).DateTime);

    /// <summary>The next midnight in the server's time zone: when a spent budget comes back.</summary>
    public DateTimeOffset NextReset(DateTimeOffset now)
    {
        var local = TimeZoneInfo.ConvertTime(now, BudgetTimeZone);
        var midnight = local.Date.AddDays(1);
        return new DateTimeOffset(midnight, BudgetTimeZone.GetUtcOffset(midnight)).ToUniversalTime();
    }

    /// <summary>Parses a plan name, old names included (Essential, Advanced, Power, Enterprise).</summary>
    public static PipedrivePlan ParsePlan(string name) => name.Trim().ToLowerInvariant() switch
    {
        "lite" or "essential" => PipedrivePlan.Lite,
        "growth" or "advanced" => PipedrivePlan.Growth,
        "professional" => PipedrivePlan.Professional,
        "premium" or "power" => PipedrivePlan.Premium,
        "ultimate" or "enterprise" => PipedrivePlan.Ultimate,
        _ => throw new ArgumentException($"'{name}' is not a Pipedrive plan (Lite, Growth, Professional, Premium, Ultimate).", nameof(name)),
    };
}
