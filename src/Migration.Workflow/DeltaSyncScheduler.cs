using System.Text.Json;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Logging;
using Migration.Domain.Cutover;
using Migration.Domain.Gates;
using Migration.Domain.Runs;
using Migration.Storage;
using Migration.Workflow.Models;
using Migration.Workflow.Orchestrators;

namespace Migration.Workflow;

/// <summary>What asking for a sync did: started (or restarted) sync <see cref="Sync"/>, or found it still running, or found no open cutover.</summary>
public sealed record DeltaStart(string Outcome, int Sync)
{
    public const string Started = "started";
    public const string Running = "running";
    public const string NotOpen = "not-open";
}

/// <summary>
/// Starts delta syncs: the timer (a BackgroundService on the local host, a TimerTrigger in Azure) asks for every due
/// cutover, an operator for one run now. A run has at most one sync at a time: the next number is claimed in the
/// cutover row (replaced only if unchanged) before its orchestration is scheduled, and a sync that did not finish
/// (failed, terminated, or never scheduled) runs again under its own number before a later one.
/// </summary>
public sealed partial class DeltaSyncScheduler(
    CutoverStore cutovers, RunStore runs, CheckpointStore checkpoints, GateStore gates, TimeProvider time, ILogger<DeltaSyncScheduler> log)
{
    /// <summary>Starts a sync for every open cutover that is due; returns how many started.</summary>
    public async Task<int> StartDueAsync(DurableTaskClient client, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(client);
        var started = 0;
        var now = time.GetUtcNow();
        foreach (var cutover in await cutovers.ListOpenAsync(cancellationToken).ConfigureAwait(false))
        {
            if (!cutover.IsDue(now))
                continue;
            if ((await StartAsync(client, cutover.RunId, cancellationToken).ConfigureAwait(false)).Outcome == DeltaStart.Started)
                started++;
        }
        return started;
    }

    public async Task<DeltaStart> StartAsync(DurableTaskClient client, string runId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(client);
        var cutover = await cutovers.GetAsync(runId, cancellationToken).ConfigureAwait(false);
        if (cutover is not { State: CutoverRecord.Open })
            return new DeltaStart(DeltaStart.NotOpen, cutover?.LastStarted ?? 0);

        var last = cutover.LastStarted;
        var sync = last + 1;
        if (last > (cutover.Watermark?.Sync ?? 0))
        {
            var instance = await client.GetInstanceAsync(DeltaStaging.InstanceId(runId, last), cancellationToken).ConfigureAwait(false);
            if (instance?.RuntimeStatus is OrchestrationRuntimeStatus.Running or OrchestrationRuntimeStatus.Pending or OrchestrationRuntimeStatus.Suspended)
                return new DeltaStart(DeltaStart.Running, last);
            if (instance?.RuntimeStatus is not OrchestrationRuntimeStatus.Completed)
                sync = last; // failed, terminated or never scheduled: the same sync again, its ledger rows make it safe
        }
        if (sync != last)
        {
            var claimed = await cutovers.UpdateAsync(runId, c => c.LastStarted == last ? c with { LastStarted = sync } : null, cancellationToken).ConfigureAwait(false);
            if (claimed?.LastStarted != sync)
                return new DeltaStart(DeltaStart.Running, claimed?.LastStarted ?? last);
        }

        var state = await StateAsync(runId, sync, cancellationToken).ConfigureAwait(false);
        try
        {
            await client.ScheduleNewOrchestrationInstanceAsync(nameof(DeltaSyncOrchestrator), state,
                new StartOrchestrationOptions(DeltaStaging.InstanceId(runId, sync)), cancellationToken).ConfigureAwait(false);
        }
        catch (InvalidOperationException)
        {
            // Another scheduler started the same sync between our read and our start.
            return new DeltaStart(DeltaStart.Running, sync);
        }
        LogStarted(log, runId, sync);
        return new DeltaStart(DeltaStart.Started, sync);
    }

    private async Task<DeltaSyncState> StateAsync(string runId, int sync, CancellationToken cancellationToken)
    {
        var run = await runs.GetAsync(runId, cancellationToken).ConfigureAwait(false)
            ?? throw new InvalidOperationException($"Run {runId} has a cutover but no run record.");
        var results = await checkpoints.ReadPhaseResultsAsync(runId, cancellationToken).ConfigureAwait(false);
        var staged = results.TryGetValue(Phase.Extract, out var json) ? JsonSerializer.Deserialize<ExtractResult>(json)!.BatchCount : 0;
        var gdpr = await gates.GetAsync(runId, Gate.Gdpr, cancellationToken).ConfigureAwait(false);
        return new DeltaSyncState(run.Plan, sync, staged, gdpr?.Decision == Gate.ExcludeEu);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Run {RunId}: delta sync {Sync} started")]
    private static partial void LogStarted(ILogger logger, string runId, int sync);
}
