using System.Globalization;
using Microsoft.Extensions.Logging;
using Migration.Domain.Ledger;
using Migration.Domain.Reconciliation;
using Migration.Domain.Reports;
using Migration.Domain.Runs;
using Migration.Pipedrive;
using Migration.Storage;
using Migration.Workflow.Models;

namespace Migration.Workflow.Activities;

/// <summary>
/// Loads one staged batch of organizations into Pipedrive through the id ledger (partition: the organization
/// batch), within the token and burst allowance the orchestrator gave it; every organization gets the run's
/// default owner when one is set. Records what it spent, its rejects and its checkpoint. When the budget stops it
/// part way it reports the batch unfinished (the ledger keeps what was written) instead of failing. Organizations
/// the sample already wrote are final in the ledger and counted, not written again. Safe to run any number of times.
/// </summary>
public sealed partial class LoadOrganizationsBatchActivity(
    PipedriveClientFactory pipedrive, PipedriveSpending spending, IIdLedger ledger, StagingStore staging, RejectStore rejects,
    CheckpointStore checkpoints, RunSchemaStore schemas, ILogger<OrganizationWriter> writerLog, BatchLeaseStore leases, ILogger<LoadOrganizationsBatchActivity> log)
    : LoadBatchActivity(leases, log)
{
    protected override async Task<BatchLoadResult> LoadAsync(LoadBatchInput input, CancellationToken cancellationToken)
    {
        var batchKey = input.BatchNumber.ToString("D6", CultureInfo.InvariantCulture);
        var organizations = await new OrganizationStaging(staging).ReadBatchAsync(input.RunId, input.BatchNumber, cancellationToken).ConfigureAwait(false);
        var schema = await schemas.GetAsync(input.RunId, cancellationToken).ConfigureAwait(false);

        var client = pipedrive.Create(input.PipedriveConnection, input.Allowance);
        var (result, unfinished) = await BatchLoadSteps.WriteAsync(spending, client, input.RunId,
            () => new OrganizationWriter(client, ledger, writerLog).WriteAsync(
                OrganizationDirectory.LedgerBatchOf(input.RunId, input.BatchNumber), organizations, schema, input.Options.DefaultOwnerId, cancellationToken),
            e => LogStopped(log, input.RunId, batchKey, e.Reason.ToString(), client.Usage.Tokens), cancellationToken).ConfigureAwait(false);
        if (result is null)
            return unfinished!;

        var c = result.Counts;
        LogBatch(log, input.RunId, batchKey, c.Expected, c.Created, c.Rejected, client.Usage.Tokens);
        return await BatchLoadSteps.FinishAsync(spending, rejects, checkpoints, client, new BatchCheckpoint(Phase.LoadOrganizations, batchKey, c), result.Rejected,
            input.RunId, cancellationToken).ConfigureAwait(false);
    }

    [LoggerMessage(Level = LogLevel.Information,
        Message = "Run {RunId} organizations batch {Batch}: expected {Expected}, created {Created}, rejected {Rejected}; {Tokens} tokens")]
    private static partial void LogBatch(ILogger logger, string runId, string batch, long expected, long created, long rejected, long tokens);

    [LoggerMessage(Level = LogLevel.Information, Message = "Run {RunId} organizations batch {Batch} paused by the Pipedrive budget ({Reason}) after {Tokens} tokens; it runs again later")]
    private static partial void LogStopped(ILogger logger, string runId, string batch, string reason, long tokens);
}
