using System.Text.Json;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Logging;
using Migration.Domain.Rollback;
using Migration.Domain.Runs;
using Migration.Storage;
using Migration.Workflow.Models;
using Migration.Workflow.Orchestrators;

namespace Migration.Workflow.Api;

/// <summary>Body of <c>POST /api/migrations/{id}/rollback</c>; an empty body undoes the whole run, not forced.</summary>
public sealed record RollbackRequest
{
    /// <summary>List what would be undone and what it costs; write nothing.</summary>
    public bool Preview { get; init; }

    /// <summary>Undo records edited in Pipedrive after the run too (kept and reported otherwise).</summary>
    public bool Force { get; init; }

    /// <summary>The phases to undo (load-activities, load-touchpoints, load-campaigns, load-persons, load-organizations, load-filters, schema); all when absent.</summary>
    public IReadOnlyList<string>? Phases { get; init; }
}

/// <summary>
/// <c>POST /api/migrations/{id}/rollback</c> (preview or start) and the rollback part of a run's status. A rollback
/// runs as its own orchestration, <c>{runId}:rollback</c>, while the run itself is not running.
/// </summary>
public sealed partial class RollbackApi(RunStore runs, RunRollbackState state, PipedriveSpending spending, ILogger<RollbackApi> log)
{
    public async Task<ApiResult> RollbackAsync(DurableTaskClient client, string runId, Stream body, CancellationToken cancellationToken)
    {
        var instance = $"{MigrationApi.RoutePrefix}/{runId}/rollback";
        var run = RunId.IsValid(runId) ? await runs.GetAsync(runId, cancellationToken).ConfigureAwait(false) : null;
        if (run is null)
            return ApiResult.Problem(404, "run-not-found", "No such run", $"No migration run has the id '{runId}'.", $"{MigrationApi.RoutePrefix}/{runId}");

        RollbackRequest request;
        try
        {
            using var reader = new StreamReader(body);
            var text = await reader.ReadToEndAsync(cancellationToken).ConfigureAwait(false);
            request = string.IsNullOrWhiteSpace(text) ? new RollbackRequest() : JsonSerializer.Deserialize<RollbackRequest>(text, ApiJson.Strict) ?? new RollbackRequest();
        }
        catch (JsonException e)
        {
            return ApiResult.Problem(400, "invalid-request", "The rollback request is not valid", e.Message, instance);
        }
        var phases = request.Phases?.Distinct(StringComparer.Ordinal).ToList() ?? [];
        var (steps, unknown) = RollbackScope.Resolve(phases);
        if (unknown.Count > 0)
            return ApiResult.Problem(400, "invalid-request", "The rollback request is not valid",
                $"Not phases a rollback undoes: {string.Join(", ", unknown)}. Phases: {string.Join(", ", RollbackScope.Steps.Select(s => s.Phase))}.", instance);

        if (request.Preview)
        {
            var lines = await state.PreviewAsync(runId, steps, request.Force, cancellationToken).ConfigureAwait(false);
            var day = await spending.ViewAsync(run.Plan.PipedriveConnection, cancellationToken).ConfigureAwait(false);
            var tokens = lines.Sum(l => l.Tokens);
            return ApiResult.Ok(new
            {
                runId,
                preview = true,
                force = request.Force,
                phases = steps.Select(s => s.Phase),
                objects = lines,
                tokens,
                budget = new { dailyTokens = day.DailyTokens, left = day.Left, resetsAt = day.ResetsAt, fitsToday = tokens <= day.Left },
                note = "Records edited in Pipedrive after the run are found when the rollback reads them; unless forced they are kept and reported.",
            });
        }

        // Undoing while the run still writes would race it: the run must have stopped (completed, failed, terminated).
        var migration = await client.GetInstanceAsync(runId, cancellationToken).ConfigureAwait(false);
        if (migration?.RuntimeStatus is OrchestrationRuntimeStatus.Running or OrchestrationRuntimeStatus.Pending or OrchestrationRuntimeStatus.Suspended)
            return ApiResult.Problem(409, "run-active", "The run is still active",
                $"Run '{runId}' is {migration.RuntimeStatus}. Let it finish, reject it at its gate, or terminate it, then roll back.", instance);
        var rollbackId = RollbackOrchestrator.InstanceId(runId);
        var existing = await client.GetInstanceAsync(rollbackId, cancellationToken).ConfigureAwait(false);
        if (existing?.RuntimeStatus is OrchestrationRuntimeStatus.Running or OrchestrationRuntimeStatus.Pending or OrchestrationRuntimeStatus.Suspended)
            return ApiResult.Problem(409, "rollback-running", "A rollback of this run is under way",
                $"Run '{runId}' is being rolled back; follow it at {MigrationApi.RoutePrefix}/{runId}.", instance);

        var input = new RollbackInput(run.Plan, steps.Count == RollbackScope.Steps.Count ? [] : steps.Select(s => s.Phase).ToList(), request.Force);
        await client.ScheduleNewOrchestrationInstanceAsync(nameof(RollbackOrchestrator), input, new StartOrchestrationOptions(rollbackId), cancellationToken).ConfigureAwait(false);
        LogStarted(log, runId, input.Phases.Count == 0 ? "all" : string.Join(",", input.Phases), request.Force);
        var location = $"{MigrationApi.RoutePrefix}/{runId}";
        return ApiResult.Accepted(new { runId, rollback = new { instanceId = rollbackId, phases = steps.Select(s => s.Phase), force = request.Force }, statusUrl = location }, location);
    }

    /// <summary>The <c>rollback</c> member of a run's status: null when the run was never rolled back.</summary>
    public static async Task<object?> StatusAsync(DurableTaskClient client, string runId, CancellationToken cancellationToken)
    {
        var instance = await client.GetInstanceAsync(RollbackOrchestrator.InstanceId(runId), getInputsAndOutputs: true, cancellationToken).ConfigureAwait(false);
        if (instance is null)
            return null;
        var progress = instance.SerializedCustomStatus is { Length: > 0 } ? instance.ReadCustomStatusAs<RunProgress>() : null;
        var phaseInstance = progress?.Phase is { } phase && phase != RollbackOrchestrator.Phase && phase != RollbackOrchestrator.Completed
            ? await client.GetInstanceAsync(RunId.PhaseInstance(runId, phase), getInputsAndOutputs: true, cancellationToken).ConfigureAwait(false)
            : null;
        var phaseProgress = phaseInstance?.SerializedCustomStatus is { Length: > 0 } ? phaseInstance.ReadCustomStatusAs<RunProgress>() : null;
        var input = instance.SerializedInput is { Length: > 0 } ? instance.ReadInputAs<RollbackInput>() : null;
        var summary = instance.RuntimeStatus == OrchestrationRuntimeStatus.Completed ? instance.ReadOutputAs<RollbackSummary>() : null;
        return new
        {
            runtimeStatus = instance.RuntimeStatus.ToString(),
            phase = progress?.Phase,
            phases = input is null ? null : input.Phases.Count == 0 ? RollbackScope.Steps.Select(s => s.Phase).ToList() : input.Phases,
            force = input?.Force,
            createdAt = instance.CreatedAt,
            lastUpdatedAt = instance.LastUpdatedAt,
            progress = phaseProgress?.Progress,
            waitingForBudgetUntil = phaseProgress?.WaitingForBudgetUntil,
            objects = summary?.Objects.Select(t => new
            {
                objectType = t.ObjectType,
                deleted = t.Deleted,
                alreadyGone = t.AlreadyGone,
                restored = t.Restored,
                keptEdited = t.KeptEdited,
                kept = t.Kept,
                failed = t.Failed,
            }),
            remaining = summary?.Remaining,
            failure = instance.RuntimeStatus is OrchestrationRuntimeStatus.Failed or OrchestrationRuntimeStatus.Terminated
                ? new { phase = progress?.Phase, message = progress?.Failure ?? instance.FailureDetails?.ErrorMessage ?? "the engine recorded no reason",
                    resume = "Fix the cause, then POST the same rollback request again: it goes on where it stopped." }
                : null,
            reports = new[] { RunReports.Rollback.Name, RunReports.RollbackCsv.Name }.Select(n => $"{MigrationApi.RoutePrefix}/{runId}/reports/{n}"),
        };
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Run {RunId}: rollback started for {Phases} (force {Force})")]
    private static partial void LogStarted(ILogger logger, string runId, string phases, bool force);
}
