using Migration.Domain.Estimates;

namespace Migration.Domain.Tests.Estimates;

/// <summary>The estimator against figures worked by hand from the token costs (docs/estimator.md).</summary>
public sealed class MigrationEstimatorTests
{
    private static readonly ApiLimits Ultimate = new(210_000, 120); // 30,000 × 7 × 1 seat
    private static readonly ApiLimits Lite = new(30_000, 20);

    private static readonly SourceCounts Shop = new()
    {
        Users = 1_000, Organizations = 50, EventsPerUser = 10, Campaigns = 10, Touchpoints = 400, Segments = 3,
    };

    private static readonly EstimateChoices BrowsingSummarised = new() { SummarisedEventShare = 0.8 };

    [Fact]
    public void Each_object_costs_its_creates_and_the_run_its_reads_and_schema()
    {
        var estimate = MigrationEstimator.Estimate(Shop, BrowsingSummarised, Ultimate);
        var tokens = estimate.Lines.ToDictionary(l => l.Item, l => l.Tokens);

        Assert.Equal(5_000, tokens["persons"]);                // 1,000 × 5
        Assert.Equal(250, tokens["organizations"]);            // 50 × 5
        Assert.Equal(10_000, tokens["event activities"]);      // 1,000 × 10 events × (1 − 0.8) = 2,000 × 5
        Assert.Equal(50, tokens["campaign deals"]);            // 10 × 5
        Assert.Equal(2_000, tokens["touchpoint activities"]);  // 400 × 5
        Assert.Equal(50, tokens["segment filters"]);           // 3 × 10 + one person-fields read (20)
        Assert.Equal(100, tokens["sample read-back"]);         // 100 persons × 1
        Assert.Equal(100, tokens["verification reads"]);       // 10 pages of 100 × 10
        Assert.Equal(435, tokens["schema"]);                   // reads 105 + pipeline 25 + labels 10 + 43 fields × 5 + 8 types × 10
        Assert.Equal(17_985, estimate.Tokens);
        Assert.Equal(3_640, estimate.Requests);                // 1,000 + 50 + 2,000 + 10 + 400 + 4 + 100 + 10 + 66
        Assert.Equal(3_463, estimate.Records);                 // persons, organizations, activities, deals, filters
    }

    [Fact]
    public void Days_are_tokens_over_the_daily_budget_and_hours_are_requests_at_the_burst()
    {
        var estimate = MigrationEstimator.Estimate(Shop, BrowsingSummarised, Ultimate);

        Assert.Equal(17_985 / 210_000.0, estimate.Days, 6);
        Assert.Equal(1, estimate.BudgetDays);
        Assert.Equal(3_640 / 120.0 * 2 / 3600, estimate.BurstHours, 6); // 60.7 s of requests
        Assert.False(estimate.ScopeIndividually);
        Assert.Contains("fit in one day", estimate.Verdict, StringComparison.Ordinal);
    }

    [Fact]
    public void A_run_larger_than_a_day_sleeps_through_resets()
    {
        // 10,000 persons on Lite: 50,000 + sample 100 + verification 100 pages × 10 + schema without campaigns 410.
        var estimate = MigrationEstimator.Estimate(new SourceCounts { Users = 10_000 }, new EstimateChoices(), Lite);

        Assert.Equal(51_510, estimate.Tokens);
        Assert.Equal(51_510 / 30_000.0, estimate.Days, 6);
        Assert.Equal(2, estimate.BudgetDays);
        Assert.Contains("1 budget resets", estimate.Verdict, StringComparison.Ordinal);
    }

    [Fact]
    public void The_options_that_cut_most_come_first_with_their_saving()
    {
        var savings = MigrationEstimator.Estimate(Shop, BrowsingSummarised, Ultimate).Savings;

        Assert.Equal(["field map: events as summaries", "touchpointStatuses: []", "organizations", "verificationShare: 0.1", "segments: \"none\""],
            savings.Select(s => s.Option));
        Assert.Equal([10_000L, 2_000, 250, 90, 50], savings.Select(s => s.TokensSaved)); // verification: 10 pages → 1
        Assert.Equal(Math.Round(10_000 / 210_000.0, 2), savings[0].DaysSaved);
    }

    [Fact]
    public void A_choice_already_taken_is_not_offered()
    {
        var savings = MigrationEstimator.Estimate(Shop with { Organizations = 0 },
            new EstimateChoices { SummarisedEventShare = 1, Touchpoints = false, VerificationShare = 0.1 }, Ultimate).Savings;

        Assert.Equal(["segments: \"none\""], savings.Select(s => s.Option));
    }

    [Fact]
    public void Above_two_million_records_the_run_is_scoped_individually()
    {
        Assert.False(MigrationEstimator.Estimate(new SourceCounts { Users = 2_000_000 }, new EstimateChoices(), Ultimate).ScopeIndividually);

        var large = MigrationEstimator.Estimate(new SourceCounts { Users = 1_500_000, EventsPerUser = 1 }, new EstimateChoices(), Ultimate);
        Assert.Equal(3_000_000, large.Records);
        Assert.True(large.ScopeIndividually);
        Assert.Contains("scope this run individually", large.Verdict, StringComparison.Ordinal);
    }

    [Fact]
    public void Impossible_inputs_are_listed()
    {
        var problems = MigrationEstimator.Validate(new SourceCounts { Users = -1, EventsPerUser = double.NaN },
            new EstimateChoices { SummarisedEventShare = 2, VerificationShare = 0, SampleSize = 50 }, new ApiLimits(0, 0));

        Assert.Equal(6, problems.Count);
    }
}
