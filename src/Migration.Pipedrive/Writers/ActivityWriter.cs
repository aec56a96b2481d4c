using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Migration.Domain.Ledger;
using Migration.Domain.Persons;
using Migration.Domain.Reconciliation;

namespace Migration.Pipedrive;

/// <summary>
/// An activity as the migration means to write it: an event of a person, or a campaign touchpoint (with its deal).
/// <see cref="SourceId"/> is stable across reruns; it goes into the ledger and, as a marker, into the note.
/// <see cref="DueTime"/> is the original UTC time (sent as HH:MM; the note keeps the seconds where the caller wants them).
/// </summary>
public sealed record ActivityDraft(string SourceId, string TypeKey, string Subject, DateOnly DueDate, TimeOnly? DueTime, long PersonId)
{
    public long? DealId { get; init; }

    /// <summary>HTML of the note; the marker line is added by the writer.</summary>
    public string? Note { get; init; }

    public string PayloadHash()
    {
        var canonical = JsonSerializer.Serialize(new object?[]
        {
            SourceId, TypeKey, Subject, DueDate.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            DueTime?.ToString("HH:mm", CultureInfo.InvariantCulture), PersonId, DealId, Note,
        });
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(canonical)));
    }
}

/// <summary>
/// Writes activities exactly once, however often it is run (DESIGN §4.1), like <see cref="PersonWriter"/>: final
/// ledger rows are left alone; new activities get an intent row before their POST and a final row after it. v2
/// activities have no custom fields, so the source id is stamped as a marker line at the end of the note
/// (<see cref="Marker"/>); an intent found open is resolved by listing the person's activities and finding the marker,
/// never by creating again. POST is not retried on 5xx without looking first.
/// </summary>
public sealed partial class ActivityWriter(PipedriveClient client, IIdLedger ledger, ILogger<ActivityWriter> log)
{
    private const int CreateAttempts = 3;

    /// <summary>Pipedrive's limit on activity subjects.</summary>
    public const int SubjectLimit = 255;

    /// <summary>The text stamped into the note: found again after HTML decoding, whatever Pipedrive's sanitiser does to tags.</summary>
    public static string Marker(string sourceId) => $"[netmera:{sourceId}]";

    /// <param name="read">The batch's ledger rows as the caller read them in this attempt (under its batch lease), so they are not read twice.</param>
    public async Task<ActivityBatchResult> WriteAsync(
        LedgerBatch batch, IReadOnlyList<ActivityDraft> drafts, CancellationToken cancellationToken, IReadOnlyDictionary<string, LedgerEntry>? read = null)
    {
        ArgumentNullException.ThrowIfNull(drafts);
        var rows = read ?? await ledger.ReadBatchAsync(batch, cancellationToken).ConfigureAwait(false);
        var pending = drafts.Where(d => !(rows.TryGetValue(d.SourceId, out var row) && row.IsFinal)).ToList();
        var open = pending.Where(d => rows.ContainsKey(d.SourceId)).ToList();
        var fresh = pending.Where(d => !rows.ContainsKey(d.SourceId)).ToList();

        // The batch lease makes this attempt the batch's only writer, so the ledger now holds what was read plus what is written here.
        var final = new Dictionary<string, LedgerEntry>(rows, StringComparer.Ordinal);
        if (open.Count > 0)
            LogRecovering(log, batch.RunId, batch.BatchName, open.Count);
        foreach (var draft in open)
        {
            var entry = await FindMarkedAsync(draft, cancellationToken).ConfigureAwait(false) is { } existing
                ? Created(draft, existing)
                : await CreateRounds.OneAsync(CreateAsync(draft, cancellationToken)).ConfigureAwait(false);
            await ledger.RecordAsync(batch, entry, cancellationToken).ConfigureAwait(false);
            final[entry.SourceId] = entry;
        }
        var written = await CreateRounds.RunAsync(ledger, batch, fresh, d => LedgerEntry.Intent(d.SourceId, d.PayloadHash()),
            d => CreateAsync(d, cancellationToken), cancellationToken).ConfigureAwait(false);
        foreach (var entry in written)
            final[entry.SourceId] = entry;

        // Counts come from what the ledger holds, so a rerun reports the same.
        var ids = drafts.Select(d => d.SourceId).ToHashSet(StringComparer.Ordinal);
        var entries = final.Values.Where(e => ids.Contains(e.SourceId)).ToList();
        return new ActivityBatchResult(PhaseCounts.FromLedger(ids.Count, entries), entries.Where(e => e.State == LedgerState.Rejected).ToList()) { Entries = entries };
    }

    /// <summary>The v2 body: done, with the person as primary participant, the marker as the note's last line.</summary>
    public static ActivityWrite ToWrite(ActivityDraft draft)
    {
        ArgumentNullException.ThrowIfNull(draft);
        var marker = $"<p>{HtmlText.Escape(Marker(draft.SourceId))}</p>";
        return new ActivityWrite
        {
            Subject = PersonMapping.Truncate(string.IsNullOrWhiteSpace(draft.Subject) ? draft.TypeKey : draft.Subject.Trim(), SubjectLimit),
            Type = draft.TypeKey,
            DueDate = draft.DueDate.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            DueTime = draft.DueTime?.ToString("HH:mm", CultureInfo.InvariantCulture),
            Done = true,
            DealId = draft.DealId,
            Participants = [new ActivityParticipant(draft.PersonId, true)],
            Note = (draft.Note ?? "") + marker,
        };
    }

    /// <summary>Creates the activity (looking for its marker first after a failure that may have committed); returns its final ledger row.</summary>
    private async Task<LedgerEntry> CreateAsync(ActivityDraft draft, CancellationToken cancellationToken)
    {
        var body = ToWrite(draft);
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                var created = await client.CreateActivityAsync(body, cancellationToken).ConfigureAwait(false);
                return Created(draft, created.Id, created.UpdateTime);
            }
            catch (PipedriveValidationException e)
            {
                return new LedgerEntry
                {
                    SourceId = draft.SourceId,
                    State = LedgerState.Rejected,
                    PayloadHash = draft.PayloadHash(),
                    ReasonCode = RejectReason.PipedriveValidation,
                    ReasonDetail = e.Message,
                };
            }
            catch (PipedriveBudgetExhaustedException e) when (attempt == 1)
            {
                throw new NeverSentException(e);
            }
            catch (PipedriveTransientException) when (attempt < CreateAttempts)
            {
                // The POST may have been committed before it failed: look before sending it again.
                if (await FindMarkedAsync(draft, cancellationToken).ConfigureAwait(false) is { } existing)
                    return Created(draft, existing);
            }
        }
    }

    private static LedgerEntry Created(ActivityDraft draft, long activityId, string? updateTime = null) => new()
    {
        SourceId = draft.SourceId,
        State = LedgerState.Created,
        TargetId = activityId,
        UpdateTime = updateTime, // from the create's answer: rollback tells later edits by it
        PayloadHash = draft.PayloadHash(),
    };

    /// <summary>The oldest live activity of the draft's person whose note carries the draft's marker, if any.</summary>
    private async Task<long?> FindMarkedAsync(ActivityDraft draft, CancellationToken cancellationToken)
    {
        var marker = Marker(draft.SourceId);
        long? found = null;
        var matches = 0;
        await foreach (var activity in client.GetActivitiesAsync(cancellationToken, draft.PersonId).ConfigureAwait(false))
        {
            if (activity.IsDeleted == true || activity.Note is not { } note || !WebUtility.HtmlDecode(note).Contains(marker, StringComparison.Ordinal))
                continue;
            matches++;
            if (found is null || activity.Id < found)
                found = activity.Id;
        }
        if (matches > 1)
            LogSeveralMarked(log, matches, found!.Value);
        return found;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Run {RunId} activity batch {Batch}: resolving {Count} open intents by their note markers")]
    private static partial void LogRecovering(ILogger logger, string runId, string batch, int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Count} activities carry the same source marker; keeping the oldest, activity {ActivityId}")]
    private static partial void LogSeveralMarked(ILogger logger, int count, long activityId);
}

/// <summary>What an activity batch write left in the ledger: its counts and the rows Pipedrive refused.</summary>
public sealed record ActivityBatchResult(PhaseCounts Counts, IReadOnlyList<LedgerEntry> Rejected)
{
    /// <summary>The drafts' final ledger rows after this write.</summary>
    public IReadOnlyList<LedgerEntry> Entries { get; init; } = [];
}
