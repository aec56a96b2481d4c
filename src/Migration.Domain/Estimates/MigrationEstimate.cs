namespace Migration.Domain.Estimates;

/// <summary>
/// What an operator knows before a run starts: counts read from Netmera's panel (or a run's scope
/// report). Totals where Netmera reports totals, per user where it reports rates.
/// </summary>
public sealed record SourceCounts
{
    /// <summary>Users in scope after duplicates are merged: each becomes one person.</summary>
    public long Users { get; init; }

    /// <summary>Organizations the users name (a company attribute, or business email domains when enabled).</summary>
    public long Organizations { get; init; }

    /// <summary>Events in the event export per user, every type together.</summary>
    public double EventsPerUser { get; init; }

    /// <summary>Campaigns (notification keys) with delivery data: one deal each.</summary>
    public long Campaigns { get; init; }

    /// <summary>Engaged (campaign, person) pairs: one touchpoint activity each.</summary>
    public long Touchpoints { get; init; }

    /// <summary>Segments moved as person filters (the full-population segment excluded).</summary>
    public long Segments { get; init; }
}

/// <summary>The run's choices that change what a user costs (the field map's and <c>RunOptions</c>').</summary>
public sealed record EstimateChoices
{
    /// <summary>The share of events whose types the map summarises into person fields instead of one activity each (0–1).</summary>
    public double SummarisedEventShare { get; init; }

    /// <summary>Whether engaged deliveries become touchpoint activities (<c>touchpointStatuses</c> not empty).</summary>
    public bool Touchpoints { get; init; } = true;

    /// <summary>Whether segments move as filters (the run's <c>segments</c> not "none").</summary>
    public bool Filters { get; init; } = true;

    /// <summary>The share of loaded persons read back by the verification pass (<c>verificationShare</c>).</summary>
    public double VerificationShare { get; init; } = 1.0;

    /// <summary>Persons the sample migration writes and reads back (<c>sampleSize</c>).</summary>
    public int SampleSize { get; init; } = 100;

    /// <summary>New custom fields the map provisions (person, organization and deal fields together).</summary>
    public int CustomFields { get; init; } = MigrationEstimator.TypicalCustomFields;

    /// <summary>Event types that stay activities: one activity type each is provisioned.</summary>
    public int ActivityTypes { get; init; } = MigrationEstimator.TypicalActivityTypes;
}

/// <summary>The Pipedrive company's API limits: its day's tokens and its burst per 2-second window.</summary>
public sealed record ApiLimits(long DailyTokens, int BurstPerWindow);

/// <summary>One line of the estimate: an object kind, how many records it writes, its requests and tokens.</summary>
public sealed record EstimateLine(string Item, long Records, long Requests, long Tokens);

/// <summary>A choice that makes the run cheaper, and by how much.</summary>
public sealed record EstimateSaving(string Option, string Change, long TokensSaved, double DaysSaved);

/// <summary>
/// Tokens and time a run needs: per object kind, in total, in days at the daily budget and in hours at
/// the burst limit, the choices that would cut it most, and whether it is too large to estimate by rule.
/// </summary>
public sealed record MigrationEstimate(
    IReadOnlyList<EstimateLine> Lines,
    long Records,
    long Requests,
    long Tokens,
    long DailyTokens,
    double Days,
    int BudgetDays,
    double BurstHours,
    IReadOnlyList<EstimateSaving> Savings,
    bool ScopeIndividually,
    string Verdict);
