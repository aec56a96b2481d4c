using Migration.Domain.Ledger;
using Migration.Domain.Reconciliation;
using Migration.Domain.Reports;
using Migration.Pipedrive;
using Migration.Storage;
using Migration.Workflow.Models;

namespace Migration.Workflow;

/// <summary>
/// What a load batch activity does around its writer, the same for every phase: a write the budget stops part way
/// leaves the batch unfinished (what the client spent is still recorded, and the orchestrator runs it again, after
/// Pipedrive's refusal ends when it refused); a finished write records what it spent, its rejects under the phase
/// and its checkpoint.
/// </summary>
internal static class BatchLoadSteps
{
    /// <summary>The writer's result, or null with <paramref name="unfinished"/> set when the budget stopped it.</summary>
    public static async Task<(T? Written, BatchLoadResult? Unfinished)> WriteAsync<T>(
        PipedriveSpending spending, PipedriveClient client, string runId, Func<Task<T>> write, Action<PipedriveBudgetExhaustedException> stopped,
        CancellationToken cancellationToken)
        where T : class
    {
        try
        {
            return (await write().ConfigureAwait(false), null);
        }
        catch (PipedriveBudgetExhaustedException e)
        {
            await spending.RecordAsync(runId, client, cancellationToken).ConfigureAwait(false);
            stopped(e);
            return (null, new BatchLoadResult(PhaseCounts.Zero, false, client.Usage, e.Reason == BudgetExhaustion.ServerRefused ? e.Until : null));
        }
    }

    public static async Task<BatchLoadResult> FinishAsync(
        PipedriveSpending spending, RejectStore rejects, CheckpointStore checkpoints, PipedriveClient client,
        BatchCheckpoint checkpoint, IReadOnlyList<LedgerEntry> rejected, string runId, CancellationToken cancellationToken)
    {
        await spending.RecordAsync(runId, client, cancellationToken).ConfigureAwait(false);
        if (rejected.Count > 0)
        {
            await rejects.AddAsync(runId,
                rejected.Select(r => new RejectedRecord(checkpoint.Phase, r.SourceId, r.ReasonCode ?? "unknown", r.ReasonDetail ?? "")).ToList(),
                cancellationToken).ConfigureAwait(false);
        }
        await checkpoints.WriteAsync(runId, checkpoint, cancellationToken).ConfigureAwait(false);
        MigrationTelemetry.RecordBatch(checkpoint);
        return new BatchLoadResult(checkpoint.Counts, true, client.Usage, null);
    }
}
