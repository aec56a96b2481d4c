using System.Globalization;
using System.Text;
using Microsoft.Extensions.Logging;
using Migration.Domain.Ledger;
using Migration.Domain.Reconciliation;
using Migration.Domain.Reports;
using Migration.Domain.Runs;
using Migration.Domain.Staging;
using Migration.Pipedrive;
using Migration.Storage;
using Migration.Workflow.Models;

namespace Migration.Workflow.Activities;

/// <summary>
/// Loads one activity batch (at most 100 events the approved map makes activities) as done Pipedrive activities of the
/// provisioned type, at the event's original UTC time, linked to the person the persons load created, through the
/// id ledger (<see cref="ActivityWriter"/>, partition "activity" + batch). An event whose person was not created is
/// skipped ("person not migrated"); Pipedrive's refusals are rejects with its message. When the budget stops it part
/// way it reports the batch unfinished. Safe to run any number of times.
/// </summary>
public sealed partial class LoadActivitiesBatchActivity(
    PipedriveClientFactory pipedrive, PipedriveSpending spending, IIdLedger ledger, StagingStore staging, RejectStore rejects,
    CheckpointStore checkpoints, RunSchemaStore schemas, ILogger<ActivityWriter> writerLog, BatchLeaseStore leases, ILogger<LoadActivitiesBatchActivity> log)
    : LoadBatchActivity(leases, log)
{
    public const string LedgerObjectType = "activity";

    public const string PersonNotMigrated = "person_not_migrated";
    public const string NoActivityType = "no_activity_type";

    /// <summary>Notes are cut here, well inside Pipedrive's ~100,000 characters, whatever an event's properties hold.</summary>
    public const int NoteLimit = 60_000;

    protected override async Task<BatchLoadResult> LoadAsync(LoadBatchInput input, CancellationToken cancellationToken)
    {
        var batchKey = input.BatchNumber.ToString("D6", CultureInfo.InvariantCulture);
        var table = await ExtrasRouting.ReadActivityTableAsync(staging, input.RunId, cancellationToken).ConfigureAwait(false);
        var events = await staging.ReadLinesAsync<StagedActivityEvent>(input.RunId, table.BlobOf(input.BatchNumber), cancellationToken, missingIsEmpty: false).ConfigureAwait(false);
        var schema = await schemas.GetAsync(input.RunId, cancellationToken).ConfigureAwait(false);
        var persons = new Dictionary<int, IReadOnlyDictionary<string, LedgerEntry>>();
        foreach (var personBatch in events.Select(e => e.PersonBatch).Distinct())
            persons[personBatch] = await ledger.ReadBatchAsync(PersonWriting.LedgerBatchOf(input.RunId, personBatch), cancellationToken).ConfigureAwait(false);

        var batch = new LedgerBatch(input.RunId, LedgerObjectType, batchKey);
        // The batch lease makes this attempt the batch's only writer: the ledger holds what is read here plus what this attempt writes.
        var rows = new Dictionary<string, LedgerEntry>(await ledger.ReadBatchAsync(batch, cancellationToken).ConfigureAwait(false), StringComparer.Ordinal);
        var drafts = new List<ActivityDraft>();
        var unsent = new List<LedgerEntry>();
        foreach (var e in events)
        {
            if (rows.TryGetValue(e.SourceId, out var row) && row.IsFinal)
                continue;
            var person = persons[e.PersonBatch].GetValueOrDefault(e.PersonExtId);
            if (person is not { State: LedgerState.Created or LedgerState.Updated, TargetId: { } personId })
                unsent.Add(rows[e.SourceId] = Unsent(e, LedgerState.Skipped, PersonNotMigrated, "the person was not created in Pipedrive (rejected or skipped by the persons load)"));
            else if (schema.ActivityType(e.ActivityType) is not { } type)
                unsent.Add(rows[e.SourceId] = Unsent(e, LedgerState.Rejected, NoActivityType, $"the activity type '{e.ActivityType}' is not in the provisioned schema"));
            else
                drafts.Add(DraftOf(e, type.KeyString, personId));
        }
        if (unsent.Count > 0)
            await ledger.RecordManyAsync(batch, unsent, cancellationToken).ConfigureAwait(false);

        var client = pipedrive.Create(input.PipedriveConnection, input.Allowance);
        var (written, unfinished) = await BatchLoadSteps.WriteAsync(spending, client, input.RunId, async () =>
        {
            var result = await new ActivityWriter(client, ledger, writerLog).WriteAsync(batch, drafts, cancellationToken, rows).ConfigureAwait(false);
            foreach (var entry in result.Entries)
                rows[entry.SourceId] = entry;
            // Counts come from the ledger's final rows for this batch's events, so a rerun reports the same.
            var ids = events.Select(e => e.SourceId).ToHashSet(StringComparer.Ordinal);
            return rows.Values.Where(r => ids.Contains(r.SourceId)).ToList();
        }, e => LogStopped(log, input.RunId, batchKey, e.Reason.ToString(), client.Usage.Tokens), cancellationToken).ConfigureAwait(false);
        if (written is null)
            return unfinished!;

        var counts = PhaseCounts.FromLedger(events.Select(e => e.SourceId).Distinct(StringComparer.Ordinal).Count(), written);
        LogBatch(log, input.RunId, batchKey, counts.Expected, counts.Created, counts.Skipped, counts.Rejected, client.Usage.Tokens);
        return await BatchLoadSteps.FinishAsync(spending, rejects, checkpoints, client, new BatchCheckpoint(Phase.LoadActivities, batchKey, counts),
            written.Where(r => r.State == LedgerState.Rejected).ToList(), input.RunId, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Subject = the event's name; due date and time = its UTC time (Pipedrive keeps minutes); the note lists the exact
    /// time and every property as "key: value" lines, HTML-escaped.
    /// </summary>
    public static ActivityDraft DraftOf(StagedActivityEvent e, string typeKey, long personId)
    {
        ArgumentNullException.ThrowIfNull(e);
        var at = e.Timestamp.UtcDateTime;
        var note = new StringBuilder();
        note.Append("<p>").Append(HtmlText.Escape(string.Create(CultureInfo.InvariantCulture, $"Time: {at:yyyy-MM-dd HH:mm:ss} UTC"))).Append("</p>");
        foreach (var (key, value) in e.Attributes.OrderBy(a => a.Key, StringComparer.Ordinal))
        {
            if (note.Length > NoteLimit)
                break;
            note.Append("<p>").Append(HtmlText.Escape($"{key}: {value}")).Append("</p>");
        }
        return new ActivityDraft(e.SourceId, typeKey, e.Name, DateOnly.FromDateTime(at), TimeOnly.FromDateTime(at), personId)
        {
            Note = note.Length > NoteLimit ? note.ToString(0, NoteLimit) : note.ToString(),
        };
    }

    private static LedgerEntry Unsent(StagedActivityEvent e, LedgerState state, string code, string detail) =>
        new() { SourceId = e.SourceId, State = state, ReasonCode = code, ReasonDetail = detail };

    [LoggerMessage(Level = LogLevel.Information,
        Message = "Run {RunId} activities batch {Batch}: expected {Expected}, created {Created}, skipped {Skipped}, rejected {Rejected}; {Tokens} tokens")]
    private static partial void LogBatch(ILogger logger, string runId, string batch, long expected, long created, long skipped, long rejected, long tokens);

    [LoggerMessage(Level = LogLevel.Information, Message = "Run {RunId} activities batch {Batch} paused by the Pipedrive budget ({Reason}) after {Tokens} tokens; it runs again later")]
    private static partial void LogStopped(ILogger logger, string runId, string batch, string reason, long tokens);
}
