using Migration.Domain.Reconciliation;
using Migration.Storage;
using Migration.Workflow.Api;

namespace Migration.Workflow.Tests;

/// <summary>
/// The status page's throughput series: every record a finished unit accounted lands in the bucket of its
/// checkpoint's write time, a pause shows as empty buckets, and a long run gets wider buckets, not more points.
/// </summary>
public class ThroughputSeriesTests
{
    private static readonly DateTimeOffset Start = new(2026, 11, 2, 9, 0, 0, TimeSpan.Zero);

    private static TimedCheckpoint Unit(string phase, int n, long created, long rejected, TimeSpan after) =>
        new(new BatchCheckpoint(phase, $"batch-{n}", new PhaseCounts(created + rejected, created, 0, 0, rejected)), Start + after);

    [Fact]
    public void Records_add_up_per_bucket_and_phase_and_a_pause_shows_as_empty_buckets()
    {
        var series = StatusPageApi.Throughput(
        [
            Unit("extract", 0, 100, 0, TimeSpan.FromSeconds(1)),
            Unit("extract", 1, 98, 2, TimeSpan.FromSeconds(3)),
            Unit("load-persons", 0, 90, 10, TimeSpan.FromSeconds(21)), // 15 s with nothing finished in between
        ]);

        Assert.Equal(5, series.BucketSeconds);
        Assert.Equal([200L, 0, 0, 0, 100], series.Points.Select(p => p.Records));
        Assert.Equal(2400, series.Points[0].RecordsPerMinute);
        Assert.Equal(200, series.Points[0].Phases["extract"]);
        Assert.Equal(100, series.Points[^1].Phases["load-persons"]);
        Assert.Equal(300, series.Points.Sum(p => p.Records));
    }

    [Fact]
    public void A_day_long_run_is_bucketed_within_sixty_points()
    {
        var units = Enumerable.Range(0, 24 * 12).Select(i => Unit("load-persons", i, 100, 0, TimeSpan.FromMinutes(5 * i))).ToList();
        var series = StatusPageApi.Throughput(units);

        Assert.InRange(series.Points.Count, 2, 60);
        Assert.Equal(1800, series.BucketSeconds);
        Assert.Equal(units.Count * 100L, series.Points.Sum(p => p.Records));
    }

    [Fact]
    public void Nothing_finished_is_an_empty_series() =>
        Assert.Empty(StatusPageApi.Throughput([Unit("extract", 0, 0, 0, TimeSpan.Zero)]).Points);
}
