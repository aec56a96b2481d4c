using System.Text.Json;
using Microsoft.Extensions.Logging;
using Migration.Domain.Campaigns;
using Migration.Domain.Ledger;
using Migration.Domain.Persons;
using Migration.Domain.Reconciliation;

namespace Migration.Pipedrive;

/// <summary>
/// Writes one staged batch of campaign deals exactly once, however often it is run (DESIGN §4.1), by the rule
/// persons follow: a final ledger row is left alone; a new deal gets an intent row, then its POST, then a final
/// row; an intent found open (the process died between POST and ledger) is resolved by searching for the deal
/// stamped with the campaign key in its "Netmera ID" field before anything is created again. A POST that fails
/// with a 5xx is never sent again blind: the stamp is searched first.
/// </summary>
public sealed partial class DealWriter(PipedriveClient client, IIdLedger ledger, ILogger<DealWriter> log)
{
    private const int CreateAttempts = 3;

    public async Task<DealBatchResult> WriteAsync(LedgerBatch batch, IReadOnlyList<DealDraft> deals, ProvisionedSchema schema, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(deals);
        ArgumentNullException.ThrowIfNull(schema);
        var stampKey = schema.NetmeraId(FieldEntity.Deal).Key;
        var rows = await ledger.ReadBatchAsync(batch, cancellationToken).ConfigureAwait(false);
        var pending = deals.Where(d => !(rows.TryGetValue(d.NetmeraId, out var row) && row.IsFinal)).ToList();
        var fresh = pending.Where(d => !rows.ContainsKey(d.NetmeraId)).ToList();
        if (fresh.Count > 0)
            await ledger.RecordIntentsAsync(batch, fresh.Select(d => LedgerEntry.Intent(d.NetmeraId, d.PayloadHash())).ToList(), cancellationToken).ConfigureAwait(false);
        if (pending.Count > fresh.Count)
            LogRecovering(log, batch.RunId, batch.BatchName, pending.Count - fresh.Count);

        foreach (var deal in pending)
        {
            // Only an intent left open by an earlier attempt can have reached Pipedrive already.
            var existing = rows.ContainsKey(deal.NetmeraId) ? await FindStampedAsync(deal.NetmeraId, stampKey, cancellationToken).ConfigureAwait(false) : null;
            if (existing is { } id)
                await RecordAsync(batch, deal, LedgerState.Created, id, null, cancellationToken).ConfigureAwait(false);
            else
                await CreateAsync(batch, deal, schema, stampKey, cancellationToken).ConfigureAwait(false);
        }

        // Counts come from what the ledger holds, not from what this attempt did, so a rerun reports the same.
        var final = await ledger.ReadBatchAsync(batch, cancellationToken).ConfigureAwait(false);
        var ids = deals.Select(d => d.NetmeraId).ToHashSet(StringComparer.Ordinal);
        var entries = final.Values.Where(e => ids.Contains(e.SourceId)).ToList();
        return new DealBatchResult(PhaseCounts.FromLedger(ids.Count, entries), entries.Where(e => e.State == LedgerState.Rejected).ToList());
    }

    /// <summary>
    /// The deal in v2's shape: in the campaign pipeline, at the stage named by the draft (the pipeline's first stage
    /// when it names none), open, with every mapped value by the schema's keys and the campaign key stamped.
    /// Throws <see cref="MappedValueException"/> when a value or the stage does not fit the schema.
    /// </summary>
    public static DealWrite ToWrite(DealDraft deal, ProvisionedSchema schema)
    {
        ArgumentNullException.ThrowIfNull(deal);
        ArgumentNullException.ThrowIfNull(schema);
        var pipeline = schema.CampaignPipeline
            ?? throw new MappedValueException($"The provisioned schema has no '{Domain.Mapping.SchemaRequirements.CampaignPipelineName}' pipeline.");
        long? stageId = deal.Stage is { } name
            ? pipeline.Stage(name)?.Id ?? throw new MappedValueException($"'{name}' is not a stage of the pipeline '{pipeline.Name}'.")
            : null;
        var custom = MappedValues.CustomFields(deal.CustomValues, schema, FieldEntity.Deal);
        custom[schema.NetmeraId(FieldEntity.Deal).Key] = deal.NetmeraId;
        return new DealWrite
        {
            Title = deal.Title,
            PipelineId = pipeline.Id,
            StageId = stageId,
            Status = "open",
            Value = deal.Value,
            ExpectedCloseDate = deal.ExpectedCloseDate?.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
            CustomFields = custom,
        };
    }

    private async Task CreateAsync(LedgerBatch batch, DealDraft deal, ProvisionedSchema schema, string stampKey, CancellationToken cancellationToken)
    {
        DealWrite body;
        try
        {
            body = ToWrite(deal, schema);
        }
        catch (MappedValueException e)
        {
            await RecordAsync(batch, deal, LedgerState.Rejected, null, $"Not sent: {e.Message}", cancellationToken).ConfigureAwait(false);
            return;
        }

        for (var attempt = 1; ; attempt++)
        {
            try
            {
                var created = await client.CreateDealAsync(body, cancellationToken).ConfigureAwait(false);
                await RecordAsync(batch, deal, LedgerState.Created, created.Id, null, cancellationToken, created.UpdateTime).ConfigureAwait(false);
                return;
            }
            catch (PipedriveValidationException e)
            {
                await RecordAsync(batch, deal, LedgerState.Rejected, null, e.Message, cancellationToken).ConfigureAwait(false);
                return;
            }
            catch (PipedriveTransientException) when (attempt < CreateAttempts)
            {
                // The POST may have been committed before it failed: look before sending it again.
                if (await FindStampedAsync(deal.NetmeraId, stampKey, cancellationToken).ConfigureAwait(false) is { } existing)
                {
                    await RecordAsync(batch, deal, LedgerState.Created, existing, null, cancellationToken).ConfigureAwait(false);
                    return;
                }
            }
        }
    }

    private Task RecordAsync(
        LedgerBatch batch, DealDraft deal, LedgerState state, long? dealId, string? rejectDetail, CancellationToken cancellationToken, string? updateTime = null) =>
        ledger.RecordAsync(batch, new LedgerEntry
        {
            SourceId = deal.NetmeraId,
            State = state,
            TargetId = dealId,
            UpdateTime = updateTime, // from the create's answer: rollback tells later edits by it
            PayloadHash = deal.PayloadHash(),
            ReasonCode = rejectDetail is null ? null : RejectReason.PipedriveValidation,
            ReasonDetail = rejectDetail,
        }, cancellationToken);

    /// <summary>The oldest live deal carrying this campaign key in the deal "Netmera ID" field, if any.</summary>
    private async Task<long?> FindStampedAsync(string campaignKey, string stampKey, CancellationToken cancellationToken)
    {
        var matches = new List<long>();
        foreach (var id in (await client.FindDealsByCustomFieldAsync(campaignKey, cancellationToken).ConfigureAwait(false)).Order())
        {
            // Search matches any custom field and parts of words; only the exact stamp counts.
            var deal = await client.GetDealAsync(id, cancellationToken).ConfigureAwait(false);
            if (deal.IsDeleted != true
                && deal.CustomFields?.GetValueOrDefault(stampKey) is { ValueKind: JsonValueKind.String } stamp
                && string.Equals(stamp.GetString(), campaignKey, StringComparison.Ordinal))
                matches.Add(id);
        }
        if (matches.Count > 1)
            LogSeveralStamped(log, matches.Count, matches[0]);
        return matches.Count > 0 ? matches[0] : null;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Run {RunId} deal batch {Batch}: resolving {Count} open intents by Netmera ID search")]
    private static partial void LogRecovering(ILogger logger, string runId, string batch, int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Count} deals carry the same campaign key; keeping the oldest, deal {DealId}")]
    private static partial void LogSeveralStamped(ILogger logger, int count, long dealId);
}

/// <summary>What a deal batch write left in the ledger: its counts and the rows it rejected.</summary>
public sealed record DealBatchResult(PhaseCounts Counts, IReadOnlyList<LedgerEntry> Rejected);
