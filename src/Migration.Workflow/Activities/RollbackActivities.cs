using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Migration.Domain.Ledger;
using Migration.Domain.Reconciliation;
using Migration.Domain.Rollback;
using Migration.Domain.Runs;
using Migration.Pipedrive;
using Migration.Storage;
using Migration.Workflow.Api;
using Migration.Workflow.Models;

namespace Migration.Workflow.Activities;

/// <summary>
/// How many ledger batches each object type of a run has, from the results its planning phases recorded. Every phase
/// that writes to Pipedrive runs after those, so a run with anything to undo has them all.
/// </summary>
public sealed class PlanRollbackActivity(CheckpointStore checkpoints, StagingStore staging, TableIdLedger ledger, ILogger<PlanRollbackActivity> log)
    : MigrationActivity<string, RollbackBatches>(log)
{
    protected override async Task<RollbackBatches> PerformAsync(string runId, CancellationToken cancellationToken)
    {
        var results = await checkpoints.ReadPhaseResultsAsync(runId, cancellationToken).ConfigureAwait(false);
        T? Result<T>(string phase) where T : class => results.TryGetValue(phase, out var json) ? JsonSerializer.Deserialize<T>(json) : null;
        var persons = Result<ExtractResult>(Phase.Extract)?.BatchCount ?? 0;
        var campaigns = Result<PlanCampaignsResult>(Phase.PlanCampaigns);
        // Persons cutover delta syncs created sit in ledger batches of their own ("delta-…"): the rollback numbers them
        // after the run's batches, and the batch activity reads their names from this list.
        var deltaBatches = await ledger.ListBatchesAsync(runId, LoadPersonsBatchActivity.LedgerObjectType, DeltaStaging.CreatedBatchPrefix, cancellationToken).ConfigureAwait(false);
        await staging.WriteArtifactAsync(runId, PersonBatchNames.Path,
            JsonSerializer.Serialize(new PersonBatchNames(persons, deltaBatches)), "application/json", cancellationToken).ConfigureAwait(false);
        var batches = new Dictionary<string, int>(StringComparer.Ordinal)
        {
            ["person"] = persons + deltaBatches.Count,
            ["organization"] = Result<OrganizationPlan>(Phase.PlanOrganizations)?.Batches ?? 0,
            ["activity"] = Result<RouteExtrasResult>(Phase.RouteExtras)?.ActivityBatches ?? 0,
            ["deal"] = campaigns?.BatchCount ?? 0,
            // Touchpoints are kept per person batch, as the load wrote them.
            ["touchpoint"] = campaigns is { Campaigns: > 0 } ? persons : 0,
            ["filter"] = Result<ExtractSegmentsResult>(Phase.ExtractSegments)?.FilterBatchCount ?? 0,
        };
        var hasSchema = await staging.ReadArtifactAsync(runId, RunReports.Schema.Path, cancellationToken).ConfigureAwait(false) is not null;
        return new RollbackBatches(batches, hasSchema);
    }
}

/// <summary>
/// Undoes one ledger batch of one object type (the rollback phase names it), within the allowance the phase
/// orchestrator gave it: reads what Pipedrive holds now for the batch's records (100 per request), keeps records edited
/// after the run (unless forced), deletes the rest (404/410: already gone), writes before-images back for records the run
/// updated, and records each outcome in the rollback ledger as it goes. A batch the budget stops part way reports
/// itself unfinished and runs again; what it did is in the rollback ledger and is not done twice. Counts: expected =
/// objects the run wrote, created = deleted, updated = restored, skipped = already gone, rejected = still in Pipedrive.
/// </summary>
public sealed partial class RollbackBatchActivity(
    PipedriveClientFactory pipedrive, PipedriveSpending spending, IIdLedger ledger, RollbackLedger rollbacks, StagingStore staging,
    BatchLeaseStore leases, ILogger<RollbackBatchActivity> log)
    : LoadBatchActivity(leases, log)
{
    protected override async Task<BatchLoadResult> LoadAsync(LoadBatchInput input, CancellationToken cancellationToken)
    {
        var step = RollbackScope.ForRollbackPhase(input.Phase);
        var batch = input.BatchNumber.ToString("D6", CultureInfo.InvariantCulture);
        if (step.ObjectType == LoadPersonsBatchActivity.LedgerObjectType
            && await staging.ReadArtifactAsync(input.RunId, PersonBatchNames.Path, cancellationToken).ConfigureAwait(false) is { } names)
            batch = JsonSerializer.Deserialize<PersonBatchNames>(names.Content)!.Name(input.BatchNumber);
        var rows = await ledger.ReadBatchAsync(new LedgerBatch(input.RunId, step.ObjectType, batch), cancellationToken).ConfigureAwait(false);
        if (step.ObjectType == LoadPersonsBatchActivity.LedgerObjectType)
            rows = await NewestWritesAsync(input.RunId, batch, rows, cancellationToken).ConfigureAwait(false);
        var done = new Dictionary<string, RollbackEntry>(
            await rollbacks.ReadBatchAsync(input.RunId, step.ObjectType, batch, cancellationToken).ConfigureAwait(false), StringComparer.Ordinal);

        var client = pipedrive.Create(input.PipedriveConnection, input.Allowance);
        var writer = new RollbackWriter(client);
        var (counts, unfinished) = await BatchLoadSteps.WriteAsync(spending, client, input.RunId,
            () => UndoAsync(input, step.ObjectType, batch, rows, done, writer, cancellationToken),
            e => LogStopped(log, input.RunId, step.ObjectType, batch, e.Reason.ToString(), client.Usage.Tokens), cancellationToken).ConfigureAwait(false);
        if (counts is null)
            return unfinished!;
        await spending.RecordAsync(input.RunId, client, cancellationToken).ConfigureAwait(false);
        LogBatch(log, input.RunId, step.ObjectType, batch, counts.Expected, counts.Created, counts.Skipped, counts.Rejected, client.Usage.Tokens);
        return new BatchLoadResult(counts, true, client.Usage, null);
    }

    private async Task<PhaseCounts> UndoAsync(
        LoadBatchInput input, string objectType, string batch, IReadOnlyDictionary<string, LedgerEntry> rows, Dictionary<string, RollbackEntry> done,
        RollbackWriter writer, CancellationToken cancellationToken)
    {
        var look = rows.Values.Where(r => RollbackDecision.NeedsLook(r, done.GetValueOrDefault(r.SourceId), input.Force)).Select(r => r.TargetId!.Value).ToList();
        var current = await writer.ReadCurrentAsync(objectType, look, cancellationToken).ConfigureAwait(false);
        foreach (var row in rows.Values.OrderBy(r => r.SourceId, StringComparer.Ordinal))
        {
            var earlier = done.GetValueOrDefault(row.SourceId);
            var exists = row.TargetId is { } id && current.ContainsKey(id);
            var action = RollbackDecision.Decide(row, earlier, exists, exists ? current[row.TargetId!.Value] : null, input.Force);
            var entry = action switch
            {
                RollbackAction.Nothing => null,
                RollbackAction.Delete => await DeleteAsync(writer, objectType, row, cancellationToken).ConfigureAwait(false),
                RollbackAction.Restore => await RestoreAsync(writer, input.RunId, objectType, row, cancellationToken).ConfigureAwait(false),
                _ => RollbackDecision.Settled(objectType, row, action),
            };
            if (entry is null || entry == earlier)
                continue;
            await rollbacks.RecordAsync(input.RunId, batch, entry, cancellationToken).ConfigureAwait(false);
            done[row.SourceId] = entry;
        }

        var written = rows.Values.Where(r => r.State == LedgerState.Intent || RollbackDecision.NeedsLook(r, null, force: true)).ToList();
        var outcomes = written.Select(r => done.GetValueOrDefault(r.SourceId)?.Outcome).ToList();
        return new PhaseCounts(
            written.Count,
            outcomes.Count(o => o == RollbackOutcome.Deleted),
            outcomes.Count(o => o == RollbackOutcome.Restored),
            outcomes.Count(o => o == RollbackOutcome.AlreadyGone),
            outcomes.Count(o => o is null or RollbackOutcome.KeptEdited or RollbackOutcome.Kept or RollbackOutcome.Failed));
    }

    /// <summary>
    /// A person a cutover delta sync changed or labelled was last written by this tool at the sync, not at the load: the
    /// person's "current" row holds that write's update time, so the edit check compares with it, not the create's.
    /// </summary>
    private async Task<IReadOnlyDictionary<string, LedgerEntry>> NewestWritesAsync(
        string runId, string batch, IReadOnlyDictionary<string, LedgerEntry> rows, CancellationToken cancellationToken)
    {
        var current = await ledger.ReadBatchAsync(new LedgerBatch(runId, DeltaStaging.CurrentObject, batch), cancellationToken).ConfigureAwait(false);
        if (current.Count == 0)
            return rows;
        return rows.ToDictionary(r => r.Key, r => current.TryGetValue(r.Key, out var newest) && newest.UpdateTime is { } time
            && !RollbackDecision.EditedAfterRun(time, r.Value.UpdateTime) ? r.Value with { UpdateTime = time } : r.Value, StringComparer.Ordinal);
    }

    private static async Task<RollbackEntry> DeleteAsync(RollbackWriter writer, string objectType, LedgerEntry row, CancellationToken cancellationToken)
    {
        try
        {
            var deleted = await writer.DeleteAsync(objectType, row.TargetId!.Value, cancellationToken).ConfigureAwait(false);
            return new RollbackEntry(objectType, row.SourceId, row.TargetId, deleted ? RollbackOutcome.Deleted : RollbackOutcome.AlreadyGone, null);
        }
        catch (PipedriveValidationException e)
        {
            return new RollbackEntry(objectType, row.SourceId, row.TargetId, RollbackOutcome.Failed, e.Message);
        }
    }

    private async Task<RollbackEntry> RestoreAsync(RollbackWriter writer, string runId, string objectType, LedgerEntry row, CancellationToken cancellationToken)
    {
        var image = await staging.ReadArtifactAsync(runId, row.BeforeImage!, cancellationToken).ConfigureAwait(false);
        if (image is null)
            return new RollbackEntry(objectType, row.SourceId, row.TargetId, RollbackOutcome.Failed, $"before-image {row.BeforeImage} is missing");
        try
        {
            await writer.RestoreAsync(objectType, row.TargetId!.Value, image.Content, cancellationToken).ConfigureAwait(false);
            return new RollbackEntry(objectType, row.SourceId, row.TargetId, RollbackOutcome.Restored, null);
        }
        catch (Exception e) when (e is PipedriveValidationException or PipedriveNotFoundException)
        {
            return new RollbackEntry(objectType, row.SourceId, row.TargetId,
                e is PipedriveNotFoundException ? RollbackOutcome.AlreadyGone : RollbackOutcome.Failed, e is PipedriveNotFoundException ? null : e.Message);
        }
    }

    [LoggerMessage(Level = LogLevel.Information,
        Message = "Run {RunId} rollback of {ObjectType} batch {Batch}: {Written} written by the run, {Deleted} deleted, {Gone} already gone, {Remaining} still in Pipedrive; {Tokens} tokens")]
    private static partial void LogBatch(ILogger logger, string runId, string objectType, string batch, long written, long deleted, long gone, long remaining, long tokens);

    [LoggerMessage(Level = LogLevel.Information, Message = "Run {RunId} rollback of {ObjectType} batch {Batch} paused by the Pipedrive budget ({Reason}) after {Tokens} tokens; it runs again later")]
    private static partial void LogStopped(ILogger logger, string runId, string objectType, string batch, string reason, long tokens);
}

/// <summary>
/// Removes the schema objects the run created (<see cref="SchemaRollback"/>), one at a time, each recorded in the rollback
/// ledger, once no record the run wrote is left in Pipedrive: while one is (kept because edited, failed, outside the
/// scope), the fields and labels it carries stay, reported as kept.
/// </summary>
public sealed partial class RollbackSchemaActivity(
    PipedriveClientFactory pipedrive, PipedriveSpending spending, RollbackLedger rollbacks, RunRollbackState state, BatchLeaseStore leases, ILogger<RollbackSchemaActivity> log)
    : LoadBatchActivity(leases, log)
{
    public const string Batch = "000000";

    protected override async Task<BatchLoadResult> LoadAsync(LoadBatchInput input, CancellationToken cancellationToken)
    {
        var schema = await state.SchemaAsync(input.RunId, cancellationToken).ConfigureAwait(false);
        var objects = schema is null ? [] : SchemaRollback.CreatedBy(schema);
        var done = await rollbacks.ReadBatchAsync(input.RunId, RollbackScope.SchemaObjectType, Batch, cancellationToken).ConfigureAwait(false);
        var pending = objects.Where(o => done.GetValueOrDefault(o.Key)?.IsFinal != true).ToList();
        var remaining = pending.Count == 0 ? 0 : await state.RecordsRemainingAsync(input.RunId, cancellationToken).ConfigureAwait(false);

        var client = pipedrive.Create(input.PipedriveConnection, input.Allowance);
        var undo = new SchemaRollback(client);
        var (result, unfinished) = await BatchLoadSteps.WriteAsync(spending, client, input.RunId, async () =>
        {
            foreach (var item in pending)
            {
                var entry = remaining > 0
                    ? new RollbackEntry(RollbackScope.SchemaObjectType, item.Key, item.Id, RollbackOutcome.Kept,
                        $"records-remain: {remaining} records this run wrote are still in Pipedrive and may use it")
                    : new RollbackEntry(RollbackScope.SchemaObjectType, item.Key, item.Id,
                        await undo.UndoAsync(item, cancellationToken).ConfigureAwait(false) ? RollbackOutcome.Deleted : RollbackOutcome.AlreadyGone, null);
                if (entry != done.GetValueOrDefault(item.Key))
                    await rollbacks.RecordAsync(input.RunId, Batch, entry, cancellationToken).ConfigureAwait(false);
            }
            return PhaseCounts.Zero;
        }, e => LogStopped(log, input.RunId, e.Reason.ToString(), client.Usage.Tokens), cancellationToken).ConfigureAwait(false);
        if (result is null)
            return unfinished!;
        await spending.RecordAsync(input.RunId, client, cancellationToken).ConfigureAwait(false);
        var kept = remaining > 0 ? pending.Count : 0;
        LogSchema(log, input.RunId, objects.Count, pending.Count - kept, kept, client.Usage.Tokens);
        return new BatchLoadResult(new PhaseCounts(objects.Count, pending.Count - kept, 0, objects.Count - pending.Count, kept), true, client.Usage, null);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Run {RunId} rollback of the schema: {Objects} objects created by the run, {Removed} removed now, {Kept} kept; {Tokens} tokens")]
    private static partial void LogSchema(ILogger logger, string runId, int objects, int removed, int kept, long tokens);

    [LoggerMessage(Level = LogLevel.Information, Message = "Run {RunId} rollback of the schema paused by the Pipedrive budget ({Reason}) after {Tokens} tokens; it runs again later")]
    private static partial void LogStopped(ILogger logger, string runId, string reason, long tokens);
}

/// <summary>Writes <c>reports/rollback.md</c> and <c>rollback.csv</c> from the rollback ledger: every object the run's rollbacks looked at.</summary>
public sealed class WriteRollbackReportActivity(RollbackLedger rollbacks, StagingStore staging, TimeProvider time, ILogger<WriteRollbackReportActivity> log)
    : MigrationActivity<RollbackReportInput, RollbackSummary>(log)
{
    protected override async Task<RollbackSummary> PerformAsync(RollbackReportInput input, CancellationToken cancellationToken)
    {
        var entries = await rollbacks.ReadRunAsync(input.RunId, cancellationToken).ConfigureAwait(false);
        await staging.WriteArtifactAsync(input.RunId, RunReports.Rollback.Path,
            RollbackReport.Markdown(input.RunId, time.GetUtcNow(), input.Force, input.Phases, entries), RunReports.Rollback.ContentType, cancellationToken).ConfigureAwait(false);
        await staging.WriteArtifactAsync(input.RunId, RunReports.RollbackCsv.Path, RollbackReport.Csv(entries), RunReports.RollbackCsv.ContentType, cancellationToken)
            .ConfigureAwait(false);
        return new RollbackSummary(input.RunId, RollbackTally.Of(entries), entries.LongCount(e => e.Remains));
    }
}
