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

    /// <summary>
    /// The burst limit Pipedrive reports for this company in <c>x-ratelimit-limit</c>, when it is not the plan's
    /// (a negotiated contract, or a sandbox without limits). Null: the plan's figure.
    /// </summary>
    public int? BurstPerWindowOverride { get; init; }

    /// <summary>Requests per rolling 2-second window per token; OAuth apps get four times as many.</summary>
    public int BurstPerWindow => BurstPerWindowOverride ?? PlanBurstPerWindow;

    private int PlanBurstPerWindow => (Plan switch
    {
        PipedrivePlan.Lite => 20,
        PipedrivePlan.Growth => 40,
        PipedrivePlan.Professional => 80,
        PipedrivePlan.Premium => 100,
        PipedrivePlan.Ultimate => 120,
        _ => 20,
    }) * (OAuth ? 4 : 1);

    /// <summary>
    /// The most this tool may spend in one budget day, when the company's budget is shared with other
    /// integrations that must keep working during a migration that lasts days. Null: the whole budget.
    /// </summary>
    public long? DailyTokenCap { get; init; }

    /// <summary>30,000 × plan multiplier × seats + purchased top-ups.</summary>
    public long CompanyDailyTokens => TokensPerSeat * Multiplier * Seats + TopUpTokens;

    /// <summary>What this tool may spend per budget day: the company's budget, or the configured cap when smaller.</summary>
    public long DailyTokens => DailyTokenCap is { } cap ? Math.Min(cap, CompanyDailyTokens) : CompanyDailyTokens;

    /// <summary>The budget day <paramref name="now"/> falls in, in the server's time zone.</summary>
    public DateOnly BudgetDay(DateTimeOffset now) => DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(now, BudgetTimeZone).DateTime);

    /// <summary>The next midnight in the server's time zone: when a spent budget comes back.</summary>
    public DateTimeOffset NextReset(DateTimeOffset now)
    {
        var local = TimeZoneInfo.ConvertTime(now, BudgetTimeZone);
        var midnight = local.Date.AddDays(1);
        return new DateTimeOffset(midnight, BudgetTimeZone.GetUtcOffset(midnight)).ToUniversalTime();
    }

    /// <summary>
    /// Reads the zone whose midnight resets the budget: an IANA name ("Europe/Dublin"), or a fixed offset
    /// ("UTC+05:30", "UTC-03:00") for an operator who measured when the budget comes back; Pipedrive names none.
    /// </summary>
    public static TimeZoneInfo ParseBudgetTimeZone(string value)
    {
        var text = value.Trim();
        if (text.StartsWith("UTC", StringComparison.OrdinalIgnoreCase) && text.Length > 3 && text[3] is '+' or '-')
        {
            var sign = text[3] == '-' ? -1 : 1;
            if (!TimeSpan.TryParseExact(text[4..], [@"hh\:mm", "hh"], System.Globalization.CultureInfo.InvariantCulture, out var offset)
                || offset > TimeSpan.FromHours(14))
                throw new ArgumentException($"'{value}' is not a UTC offset such as UTC+05:30 (at most 14 hours).");
            return TimeZoneInfo.CreateCustomTimeZone(text.ToUpperInvariant(), sign * offset, text.ToUpperInvariant(), text.ToUpperInvariant());
        }
        return TimeZoneInfo.FindSystemTimeZoneById(text);
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
