using System.Globalization;
using Microsoft.Extensions.Logging;
using Migration.Domain.Campaigns;
using Migration.Domain.Ledger;
using Migration.Domain.Mapping;
using Migration.Domain.Reconciliation;
using Migration.Domain.Runs;
using Migration.Domain.Source;
using Migration.Domain.Staging;
using Migration.Pipedrive;
using Migration.Storage;
using Migration.Workflow.Models;

namespace Migration.Workflow.Activities;

/// <summary>
/// Loads the campaign touchpoints of one person batch (batch n = person batch n): every (campaign, person) pair in
/// the batch's routed delivery rows is a candidate (<see cref="TouchpointPlan"/>); an engaged pair becomes a done
/// "Campaign touchpoint" activity on the campaign's deal with the person as participant, through the id ledger
/// (<see cref="ActivityWriter"/>, partition "touchpoint" + batch); the others are skipped with a reason. Skips are
/// computed again on every run from the staged rows and the person and deal ledgers (both final before this phase),
/// so they need no ledger rows. When the budget stops it part way it reports the batch unfinished. Safe to run any
/// number of times.
/// </summary>
public sealed partial class LoadTouchpointsBatchActivity(
    PipedriveClientFactory pipedrive, PipedriveSpending spending, IIdLedger ledger, StagingStore staging, RejectStore rejects,
    CheckpointStore checkpoints, RunSchemaStore schemas, ILogger<ActivityWriter> writerLog, BatchLeaseStore leases, ILogger<LoadTouchpointsBatchActivity> log)
    : LoadBatchActivity(leases, log)
{
    protected override async Task<BatchLoadResult> LoadAsync(LoadBatchInput input, CancellationToken cancellationToken)
    {
        var batchKey = input.BatchNumber.ToString("D6", CultureInfo.InvariantCulture);
        var extras = await staging.ReadLinesAsync<PersonExtras>(input.RunId, StagedBatch.Name(StagedBatch.PersonExtras, input.BatchNumber), cancellationToken)
            .ConfigureAwait(false);
        var statuses = input.Options.TouchpointStatuses;
        var persons = (await ledger.ReadBatchAsync(PersonWriting.LedgerBatchOf(input.RunId, input.BatchNumber), cancellationToken).ConfigureAwait(false))
            .Values.Where(r => r.State is LedgerState.Created or LedgerState.Updated && r.TargetId is not null)
            .ToDictionary(r => r.SourceId, r => r.TargetId!.Value, StringComparer.Ordinal);
        var deals = await CampaignStaging.DealsAsync(staging, ledger, input.RunId, TouchpointPlan.EngagedCampaigns(extras, statuses), cancellationToken).ConfigureAwait(false);
        var plan = TouchpointPlan.For(extras, statuses, persons, deals);

        var drafts = new List<ActivityDraft>(plan.Touchpoints.Count);
        if (plan.Touchpoints.Count > 0)
        {
            var schema = await schemas.GetAsync(input.RunId, cancellationToken).ConfigureAwait(false);
            var type = schema.ActivityType(SchemaRequirements.CampaignTouchpointType)
                ?? throw new InvalidOperationException($"Run {input.RunId} has deals but no '{SchemaRequirements.CampaignTouchpointType}' activity type in its schema.");
            drafts.AddRange(plan.Touchpoints.Select(t => Draft(t, type.KeyString)));
        }

        var client = pipedrive.Create(input.PipedriveConnection, input.Allowance);
        var writer = new ActivityWriter(client, ledger, writerLog);
        var (written, unfinished) = await BatchLoadSteps.WriteAsync(spending, client, input.RunId,
            () => writer.WriteAsync(CampaignStaging.TouchpointLedgerOf(input.RunId, input.BatchNumber), drafts, cancellationToken),
            e => LogStopped(log, input.RunId, batchKey, e.Reason.ToString(), client.Usage.Tokens), cancellationToken).ConfigureAwait(false);
        if (written is null)
            return unfinished!;

        var w = written.Counts;
        var counts = new PhaseCounts(plan.Candidates, w.Created, w.Updated, plan.SkippedCount + w.Skipped, w.Rejected);
        LogBatch(log, input.RunId, batchKey, counts.Expected, counts.Created, counts.Rejected,
            plan.Skipped.GetValueOrDefault(TouchpointSkips.NotEngaged), plan.Skipped.GetValueOrDefault(TouchpointSkips.PersonNotMigrated),
            plan.Skipped.GetValueOrDefault(TouchpointSkips.CampaignWithoutDeal), client.Usage.Tokens);
        return await BatchLoadSteps.FinishAsync(spending, rejects, checkpoints, client, new BatchCheckpoint(Phase.LoadTouchpoints, batchKey, counts), written.Rejected,
            input.RunId, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Due at the first engagement (UTC, to the minute as Pipedrive keeps it); the note keeps the exact time and the campaign key.</summary>
    private static ActivityDraft Draft(Touchpoint touchpoint, string typeKey)
    {
        var at = touchpoint.At.UtcDateTime;
        var note = $"<p>Netmera campaign {HtmlText.Escape(touchpoint.CampaignKey)}: {HtmlText.Escape(string.Join(", ", touchpoint.Statuses))}; " +
            $"first engaged {at.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture)} UTC</p>";
        return new ActivityDraft(touchpoint.SourceId, typeKey, touchpoint.Subject, DateOnly.FromDateTime(at), TimeOnly.FromDateTime(at), touchpoint.PersonId)
        {
            DealId = touchpoint.DealId,
            Note = note,
        };
    }

    [LoggerMessage(Level = LogLevel.Information,
        Message = "Run {RunId} touchpoints batch {Batch}: {Expected} campaign-person pairs, {Created} touchpoints, {Rejected} rejected; skipped {NotEngaged} not engaged, {PersonNotMigrated} person not migrated, {NoDeal} campaign without deal; {Tokens} tokens")]
    private static partial void LogBatch(
        ILogger logger, string runId, string batch, long expected, long created, long rejected, long notEngaged, long personNotMigrated, long noDeal, long tokens);

    [LoggerMessage(Level = LogLevel.Information, Message = "Run {RunId} touchpoints batch {Batch} paused by the Pipedrive budget ({Reason}) after {Tokens} tokens; it runs again later")]
    private static partial void LogStopped(ILogger logger, string runId, string batch, string reason, long tokens);
}
