using System.Globalization;
using Migration.Domain.Budget;

namespace Migration.Domain.Estimates;

/// <summary>
/// Tokens and time a migration needs, from the counts an operator knows before starting (docs/estimator.md).
/// Every figure is what the run's own code spends at the published token costs: one v2 create per person,
/// organization, deal and activity, a v1 create per filter, the sample read back one person at a time, the
/// verification pass 100 persons a page, and the schema step's reads and creates. Checked against a measured
/// run on the simulator (tests/Migration.Host.Tests/EstimateAccuracyTests).
/// </summary>
public static class MigrationEstimator
{
    /// <summary>Above this many records a run is scoped by a person, not by this rule.</summary>
    public const long ScopeIndividuallyAbove = 2_000_000;

    /// <summary>New custom fields the proposal makes for the simulator's reference dataset (24 person, 1 organization, 18 deal fields).</summary>
    public const int TypicalCustomFields = 43;

    /// <summary>Activity types the proposal provisions for the reference dataset's significant events and touchpoints.</summary>
    public const int TypicalActivityTypes = 8;

    /// <summary>v1 costs (pipedrive-api.md §7.8): a filter create, a read of the person fields (for a filter's field id).</summary>
    public const int FilterCreate = 10, V1FieldsRead = 20;

    /// <summary>Filters written per batch; each batch reads the person fields once.</summary>
    public const int FiltersPerBatch = 100;

    /// <summary>Persons per verification read (v2 <c>GET /persons?ids=</c>, one page).</summary>
    public const int VerificationPage = 100;

    /// <summary>
    /// The schema step's reads, whatever the map: activity types (20), v1 person fields (20), the v2 person,
    /// organization and deal field lists twice each (6 × 10), pipelines (5). 9 requests.
    /// </summary>
    public const int SchemaReads = 105, SchemaReadRequests = 9;

    /// <summary>The campaign pipeline and its four stages (5 each), when there are campaigns.</summary>
    public const int CampaignPipeline = 25, CampaignPipelineRequests = 5;

    /// <summary>Tag labels written onto the v1 person label field (one PUT).</summary>
    public const int Labels = 10;

    /// <summary>A custom field create (v2, 5) and an activity type create (v1, 10).</summary>
    public const int FieldCreate = 5, ActivityTypeCreate = 10;

    public static MigrationEstimate Estimate(SourceCounts counts, EstimateChoices choices, ApiLimits limits)
    {
        ArgumentNullException.ThrowIfNull(counts);
        ArgumentNullException.ThrowIfNull(choices);
        ArgumentNullException.ThrowIfNull(limits);
        var lines = Lines(counts, choices);
        var tokens = lines.Sum(l => l.Tokens);
        var requests = lines.Sum(l => l.Requests);
        var records = lines.Sum(l => l.Records);
        var days = Days(tokens, limits);
        var savings = Savings(counts, choices, limits, tokens);
        var scoped = records > ScopeIndividuallyAbove;
        return new MigrationEstimate(lines, records, requests, tokens, limits.DailyTokens, days, (int)Math.Ceiling(days),
            BurstHours(requests, limits), savings, scoped, Verdict(records, tokens, days, limits, scoped));
    }

    /// <summary>Problems with the input, for a 400 that lists them all.</summary>
    public static IReadOnlyList<string> Validate(SourceCounts counts, EstimateChoices choices, ApiLimits limits)
    {
        ArgumentNullException.ThrowIfNull(counts);
        ArgumentNullException.ThrowIfNull(choices);
        ArgumentNullException.ThrowIfNull(limits);
        var problems = new List<string>();
        if (counts.Users < 0 || counts.Organizations < 0 || counts.Campaigns < 0 || counts.Touchpoints < 0 || counts.Segments < 0)
            problems.Add("counts must not be negative.");
        if (counts.EventsPerUser is < 0 or double.NaN or double.PositiveInfinity)
            problems.Add("counts.eventsPerUser must be a number of at least 0.");
        if (choices.SummarisedEventShare is < 0 or > 1 or double.NaN)
            problems.Add("options.summarisedEventShare must be between 0 and 1.");
        if (choices.VerificationShare is <= 0 or > 1 or double.NaN)
            problems.Add("options.verificationShare must be above 0 and at most 1.");
        if (choices.SampleSize is < 100 or > 500)
            problems.Add("options.sampleSize must be between 100 and 500.");
        if (choices.CustomFields < 0 || choices.ActivityTypes < 0)
            problems.Add("options.customFields and options.activityTypes must not be negative.");
        if (limits.DailyTokens <= 0 || limits.BurstPerWindow <= 0)
            problems.Add("the plan must give a daily budget and a burst above 0.");
        return problems;
    }

    private static List<EstimateLine> Lines(SourceCounts c, EstimateChoices o)
    {
        var events = EventActivities(c, o.SummarisedEventShare);
        var touchpoints = o.Touchpoints ? c.Touchpoints : 0;
        var filters = o.Filters ? c.Segments : 0;
        var filterBatches = Batches(filters, FiltersPerBatch);
        var sampled = Math.Min(o.SampleSize, c.Users);
        var pages = Batches((long)Math.Ceiling(c.Users * o.VerificationShare), VerificationPage);
        var pipeline = c.Campaigns > 0;
        return
        [
            Creates("persons", c.Users),
            Creates("organizations", c.Organizations),
            Creates("event activities", events),
            Creates("campaign deals", c.Campaigns),
            Creates("touchpoint activities", touchpoints),
            new("segment filters", filters, filters + filterBatches, filters * FilterCreate + filterBatches * V1FieldsRead),
            new("sample read-back", 0, sampled, sampled * BatchCost.Read),
            new("verification reads", 0, pages, pages * BatchCost.ListPage),
            new("schema", 0,
                SchemaReadRequests + (pipeline ? CampaignPipelineRequests : 0) + 1 + o.CustomFields + o.ActivityTypes,
                SchemaReads + (pipeline ? CampaignPipeline : 0) + Labels + (long)o.CustomFields * FieldCreate + (long)o.ActivityTypes * ActivityTypeCreate),
        ];
    }

    private static EstimateLine Creates(string item, long records) => new(item, records, records, records * BatchCost.Create);

    private static long EventActivities(SourceCounts c, double summarisedShare) =>
        (long)Math.Round(c.Users * c.EventsPerUser * (1 - summarisedShare));

    private static long Batches(long items, int size) => (items + size - 1) / size;

    /// <summary>
    /// The choices that cut the cost, most first: each is the same estimate with one choice changed. Plan,
    /// seats and top-ups shorten the days but cost the same tokens, so they are not listed here.
    /// </summary>
    private static List<EstimateSaving> Savings(SourceCounts c, EstimateChoices o, ApiLimits limits, long tokens)
    {
        var candidates = new (string Option, string Change, SourceCounts Counts, EstimateChoices Choices)[]
        {
            ("field map: events as summaries", "summarise every event type into person fields (count, first and last seen) instead of one activity per event",
                c, o with { SummarisedEventShare = 1 }),
            ("touchpointStatuses: []", "no touchpoint activities; each campaign deal keeps its delivery totals", c, o with { Touchpoints = false }),
            ("organizations", "no organizations (leave the company attribute unmapped, organizationsFromEmailDomain off)", c with { Organizations = 0 }, o),
            ("segments: \"none\"", "no segment filters; memberships stay in the \"Netmera segments\" person field", c, o with { Filters = false }),
            ("verificationShare: 0.1", "read back every tenth batch instead of every person", c, o with { VerificationShare = Math.Min(o.VerificationShare, 0.1) }),
        };
        return candidates
            .Select(k => (k.Option, k.Change, Saved: tokens - Lines(k.Counts, k.Choices).Sum(l => l.Tokens)))
            .Where(k => k.Saved > 0)
            .OrderByDescending(k => k.Saved)
            .Select(k => new EstimateSaving(k.Option, k.Change, k.Saved, Math.Round(Days(k.Saved, limits), 2)))
            .ToList();
    }

    private static double Days(long tokens, ApiLimits limits) => (double)tokens / limits.DailyTokens;

    /// <summary>Hours of requests at the plan's burst: requests / (burst per 2-second window), with no budget wait.</summary>
    private static double BurstHours(long requests, ApiLimits limits) =>
        requests / (double)limits.BurstPerWindow * 2 / 3600;

    private static string Verdict(long records, long tokens, double days, ApiLimits limits, bool scoped)
    {
        var n = CultureInfo.InvariantCulture;
        if (scoped)
            return string.Format(n, "{0:N0} records is above {1:N0}: scope this run individually (batching by segment, top-ups, a phased load) rather than by this estimate.",
                records, ScopeIndividuallyAbove);
        return days <= 1
            ? string.Format(n, "{0:N0} tokens fit in one day's budget of {1:N0}.", tokens, limits.DailyTokens)
            : string.Format(n, "{0:N0} tokens take {1:0.#} days at {2:N0} a day: the run sleeps through {3} budget resets.",
                tokens, days, limits.DailyTokens, (int)Math.Ceiling(days) - 1);
    }
}
