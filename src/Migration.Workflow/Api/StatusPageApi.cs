using Migration.Domain.Runs;
using Migration.Storage;

namespace Migration.Workflow.Api;

/// <summary>
/// The run's status page (docs/status-page.md): <c>GET /api/migrations/{id}/page</c>, one self-contained
/// HTML document that reads the status JSON and <c>GET /api/migrations/{id}/series</c> (tokens per budget
/// day, records per minute over time) from the same host. The page ships inside this assembly, so it
/// works on machines with no internet.
/// </summary>
public sealed class StatusPageApi(RunStore runs, CheckpointStore checkpoints, ApiUsageStore usage)
{
    public const string HtmlContentType = "text/html; charset=utf-8";

    /// <summary>Bucket widths the throughput series chooses from: the smallest that keeps it within <see cref="MaxBuckets"/>.</summary>
    private static readonly int[] BucketSeconds = [5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200, 21600, 86400];

    private const int MaxBuckets = 60;

    private static readonly Lazy<string> Html = new(() =>
    {
        using var stream = typeof(StatusPageApi).Assembly.GetManifestResourceStream("Migration.Workflow.Api.status-page.html")
            ?? throw new InvalidOperationException("The status page is not embedded in Migration.Workflow.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    });

    /// <summary><c>GET /api/migrations/{id}/page</c>: the page; it finds its run id and API in its own address.</summary>
    public async Task<ApiResult> PageAsync(string runId, CancellationToken cancellationToken) =>
        await Exists(runId, cancellationToken).ConfigureAwait(false)
            ? ApiResult.Text(Html.Value, HtmlContentType)
            : NotFound(runId, "page");

    /// <summary>
    /// <c>GET /api/migrations/{id}/series</c>: tokens the run spent per budget day, and records accounted
    /// per time bucket and phase, from the checkpoint rows' write times.
    /// </summary>
    public async Task<ApiResult> SeriesAsync(string runId, CancellationToken cancellationToken)
    {
        if (!await Exists(runId, cancellationToken).ConfigureAwait(false))
            return NotFound(runId, "series");
        var days = await usage.RunDailyUsageAsync(runId, cancellationToken).ConfigureAwait(false);
        var timed = await checkpoints.ReadTimedAsync(runId, cancellationToken).ConfigureAwait(false);
        return ApiResult.Ok(new
        {
            runId,
            tokensPerDay = days.Select(d => new { day = d.Day.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture), tokens = d.Tokens, requests = d.Requests }),
            // The record-moving phases only, so the chart adds up to the phases table.
            throughput = Throughput([.. timed.Where(c => Phase.Reconciled.Contains(c.Checkpoint.Phase))]),
        });
    }

    /// <summary>
    /// Records accounted (created + updated + skipped + rejected) per bucket, with empty buckets kept so a
    /// pause (a gate, the daily budget) shows as a drop to zero. A unit's records count at its checkpoint's time.
    /// </summary>
    public static ThroughputSeries Throughput(IReadOnlyList<TimedCheckpoint> checkpoints)
    {
        var timed = checkpoints.Where(c => c.WrittenAt is not null && c.Checkpoint.Counts.Accounted > 0).ToList();
        if (timed.Count == 0)
            return new ThroughputSeries(BucketSeconds[0], []);
        var first = timed.Min(c => c.WrittenAt!.Value);
        var last = timed.Max(c => c.WrittenAt!.Value);
        var span = (last - first).TotalSeconds;
        var width = BucketSeconds.FirstOrDefault(b => span / b < MaxBuckets, BucketSeconds[^1]);

        long Bucket(DateTimeOffset at) => at.ToUnixTimeSeconds() / width;
        var start = Bucket(first);
        var byBucket = timed.GroupBy(c => Bucket(c.WrittenAt!.Value)).ToDictionary(
            g => g.Key,
            g => g.GroupBy(c => c.Checkpoint.Phase).ToDictionary(p => p.Key, p => p.Sum(c => c.Checkpoint.Counts.Accounted), StringComparer.Ordinal));
        var points = new List<ThroughputPoint>();
        for (var b = start; b <= Bucket(last); b++)
        {
            var phases = byBucket.GetValueOrDefault(b) ?? new Dictionary<string, long>(StringComparer.Ordinal);
            var records = phases.Values.Sum();
            points.Add(new ThroughputPoint(DateTimeOffset.FromUnixTimeSeconds(b * width), records, Math.Round(records * 60.0 / width, 1), phases));
        }
        return new ThroughputSeries(width, points);
    }

    private async Task<bool> Exists(string runId, CancellationToken cancellationToken) =>
        RunId.IsValid(runId) && await runs.GetAsync(runId, cancellationToken).ConfigureAwait(false) is not null;

    private static ApiResult NotFound(string runId, string what) =>
        ApiResult.Problem(404, "run-not-found", "No such run", $"No migration run has the id '{runId}'.", $"{MigrationApi.RoutePrefix}/{runId}/{what}");
}

/// <summary>Records accounted over time, in buckets of <see cref="BucketSeconds"/>.</summary>
public sealed record ThroughputSeries(int BucketSeconds, IReadOnlyList<ThroughputPoint> Points);

/// <summary>One bucket: when it starts, records accounted in it (in all and per phase), and that as a per-minute rate.</summary>
public sealed record ThroughputPoint(DateTimeOffset At, long Records, double RecordsPerMinute, IReadOnlyDictionary<string, long> Phases);
