using System.Text.Json;
using Microsoft.Extensions.Logging;
using Migration.Domain.Budget;
using Migration.Domain.Cutover;
using Migration.Domain.Ledger;
using Migration.Domain.Persons;
using Migration.Domain.Reconciliation;
using Migration.Pipedrive;
using Migration.Storage;
using Migration.Workflow.Models;

namespace Migration.Workflow.Activities;

/// <summary>
/// Delta sync, step 5: one apply batch (at most 100 users) written to Pipedrive through the governed client, run by
/// <see cref="Orchestrators.LoadPhaseOrchestrator"/> like any load batch. New users become persons through
/// <see cref="PersonWriter"/> under their own person ledger batch (<c>delta-{sync}-{batch}</c>), so rollback finds them as
/// any created person. Changed users: the person is read, the fields whose values differ are saved as a before-image,
/// then sent in one PATCH; the new hash goes to the person's "current" row so the next sync finds it unchanged. Gone
/// users are labelled "Netmera: removed" (or deleted, with the cutover's <c>deleteGone</c>), their earlier labels saved
/// first. Every step is recorded in the ledger as intent then done, so a batch the budget stopped runs again safely.
/// </summary>
public sealed partial class ApplyDeltaBatchActivity(
    PipedriveClientFactory pipedrive, PipedriveSpending spending, IIdLedger ledger, StagingStore staging, RejectStore rejects, CheckpointStore checkpoints,
    MappingStore mappings, RunSchemaStore schemas, CutoverStore cutovers, ILogger<PersonWriter> writerLog, BatchLeaseStore leases, ILogger<ApplyDeltaBatchActivity> log)
    : LoadBatchActivity(leases, log)
{
    /// <summary>A batch of 100: each person read (by ids, 10 a page) and patched or created; worst case every create in doubt.</summary>
    public static BatchCost Cost { get; } = new(
        DeltaStaging.ApplyBatchSize * BatchCost.Create + BatchCost.ListPage + 20,
        DeltaStaging.ApplyBatchSize * (BatchCost.Search + BatchCost.Read + BatchCost.Create) + BatchCost.ListPage + 40);

    protected override async Task<BatchLoadResult> LoadAsync(LoadBatchInput input, CancellationToken cancellationToken)
    {
        var (runId, sync, batch) = (input.RunId, input.DeltaSync, input.BatchNumber);
        var found = await staging.ReadLinesAsync<DeltaFound>(runId, DeltaStaging.ApplyPath(sync, batch), cancellationToken, missingIsEmpty: false).ConfigureAwait(false);
        var map = await PersonWriting.ApprovedMapAsync(mappings, runId, cancellationToken).ConfigureAwait(false);
        var schema = await schemas.GetAsync(runId, cancellationToken).ConfigureAwait(false);
        var deleteGone = (await cutovers.GetAsync(runId, cancellationToken).ConfigureAwait(false))?.DeleteGone ?? false;

        var client = pipedrive.Create(input.PipedriveConnection, input.Allowance);
        var (result, unfinished) = await BatchLoadSteps.WriteAsync(spending, client, runId, async () =>
        {
            var news = found.Where(f => f.Kind == DeltaKind.New).Select(f => PersonMapping.Map(f.User!, map)).ToList();
            var changed = found.Where(f => f.Kind == DeltaKind.Changed).ToList();
            var owners = news.Count + changed.Count > 0 ? await PersonWriting.OwnersAsync(map, client, input.Options.DefaultOwnerId, cancellationToken).ConfigureAwait(false) : null;
            var outcomes = news.Concat(changed.Select(c => PersonMapping.Map(c.User!, map))).ToList();
            var organizations = await PersonWriting.OrganizationsAsync(staging, ledger, runId, outcomes, cancellationToken).ConfigureAwait(false);

            var rejected = new List<LedgerEntry>();
            var counts = PhaseCounts.Zero with { Expected = found.Count };
            if (news.Count > 0)
            {
                var createdBatch = DeltaStaging.CreatedBatch(runId, sync, batch);
                var written = await new PersonWriter(client, ledger, writerLog).WriteAsync(createdBatch, news, schema, owners, organizations, cancellationToken).ConfigureAwait(false);
                counts = counts.Add(written.Counts with { Expected = 0 });
                rejected.AddRange(written.Rejected);
                var rows = await ledger.ReadBatchAsync(createdBatch, cancellationToken).ConfigureAwait(false);
                await staging.WriteLinesAsync(runId, DeltaStaging.IndexPartPath(sync, batch),
                    rows.Values.Where(r => r.State == LedgerState.Created).Select(r => new DeltaIndexEntry(Domain.Staging.RouteIndex.ExtIdKey(r.SourceId), createdBatch.BatchName)),
                    cancellationToken).ConfigureAwait(false);
            }
            if (changed.Count > 0)
            {
                var updates = await UpdateAsync(client, input, changed, map, schema, owners, organizations, cancellationToken).ConfigureAwait(false);
                counts = counts.Add(updates.Counts);
                rejected.AddRange(updates.Rejected);
            }
            var gone = found.Where(f => f.Kind == DeltaKind.Gone).ToList();
            if (gone.Count > 0)
                counts = counts.Add(await MarkGoneAsync(client, input, gone, deleteGone, cancellationToken).ConfigureAwait(false));
            return new PersonBatchResult(counts, rejected);
        }, e => LogStopped(log, runId, sync, batch, e.Reason.ToString()), cancellationToken).ConfigureAwait(false);
        if (result is null)
            return unfinished!;

        var c = result.Counts;
        LogBatch(log, runId, sync, batch, c.Expected, c.Created, c.Updated, c.Skipped, c.Rejected, client.Usage.Tokens);
        return await BatchLoadSteps.FinishAsync(spending, rejects, checkpoints, client,
            new BatchCheckpoint(DeltaStaging.Phase(sync), batch.ToString("D6", System.Globalization.CultureInfo.InvariantCulture), c), result.Rejected,
            runId, cancellationToken).ConfigureAwait(false);
    }

    private async Task<PersonBatchResult> UpdateAsync(
        PipedriveClient client, LoadBatchInput input, IReadOnlyList<DeltaFound> changed, Domain.Mapping.FieldMap map, ProvisionedSchema schema,
        OwnerDirectory? owners, OrganizationDirectory organizations, CancellationToken cancellationToken)
    {
        var updates = DeltaStaging.UpdatesBatch(input.RunId, input.DeltaSync, input.BatchNumber);
        var rows = await ledger.ReadBatchAsync(updates, cancellationToken).ConfigureAwait(false);
        var pending = changed.Where(c => !(rows.TryGetValue(c.ExtId, out var row) && row.IsFinal)).ToList();
        if (pending.Count > 0)
        {
            var persons = (await client.GetPersonsByIdsAsync(pending.Select(p => p.PersonId!.Value).ToList(), cancellationToken).ConfigureAwait(false))
                .ToDictionary(p => p.Id);
            var plans = new List<(DeltaFound Found, PersonDraft Draft, PersonUpdate? Update, string? Problem)>();
            foreach (var change in pending)
            {
                var draft = PersonMapping.Map(change.User!, map).Person!;
                if (!persons.TryGetValue(change.PersonId!.Value, out var person) || person.IsDeleted == true)
                {
                    plans.Add((change, draft, null, "the person is no longer in Pipedrive (deleted there since the migration)"));
                    continue;
                }
                try
                {
                    plans.Add((change, draft, PersonUpdate.Plan(draft, person, schema, owners, organizations), null));
                }
                catch (MappedValueException e)
                {
                    plans.Add((change, draft, null, $"Not sent: {e.Message}"));
                }
            }

            // The values about to be replaced are saved before anything is sent; an image saved by an earlier attempt stands.
            await SaveBeforeImagesAsync(input, plans.Where(p => p.Update is { IsEmpty: false })
                .Select(p => new BeforeImage(p.Found.ExtId, p.Found.PersonId!.Value, BeforeImage.Update, p.Update!.Fields, JsonSerializer.SerializeToElement(p.Update.Restore, PipedriveJson.Options))),
                cancellationToken).ConfigureAwait(false);
            await ledger.RecordIntentsAsync(updates, plans.Select(p => LedgerEntry.Intent(p.Found.ExtId, p.Draft.PayloadHash()) with { TargetId = p.Found.PersonId }).ToList(),
                cancellationToken).ConfigureAwait(false);

            foreach (var (change, draft, update, problem) in plans)
            {
                var entry = new LedgerEntry { SourceId = change.ExtId, State = LedgerState.Updated, TargetId = change.PersonId, PayloadHash = draft.PayloadHash() };
                if (problem is not null)
                {
                    await ledger.RecordAsync(updates, entry with { State = LedgerState.Rejected, ReasonCode = RejectReason.PipedriveValidation, ReasonDetail = problem },
                        cancellationToken).ConfigureAwait(false);
                    continue;
                }
                if (update!.IsEmpty)
                {
                    entry = entry with { State = LedgerState.Skipped, ReasonCode = "already_current", ReasonDetail = "Pipedrive already holds these values" };
                }
                else
                {
                    try
                    {
                        // The answer's update time is this tool's newest write: rollback tells later edits by it.
                        var written = await client.UpdatePersonAsync(change.PersonId!.Value, update.Patch, cancellationToken).ConfigureAwait(false);
                        entry = entry with { ReasonDetail = string.Join("; ", update.Fields), UpdateTime = written.UpdateTime };
                    }
                    catch (PipedriveValidationException e)
                    {
                        await ledger.RecordAsync(updates, entry with { State = LedgerState.Rejected, ReasonCode = RejectReason.PipedriveValidation, ReasonDetail = e.Message },
                            cancellationToken).ConfigureAwait(false);
                        continue;
                    }
                }
                // The person's newest hash, where the next sync compares it; then the sync's own row.
                await ledger.RecordAsync(DeltaStaging.CurrentBatch(input.RunId, change.LedgerBatch!), entry with { ReasonDetail = null }, cancellationToken).ConfigureAwait(false);
                await ledger.RecordAsync(updates, entry, cancellationToken).ConfigureAwait(false);
            }
        }

        var final = (await ledger.ReadBatchAsync(updates, cancellationToken).ConfigureAwait(false)).Values.Where(r => changed.Any(c => c.ExtId == r.SourceId)).ToList();
        return new PersonBatchResult(PhaseCounts.FromLedger(0, final), final.Where(r => r.State == LedgerState.Rejected).ToList());
    }

    private async Task<PhaseCounts> MarkGoneAsync(
        PipedriveClient client, LoadBatchInput input, IReadOnlyList<DeltaFound> gone, bool deleteGone, CancellationToken cancellationToken)
    {
        var marks = DeltaStaging.GoneBatch(input.RunId, input.DeltaSync, input.BatchNumber);
        var rows = await ledger.ReadBatchAsync(marks, cancellationToken).ConfigureAwait(false);
        var pending = gone.Where(g => !(rows.TryGetValue(g.ExtId, out var row) && row.IsFinal)).ToList();
        if (pending.Count > 0)
        {
            var label = deleteGone ? null : await new SchemaProvisioner(client).EnsurePersonLabelAsync(DeltaStaging.RemovedLabel, cancellationToken).ConfigureAwait(false);
            var persons = (await client.GetPersonsByIdsAsync(pending.Select(p => p.PersonId!.Value).ToList(), cancellationToken).ConfigureAwait(false))
                .Where(p => p.IsDeleted != true).ToDictionary(p => p.Id);
            await SaveBeforeImagesAsync(input, pending.Where(p => persons.ContainsKey(p.PersonId!.Value)).Select(p =>
            {
                var person = persons[p.PersonId!.Value];
                return deleteGone
                    ? new BeforeImage(p.ExtId, person.Id, BeforeImage.Delete, [], JsonSerializer.SerializeToElement(person, PipedriveJson.Options))
                    : new BeforeImage(p.ExtId, person.Id, BeforeImage.Label, ["Labels"],
                        JsonSerializer.SerializeToElement(new PersonWrite { LabelIds = person.LabelIds ?? [] }, PipedriveJson.Options));
            }), cancellationToken).ConfigureAwait(false);
            await ledger.RecordIntentsAsync(marks, pending.Select(p => LedgerEntry.Intent(p.ExtId, p.Hash ?? "") with { TargetId = p.PersonId }).ToList(), cancellationToken).ConfigureAwait(false);

            foreach (var person in pending)
            {
                var entry = new LedgerEntry { SourceId = person.ExtId, State = LedgerState.Updated, TargetId = person.PersonId, PayloadHash = person.Hash };
                if (!persons.TryGetValue(person.PersonId!.Value, out var held))
                    entry = entry with { State = LedgerState.Skipped, ReasonCode = "already_deleted", ReasonDetail = "the person was deleted in Pipedrive already" };
                else if (deleteGone)
                {
                    await client.DeletePersonAsync(held.Id, cancellationToken).ConfigureAwait(false);
                    entry = entry with { ReasonCode = GoneMarks.Deleted };
                }
                else
                {
                    var time = held.UpdateTime;
                    if (!(held.LabelIds ?? []).Contains(label!.Id))
                        time = (await client.UpdatePersonAsync(held.Id, new PersonWrite { LabelIds = [.. held.LabelIds ?? [], label.Id] }, cancellationToken).ConfigureAwait(false)).UpdateTime;
                    entry = entry with { ReasonCode = GoneMarks.Labelled, UpdateTime = time };
                }
                await ledger.RecordAsync(DeltaStaging.CurrentBatch(input.RunId, person.LedgerBatch!), entry with { ReasonCode = DeltaClassification.GoneMark, ReasonDetail = null },
                    cancellationToken).ConfigureAwait(false);
                await ledger.RecordAsync(marks, entry, cancellationToken).ConfigureAwait(false);
            }
        }
        var final = (await ledger.ReadBatchAsync(marks, cancellationToken).ConfigureAwait(false)).Values.Where(r => gone.Any(g => g.ExtId == r.SourceId)).ToList();
        return PhaseCounts.FromLedger(0, final);
    }

    private async Task SaveBeforeImagesAsync(LoadBatchInput input, IEnumerable<BeforeImage> images, CancellationToken cancellationToken)
    {
        var path = DeltaStaging.BeforeImagesPath(input.DeltaSync, input.BatchNumber);
        var saved = (await staging.ReadLinesAsync<BeforeImage>(input.RunId, path, cancellationToken).ConfigureAwait(false)).ToList();
        var fresh = images.Where(i => !saved.Any(s => s.ExtId == i.ExtId && s.Kind == i.Kind)).ToList();
        if (fresh.Count > 0)
            await staging.WriteLinesAsync(input.RunId, path, saved.Concat(fresh), cancellationToken).ConfigureAwait(false);
    }

    [LoggerMessage(Level = LogLevel.Information,
        Message = "Run {RunId} delta {Sync} batch {Batch}: expected {Expected}, created {Created}, updated {Updated}, skipped {Skipped}, rejected {Rejected}; {Tokens} tokens")]
    private static partial void LogBatch(ILogger logger, string runId, int sync, int batch, long expected, long created, long updated, long skipped, long rejected, long tokens);

    [LoggerMessage(Level = LogLevel.Information, Message = "Run {RunId} delta {Sync} batch {Batch} paused by the Pipedrive budget ({Reason}); it runs again later")]
    private static partial void LogStopped(ILogger logger, string runId, int sync, int batch, string reason);
}

/// <summary>The reason codes of a sync's gone rows (<c>person-gone</c>): labelled or deleted.</summary>
public static class GoneMarks
{
    public const string Labelled = "labelled";
    public const string Deleted = "deleted";
}
