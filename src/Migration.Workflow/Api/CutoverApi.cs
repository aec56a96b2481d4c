using System.Text.Json;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Logging;
using Migration.Domain.Cutover;
using Migration.Domain.Runs;
using Migration.Storage;

namespace Migration.Workflow.Api;

/// <summary>Body of <c>POST /api/migrations/{id}/cutover</c>.</summary>
public sealed record CutoverRequest
{
    /// <summary>Who declares Netmera's writes frozen.</summary>
    public string? DeclaredBy { get; init; }

    /// <summary>When the window ends: no sync starts after it.</summary>
    public DateTimeOffset? WindowEnd { get; init; }

    /// <summary>Minutes between syncs (the timer starts one when the last finished this long ago); 60 when absent.</summary>
    public int? IntervalMinutes { get; init; }

    /// <summary>Delete persons whose users left the segment, instead of labelling them; false when absent.</summary>
    public bool? DeleteGone { get; init; }
}

/// <summary>Body of <c>POST /api/migrations/{id}/cutover/complete</c>.</summary>
public sealed record CutoverCompleteRequest
{
    public string? CompletedBy { get; init; }
}

/// <summary>The cutover routes (docs/cutover.md, docs/http-api.md), written once for both hosts.</summary>
public sealed partial class CutoverApi(RunStore runs, CutoverStore cutovers, DeltaSyncScheduler scheduler, TimeProvider time, ILogger<CutoverApi> log)
{
    public const int DefaultIntervalMinutes = 60;

    /// <summary><c>POST …/cutover</c>: a completed run enters cutover. 202; 409 when the run is not completed, has no segment, or is in cutover already.</summary>
    public async Task<ApiResult> DeclareAsync(DurableTaskClient client, string runId, Stream body, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(client);
        var location = Location(runId);
        if (!RunId.IsValid(runId) || await runs.GetAsync(runId, cancellationToken).ConfigureAwait(false) is not { } run)
            return NotFound(runId);
        CutoverRequest? request;
        try
        {
            request = await JsonSerializer.DeserializeAsync<CutoverRequest>(body, ApiJson.Strict, cancellationToken).ConfigureAwait(false);
        }
        catch (JsonException e)
        {
            return ApiResult.Problem(400, "invalid-request", "The cutover request is not valid JSON", e.Message, location);
        }
        var now = time.GetUtcNow();
        var problems = new List<string>();
        if (string.IsNullOrWhiteSpace(request?.DeclaredBy))
            problems.Add("declaredBy is required: the person declaring Netmera's writes frozen.");
        if (request?.WindowEnd is not { } windowEnd || windowEnd <= now)
            problems.Add("windowEnd is required and must be in the future: when the cutover window closes.");
        if (request?.IntervalMinutes is < 1 or > 10_080)
            problems.Add("intervalMinutes must be between 1 and 10080 (a week).");
        if (problems.Count > 0)
            return ApiResult.Problem(400, "invalid-request", "The cutover request is not valid", string.Join(" ", problems), location, problems);

        var instance = await client.GetInstanceAsync(runId, cancellationToken).ConfigureAwait(false);
        if (instance?.RuntimeStatus is not OrchestrationRuntimeStatus.Completed)
            return ApiResult.Problem(409, "run-not-completed", "The run is not completed",
                $"Run '{runId}' is {instance?.RuntimeStatus.ToString() ?? "not started"}; cutover starts after the migration completed.", location);
        if (run.Plan.SegmentId is null)
            return ApiResult.Problem(409, "no-segment", "The run has no segment to re-read",
                $"Run '{runId}' took its users from export files; delta sync re-reads a segment through REST and has nothing to compare.", location);

        var cutover = new CutoverRecord(runId, CutoverRecord.Open, request!.DeclaredBy!.Trim(), now, request.WindowEnd!.Value,
            request.IntervalMinutes ?? DefaultIntervalMinutes, request.DeleteGone ?? false);
        if (!await cutovers.TryAddAsync(cutover, cancellationToken).ConfigureAwait(false))
            return ApiResult.Problem(409, "cutover-exists", "The run is in cutover already",
                $"Run '{runId}' entered cutover before; GET {MigrationApi.RoutePrefix}/{runId} shows it.", location);
        LogDeclared(log, runId, cutover.IntervalMinutes, cutover.DeleteGone);
        return ApiResult.Accepted(View(cutover, null), location);
    }

    /// <summary><c>POST …/cutover/sync</c>: a sync now (202 with its number), 409 when one is running or the cutover is not open.</summary>
    public async Task<ApiResult> SyncAsync(DurableTaskClient client, string runId, CancellationToken cancellationToken)
    {
        if (!RunId.IsValid(runId) || await runs.GetAsync(runId, cancellationToken).ConfigureAwait(false) is null)
            return NotFound(runId);
        var start = await scheduler.StartAsync(client, runId, cancellationToken).ConfigureAwait(false);
        return start.Outcome switch
        {
            DeltaStart.Started => ApiResult.Accepted(new { runId, sync = start.Sync, statusUrl = $"{MigrationApi.RoutePrefix}/{runId}" }, $"{MigrationApi.RoutePrefix}/{runId}"),
            DeltaStart.Running => ApiResult.Problem(409, "sync-running", "A delta sync is running",
                $"Sync {start.Sync} of run '{runId}' has not finished; a run has one sync at a time.", Location(runId) + "/sync"),
            _ => ApiResult.Problem(409, "cutover-not-open", "The run is not in an open cutover",
                $"POST {Location(runId)} first (or the cutover was completed).", Location(runId) + "/sync"),
        };
    }

    /// <summary><c>POST …/cutover/complete</c>: ends the window; no sync starts after it (one running finishes).</summary>
    public async Task<ApiResult> CompleteAsync(string runId, Stream body, CancellationToken cancellationToken)
    {
        var location = Location(runId) + "/complete";
        if (!RunId.IsValid(runId) || await runs.GetAsync(runId, cancellationToken).ConfigureAwait(false) is null)
            return NotFound(runId);
        CutoverCompleteRequest? request;
        try
        {
            request = await JsonSerializer.DeserializeAsync<CutoverCompleteRequest>(body, ApiJson.Strict, cancellationToken).ConfigureAwait(false);
        }
        catch (JsonException e)
        {
            return ApiResult.Problem(400, "invalid-request", "The request is not valid JSON", e.Message, location);
        }
        if (string.IsNullOrWhiteSpace(request?.CompletedBy))
            return ApiResult.Problem(400, "invalid-request", "The request is not valid", "completedBy is required: the person ending the cutover.", location);
        var now = time.GetUtcNow();
        var done = await cutovers.UpdateAsync(runId, c => c.State == CutoverRecord.Open
            ? c with { State = CutoverRecord.Completed, CompletedAt = now, CompletedBy = request.CompletedBy.Trim() }
            : null, cancellationToken).ConfigureAwait(false);
        if (done is null)
            return ApiResult.Problem(409, "cutover-not-open", "The run is not in cutover", $"POST {Location(runId)} first.", location);
        if (done.CompletedAt != now)
            return ApiResult.Problem(409, "cutover-completed", "The cutover was completed already",
                $"{done.CompletedBy} completed it at {done.CompletedAt:u}.", location);
        LogCompleted(log, runId, done.Watermark?.Sync ?? 0);
        return ApiResult.Ok(View(done, null));
    }

    /// <summary>The cutover as the status endpoint shows it, with the newest sync's engine state; null when the run has none.</summary>
    public async Task<object?> StatusAsync(DurableTaskClient client, string runId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(client);
        if (await cutovers.GetAsync(runId, cancellationToken).ConfigureAwait(false) is not { } cutover)
            return null;
        var latest = cutover.LastStarted > 0
            ? await client.GetInstanceAsync(DeltaStaging.InstanceId(runId, cutover.LastStarted), cancellationToken).ConfigureAwait(false)
            : null;
        return View(cutover, latest);
    }

    private static object View(CutoverRecord c, OrchestrationMetadata? latest) => new
    {
        state = c.State,
        declaredBy = c.DeclaredBy,
        frozenAt = c.FrozenAt,
        windowEnd = c.WindowEnd,
        intervalMinutes = c.IntervalMinutes,
        deleteGone = c.DeleteGone,
        watermark = c.Watermark,
        latestSync = c.LastStarted == 0 ? null : new
        {
            sync = c.LastStarted,
            runtimeStatus = latest?.RuntimeStatus.ToString() ?? "Pending",
            report = c.Watermark?.Sync == c.LastStarted ? $"{MigrationApi.RoutePrefix}/{c.RunId}/reports/{RunReports.Delta(c.LastStarted, "md").Name}" : null,
        },
        completedAt = c.CompletedAt,
        completedBy = c.CompletedBy,
    };

    private static string Location(string runId) => $"{MigrationApi.RoutePrefix}/{runId}/cutover";

    private static ApiResult NotFound(string runId) =>
        ApiResult.Problem(404, "run-not-found", "No such run", $"No migration run has the id '{runId}'.", $"{MigrationApi.RoutePrefix}/{runId}");

    [LoggerMessage(Level = LogLevel.Information, Message = "Run {RunId} entered cutover: a sync every {Interval} minutes, deleteGone {DeleteGone}")]
    private static partial void LogDeclared(ILogger logger, string runId, int interval, bool deleteGone);

    [LoggerMessage(Level = LogLevel.Information, Message = "Run {RunId}: cutover completed after sync {Sync}")]
    private static partial void LogCompleted(ILogger logger, string runId, int sync);
}
