using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Migration.Domain.Ledger;
using Migration.Domain.Persons;
using Migration.Domain.Reconciliation;

namespace Migration.Pipedrive;

/// <summary>
/// One filter to write for one source record (a Netmera segment): its exact name and conditions, or,
/// when <see cref="Conditions"/> is null, the final state and reason it gets instead.
/// </summary>
public sealed record FilterDraft(string SourceId, string Name, FilterConditions? Conditions)
{
    public LedgerState NotWrittenState { get; init; } = LedgerState.Rejected;
    public string? ReasonCode { get; init; }
    public string? ReasonDetail { get; init; }

    public static FilterDraft NotWritten(string sourceId, string name, LedgerState state, string code, string detail) =>
        new(sourceId, name, null) { NotWrittenState = state, ReasonCode = code, ReasonDetail = detail };

    public string PayloadHash() =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(JsonSerializer.Serialize(new object?[] { SourceId, Name, Conditions }, PipedriveJson.Options))));

    /// <summary>The one condition "this person's multiple-option field holds this option", in the layout Pipedrive requires.</summary>
    public static FilterConditions PersonFieldHolds(long fieldId, long optionId) => new("and",
    [
        new FilterGroup("and", [new FilterCondition("person", fieldId.ToString(System.Globalization.CultureInfo.InvariantCulture), "=", optionId.ToString(System.Globalization.CultureInfo.InvariantCulture))]),
        new FilterGroup("or", []),
    ]);
}

/// <summary>
/// Writes a batch of Pipedrive filters exactly once, however often it runs (DESIGN §4.1): final ledger
/// rows are left alone; a new filter gets an intent row before its POST and a final row after it. Filters
/// carry no custom fields to stamp, so their name is the stamp: an intent found open, or a POST that failed
/// in a way that may have committed, is resolved by listing the filters of the type and matching the exact
/// name, never by creating again blindly. POST is never retried before that look.
/// </summary>
public sealed partial class FilterWriter(PipedriveClient client, IIdLedger ledger, ILogger<FilterWriter> log)
{
    private const int CreateAttempts = 3;

    public async Task<FilterBatchResult> WriteAsync(LedgerBatch batch, IReadOnlyList<FilterDraft> drafts, string type, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(batch);
        ArgumentNullException.ThrowIfNull(drafts);
        var rows = await ledger.ReadBatchAsync(batch, cancellationToken).ConfigureAwait(false);
        var pending = drafts.Where(d => !(rows.TryGetValue(d.SourceId, out var row) && row.IsFinal)).ToList();

        foreach (var draft in pending.Where(d => d.Conditions is null))
            await RecordNotWritten(batch, draft, draft.NotWrittenState, draft.ReasonCode, draft.ReasonDetail, cancellationToken).ConfigureAwait(false);

        var open = pending.Where(d => d.Conditions is not null && rows.ContainsKey(d.SourceId)).ToList();
        var fresh = pending.Where(d => d.Conditions is not null && !rows.ContainsKey(d.SourceId)).ToList();
        if (fresh.Count > 0)
            await ledger.RecordIntentsAsync(batch, fresh.Select(d => LedgerEntry.Intent(d.SourceId, d.PayloadHash())).ToList(), cancellationToken).ConfigureAwait(false);

        IReadOnlyList<Filter>? existing = null;
        if (open.Count > 0)
        {
            LogRecovering(log, batch.RunId, batch.BatchName, open.Count);
            existing = await client.GetFiltersAsync(type, cancellationToken).ConfigureAwait(false);
        }
        foreach (var draft in open)
        {
            if (Named(existing!, draft.Name) is { } found)
                await RecordCreated(batch, draft, found, cancellationToken).ConfigureAwait(false);
            else
                await CreateAsync(batch, draft, type, cancellationToken).ConfigureAwait(false);
        }
        foreach (var draft in fresh)
            await CreateAsync(batch, draft, type, cancellationToken).ConfigureAwait(false);

        // Counts come from what the ledger holds, not from what this attempt did, so a rerun reports the same.
        var final = await ledger.ReadBatchAsync(batch, cancellationToken).ConfigureAwait(false);
        var ids = drafts.Select(d => d.SourceId).ToHashSet(StringComparer.Ordinal);
        var entries = final.Values.Where(e => ids.Contains(e.SourceId)).ToList();
        return new FilterBatchResult(
            PhaseCounts.FromLedger(ids.Count, entries),
            entries.Where(e => e.State == LedgerState.Rejected).ToList(),
            entries);
    }

    private async Task CreateAsync(LedgerBatch batch, FilterDraft draft, string type, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                var created = await client.CreateFilterAsync(new NewFilter(draft.Name, type, draft.Conditions!), cancellationToken).ConfigureAwait(false);
                await RecordCreated(batch, draft, created.Id, cancellationToken, created.UpdateTime).ConfigureAwait(false);
                return;
            }
            catch (PipedriveValidationException e)
            {
                await RecordNotWritten(batch, draft, LedgerState.Rejected, RejectReason.PipedriveValidation, e.Message, cancellationToken).ConfigureAwait(false);
                return;
            }
            catch (PipedriveTransientException) when (attempt < CreateAttempts)
            {
                // The POST may have been committed before it failed: look before sending it again.
                if (Named(await client.GetFiltersAsync(type, cancellationToken).ConfigureAwait(false), draft.Name) is { } found)
                {
                    await RecordCreated(batch, draft, found, cancellationToken).ConfigureAwait(false);
                    return;
                }
            }
        }
    }

    /// <summary>The oldest active filter with exactly this name.</summary>
    private long? Named(IReadOnlyList<Filter> filters, string name)
    {
        var matches = filters.Where(f => f.ActiveFlag != false && string.Equals(f.Name, name, StringComparison.Ordinal)).Select(f => f.Id).Order().ToList();
        if (matches.Count > 1)
            LogSeveralNamed(log, matches.Count, matches[0]);
        return matches.Count > 0 ? matches[0] : null;
    }

    private Task RecordNotWritten(LedgerBatch batch, FilterDraft draft, LedgerState state, string? code, string? detail, CancellationToken cancellationToken) =>
        ledger.RecordAsync(batch, new LedgerEntry
        {
            SourceId = draft.SourceId,
            State = state,
            PayloadHash = draft.PayloadHash(),
            ReasonCode = code,
            ReasonDetail = detail,
        }, cancellationToken);

    private Task RecordCreated(LedgerBatch batch, FilterDraft draft, long filterId, CancellationToken cancellationToken, string? updateTime = null) =>
        ledger.RecordAsync(batch, new LedgerEntry
        {
            SourceId = draft.SourceId,
            State = LedgerState.Created,
            TargetId = filterId,
            UpdateTime = updateTime, // from the create's answer: rollback tells later edits by it
            PayloadHash = draft.PayloadHash(),
        }, cancellationToken);

    [LoggerMessage(Level = LogLevel.Information, Message = "Run {RunId} filter batch {Batch}: resolving {Count} open intents by filter name")]
    private static partial void LogRecovering(ILogger logger, string runId, string batch, int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Count} filters carry the same name; keeping the oldest, filter {FilterId}")]
    private static partial void LogSeveralNamed(ILogger logger, int count, long filterId);
}

/// <summary>What a filter batch left in the ledger: its counts, the rows it rejected, and every row (filter ids).</summary>
public sealed record FilterBatchResult(PhaseCounts Counts, IReadOnlyList<LedgerEntry> Rejected, IReadOnlyList<LedgerEntry> Entries);
