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
    CheckpointStore checkpoints, MappingStore mappings, RunSchemaStore schemas, ILogger<PersonWriter> writerLog, BatchLeaseStore leases, ILogger<LoadPersonsBatchActivity> log)
    : LoadBatchActivity(leases, log)
{
    public const string LedgerObjectType = "person";

    protected override async Task<BatchLoadResult> LoadAsync(LoadBatchInput input, CancellationToken cancellationToken)
    {
        var batchKey = input.BatchNumber.ToString("D6", CultureInfo.InvariantCulture);
        var users = await PersonWriting.ReadPersonBatchAsync(staging, input.RunId, input.BatchNumber, cancellationToken).ConfigureAwait(false);
        var map = await PersonWriting.ApprovedMapAsync(mappings, input.RunId, cancellationToken).ConfigureAwait(false);
        var schema = await schemas.GetAsync(input.RunId, cancellationToken).ConfigureAwait(false);
        var outcomes = users.Select(u => PersonMapping.Map(u, map)).ToList();

        var client = pipedrive.Create(input.PipedriveConnection, input.Allowance);
        var writer = new PersonWriter(client, ledger, writerLog);
        var (result, unfinished) = await BatchLoadSteps.WriteAsync(spending, client, input.RunId, async () =>
        {
            var owners = await PersonWriting.OwnersAsync(map, client, input.Options.DefaultOwnerId, cancellationToken).ConfigureAwait(false);
            var organizations = await PersonWriting.OrganizationsAsync(staging, ledger, input.RunId, outcomes, cancellationToken).ConfigureAwait(false);
            return await writer.WriteAsync(PersonWriting.LedgerBatchOf(input.RunId, input.BatchNumber), outcomes, schema, owners, organizations, cancellationToken).ConfigureAwait(false);
        }, e => LogStopped(log, input.RunId, batchKey, e.Reason.ToString(), client.Usage.Tokens), cancellationToken).ConfigureAwait(false);
        if (result is null)
            return unfinished!;

        // Persons that moved without some of their values: the values and why, so nothing is lost silently.
        var dropped = users.Zip(outcomes)
            .Where(p => p.Second.Person is not null && p.Second.Dropped.Count > 0)
            .Select(p => new RejectedRecord(Phase.ValuesDropped, p.First.ExtId, "value_dropped",
                string.Join("; ", p.Second.Dropped.Select(d => $"{d.SourceId}: {d.Reason}"))))
            .ToList();
        if (dropped.Count > 0)
            await rejects.AddAsync(input.RunId, dropped, cancellationToken).ConfigureAwait(false);

        var c = result.Counts;
        LogBatch(log, input.RunId, batchKey, c.Expected, c.Created, c.Updated, c.Skipped, c.Rejected, client.Usage.Tokens);
        return await BatchLoadSteps.FinishAsync(spending, rejects, checkpoints, client, new BatchCheckpoint(Phase.LoadPersons, batchKey, c), result.Rejected,
            input.RunId, cancellationToken).ConfigureAwait(false);
    }

    [LoggerMessage(Level = LogLevel.Information,
        Message = "Run {RunId} persons batch {Batch}: expected {Expected}, created {Created}, updated {Updated}, skipped {Skipped}, rejected {Rejected}; {Tokens} tokens")]
    private static partial void LogBatch(ILogger logger, string runId, string batch, long expected, long created, long updated, long skipped, long rejected, long tokens);

    [LoggerMessage(Level = LogLevel.Information, Message = "Run {RunId} persons batch {Batch} paused by the Pipedrive budget ({Reason}) after {Tokens} tokens; it runs again later")]
    private static partial void LogStopped(ILogger logger, string runId, string batch, string reason, long tokens);
}
