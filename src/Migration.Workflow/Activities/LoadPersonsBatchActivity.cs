using System.Globalization;
using Microsoft.Extensions.Logging;
using Migration.Domain.Ledger;
using Migration.Domain.Persons;
using Migration.Domain.Reconciliation;
using Migration.Domain.Reports;
using Migration.Domain.Runs;
using Migration.Domain.Staging;
using Migration.Pipedrive;
using Migration.Storage;
using Migration.Workflow.Models;

namespace Migration.Workflow.Activities;

/// <summary>
/// Loads one staged batch of users as Pipedrive persons, with every field the approved map gives them,
/// through the id ledger, within the token and
/// burst allowance the orchestrator gave it; records what it spent, its rejects and its checkpoint.
/// When the budget stops it part way it reports the batch unfinished (the ledger keeps what was
/// written) instead of failing. Safe to run any number of times.
/// </summary>
public sealed partial class LoadPersonsBatchActivity(
    PipedriveClientFactory pipedrive, PipedriveSpending spending, IIdLedger ledger, StagingStore staging, RejectStore rejects,
    CheckpointStore checkpoints, MappingStore mappings, RunSchemaStore schemas, ILogger<PersonWriter> writerLog, ILogger<LoadPersonsBatchActivity> log)
    : MigrationActivity<LoadBatchInput, BatchLoadResult>(log)
{
    public const string LedgerObjectType = "person";

    protected override async Task<BatchLoadResult> PerformAsync(LoadBatchInput input, CancellationToken cancellationToken)
    {
        var batchKey = input.BatchNumber.ToString("D6", CultureInfo.InvariantCulture);
        var users = await staging.ReadBatchAsync(input.RunId, StagedBatch.Name(StagedBatch.Persons, input.BatchNumber), cancellationToken).ConfigureAwait(false);
        var map = await PersonWriting.ApprovedMapAsync(mappings, input.RunId, cancellationToken).ConfigureAwait(false);
        var schema = await schemas.GetAsync(input.RunId, cancellationToken).ConfigureAwait(false);
        var outcomes = users.Select(u => PersonMapping.Map(u, map)).ToList();

        var client = pipedrive.Create(input.PipedriveConnection, input.Allowance);
        var writer = new PersonWriter(client, ledger, writerLog);
        PersonBatchResult result;
        try
        {
            var owners = await PersonWriting.OwnersAsync(map, client, input.Options.DefaultOwnerId, cancellationToken).ConfigureAwait(false);
            result = await writer.WriteAsync(PersonWriting.LedgerBatchOf(input.RunId, input.BatchNumber), outcomes, schema, owners, cancellationToken).ConfigureAwait(false);
        }
        catch (PipedriveBudgetExhaustedException e)
        {
            await spending.RecordAsync(input.RunId, client, cancellationToken).ConfigureAwait(false);
            LogStopped(log, input.RunId, batchKey, e.Reason.ToString(), client.Usage.Tokens);
            return new BatchLoadResult(PhaseCounts.Zero, false, client.Usage,
                e.Reason == BudgetExhaustion.ServerRefused ? e.Until : null);
        }
        await spending.RecordAsync(input.RunId, client, cancellationToken).ConfigureAwait(false);

        if (result.Rejected.Count > 0)
        {
            await rejects.AddAsync(input.RunId,
                result.Rejected.Select(r => new RejectedRecord(Phase.LoadPersons, r.SourceId, r.ReasonCode ?? "unknown", r.ReasonDetail ?? "")).ToList(),
                cancellationToken).ConfigureAwait(false);
        }
        await checkpoints.WriteAsync(input.RunId, new BatchCheckpoint(Phase.LoadPersons, batchKey, result.Counts), cancellationToken).ConfigureAwait(false);

        var c = result.Counts;
        LogBatch(log, input.RunId, batchKey, c.Expected, c.Created, c.Updated, c.Skipped, c.Rejected, client.Usage.Tokens);
        return new BatchLoadResult(c, true, client.Usage, null);
    }

    [LoggerMessage(Level = LogLevel.Information,
        Message = "Run {RunId} persons batch {Batch}: expected {Expected}, created {Created}, updated {Updated}, skipped {Skipped}, rejected {Rejected}; {Tokens} tokens")]
    private static partial void LogBatch(ILogger logger, string runId, string batch, long expected, long created, long updated, long skipped, long rejected, long tokens);

    [LoggerMessage(Level = LogLevel.Information, Message = "Run {RunId} persons batch {Batch} paused by the Pipedrive budget ({Reason}) after {Tokens} tokens; it runs again later")]
    private static partial void LogStopped(ILogger logger, string runId, string batch, string reason, long tokens);
}
