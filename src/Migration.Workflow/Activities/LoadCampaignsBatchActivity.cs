using System.Globalization;
using Microsoft.Extensions.Logging;
using Migration.Domain.Campaigns;
using Migration.Domain.Ledger;
using Migration.Domain.Reconciliation;
using Migration.Domain.Runs;
using Migration.Domain.Source;
using Migration.Pipedrive;
using Migration.Storage;
using Migration.Workflow.Models;

namespace Migration.Workflow.Activities;

/// <summary>
/// Loads one staged batch of campaigns as deals in the campaign pipeline, with what the approved map's campaign
/// lines give them, through the deal ledger and within the allowance the orchestrator gave it; records what it
/// spent, its rejects and its checkpoint. When the budget stops it part way it reports the batch unfinished (the
/// ledger keeps what was written) instead of failing. Safe to run any number of times.
/// </summary>
public sealed partial class LoadCampaignsBatchActivity(
    PipedriveClientFactory pipedrive, PipedriveSpending spending, IIdLedger ledger, StagingStore staging, RejectStore rejects,
    CheckpointStore checkpoints, MappingStore mappings, RunSchemaStore schemas, ILogger<DealWriter> writerLog, BatchLeaseStore leases, ILogger<LoadCampaignsBatchActivity> log)
    : LoadBatchActivity(leases, log)
{
    protected override async Task<BatchLoadResult> LoadAsync(LoadBatchInput input, CancellationToken cancellationToken)
    {
        var batchKey = input.BatchNumber.ToString("D6", CultureInfo.InvariantCulture);
        var campaigns = await staging.ReadLinesAsync<SourceCampaign>(input.RunId, CampaignStaging.BatchName(input.BatchNumber), cancellationToken, missingIsEmpty: false)
            .ConfigureAwait(false);
        var map = await PersonWriting.ApprovedMapAsync(mappings, input.RunId, cancellationToken).ConfigureAwait(false);
        var schema = await schemas.GetAsync(input.RunId, cancellationToken).ConfigureAwait(false);
        var outcomes = campaigns.Select(c => CampaignMapping.Map(c, map)).ToList();

        var client = pipedrive.Create(input.PipedriveConnection, input.Allowance);
        var writer = new DealWriter(client, ledger, writerLog);
        var (result, unfinished) = await BatchLoadSteps.WriteAsync(spending, client, input.RunId,
            () => writer.WriteAsync(CampaignStaging.DealLedgerOf(input.RunId, input.BatchNumber), outcomes.Select(o => o.Deal).ToList(), schema, cancellationToken),
            e => LogStopped(log, input.RunId, batchKey, e.Reason.ToString(), client.Usage.Tokens), cancellationToken).ConfigureAwait(false);
        if (result is null)
            return unfinished!;

        var c = result.Counts;
        LogBatch(log, input.RunId, batchKey, c.Expected, c.Created, c.Rejected, outcomes.Sum(o => o.Dropped.Count), client.Usage.Tokens);
        return await BatchLoadSteps.FinishAsync(spending, rejects, checkpoints, client, new BatchCheckpoint(Phase.LoadCampaigns, batchKey, c), result.Rejected,
            input.RunId, cancellationToken).ConfigureAwait(false);
    }

    [LoggerMessage(Level = LogLevel.Information,
        Message = "Run {RunId} campaigns batch {Batch}: expected {Expected}, created {Created}, rejected {Rejected}; {Dropped} values left out; {Tokens} tokens")]
    private static partial void LogBatch(ILogger logger, string runId, string batch, long expected, long created, long rejected, int dropped, long tokens);

    [LoggerMessage(Level = LogLevel.Information, Message = "Run {RunId} campaigns batch {Batch} paused by the Pipedrive budget ({Reason}) after {Tokens} tokens; it runs again later")]
    private static partial void LogStopped(ILogger logger, string runId, string batch, string reason, long tokens);
}
