using System.Text.Json;
using Microsoft.Extensions.Logging;
using Migration.Domain.Ledger;
using Migration.Domain.Organizations;
using Migration.Domain.Persons;
using Migration.Domain.Reconciliation;

namespace Migration.Pipedrive;

/// <summary>
/// Writes one staged batch of organizations exactly once, however often it is run (DESIGN §4.1), by the rule
/// persons follow: a final ledger row is left alone; a new organization gets an intent row, then its POST, then a
/// final row; an intent found open (the process died between POST and ledger) is resolved by searching for the
/// organization stamped with its id ("org:" and its key) in the "Netmera ID" field before anything is created again.
/// A POST that fails with a 5xx is never sent again blind: the stamp is searched first. Ledger rows are keyed by
/// the stamp, which stays within a table key's length however long the name.
/// </summary>
public sealed partial class OrganizationWriter(PipedriveClient client, IIdLedger ledger, ILogger<OrganizationWriter> log)
{
    private const int CreateAttempts = 3;

    /// <param name="ownerId">The owner every organization gets (the run's default owner); null lets Pipedrive make the token's user the owner.</param>
    public async Task<OrganizationBatchResult> WriteAsync(
        LedgerBatch batch, IReadOnlyList<StagedOrganization> organizations, ProvisionedSchema schema, long? ownerId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(organizations);
        ArgumentNullException.ThrowIfNull(schema);
        var stampKey = schema.NetmeraId(FieldEntity.Organization).Key;
        var rows = await ledger.ReadBatchAsync(batch, cancellationToken).ConfigureAwait(false);
        var pending = organizations.Where(o => !(rows.TryGetValue(o.NetmeraId, out var row) && row.IsFinal)).ToList();
        var fresh = pending.Where(o => !rows.ContainsKey(o.NetmeraId)).ToList();
        if (fresh.Count > 0)
            await ledger.RecordIntentsAsync(batch, fresh.Select(o => LedgerEntry.Intent(o.NetmeraId, PayloadHash(o, ownerId))).ToList(), cancellationToken).ConfigureAwait(false);
        if (pending.Count > fresh.Count)
            LogRecovering(log, batch.RunId, batch.BatchName, pending.Count - fresh.Count);

        foreach (var organization in pending)
        {
            // Only an intent left open by an earlier attempt can have reached Pipedrive already.
            var existing = rows.ContainsKey(organization.NetmeraId)
                ? await FindStampedAsync(organization.NetmeraId, stampKey, cancellationToken).ConfigureAwait(false)
                : null;
            if (existing is { } id)
                await RecordAsync(batch, organization, ownerId, LedgerState.Created, id, null, cancellationToken).ConfigureAwait(false);
            else
                await CreateAsync(batch, organization, ownerId, stampKey, cancellationToken).ConfigureAwait(false);
        }

        // Counts come from what the ledger holds, not from what this attempt did, so a rerun reports the same.
        var final = await ledger.ReadBatchAsync(batch, cancellationToken).ConfigureAwait(false);
        var ids = organizations.Select(o => o.NetmeraId).ToHashSet(StringComparer.Ordinal);
        var entries = final.Values.Where(e => ids.Contains(e.SourceId)).ToList();
        return new OrganizationBatchResult(PhaseCounts.FromLedger(ids.Count, entries), entries.Where(e => e.State == LedgerState.Rejected).ToList());
    }

    /// <summary>The organization in v2's shape: its display name, the owner, and its stamp in the "Netmera ID" field.</summary>
    public static OrganizationWrite ToWrite(StagedOrganization organization, string stampKey, long? ownerId)
    {
        ArgumentNullException.ThrowIfNull(organization);
        return new OrganizationWrite
        {
            Name = organization.Name,
            OwnerId = ownerId,
            CustomFields = new Dictionary<string, object?> { [stampKey] = organization.NetmeraId },
        };
    }

    /// <summary>SHA-256 of what is written (name, stamp, owner), for the ledger row.</summary>
    public static string PayloadHash(StagedOrganization organization, long? ownerId)
    {
        ArgumentNullException.ThrowIfNull(organization);
        var canonical = JsonSerializer.Serialize(new object?[] { organization.NetmeraId, organization.Name, ownerId });
        return Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(canonical)));
    }

    private async Task CreateAsync(LedgerBatch batch, StagedOrganization organization, long? ownerId, string stampKey, CancellationToken cancellationToken)
    {
        var body = ToWrite(organization, stampKey, ownerId);
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                var created = await client.CreateOrganizationAsync(body, cancellationToken).ConfigureAwait(false);
                await RecordAsync(batch, organization, ownerId, LedgerState.Created, created.Id, null, cancellationToken, created.UpdateTime).ConfigureAwait(false);
                return;
            }
            catch (PipedriveValidationException e)
            {
                await RecordAsync(batch, organization, ownerId, LedgerState.Rejected, null, e.Message, cancellationToken).ConfigureAwait(false);
                return;
            }
            catch (PipedriveTransientException) when (attempt < CreateAttempts)
            {
                // The POST may have been committed before it failed: look before sending it again.
                if (await FindStampedAsync(organization.NetmeraId, stampKey, cancellationToken).ConfigureAwait(false) is { } existing)
                {
                    await RecordAsync(batch, organization, ownerId, LedgerState.Created, existing, null, cancellationToken).ConfigureAwait(false);
                    return;
                }
            }
        }
    }

    private Task RecordAsync(
        LedgerBatch batch, StagedOrganization organization, long? ownerId, LedgerState state, long? id, string? rejection, CancellationToken cancellationToken,
        string? updateTime = null) =>
        ledger.RecordAsync(batch, new LedgerEntry
        {
            SourceId = organization.NetmeraId,
            State = state,
            TargetId = id,
            UpdateTime = updateTime, // from the create's answer: rollback tells later edits by it
            PayloadHash = PayloadHash(organization, ownerId),
            ReasonCode = rejection is null ? null : RejectReason.PipedriveValidation,
            ReasonDetail = rejection,
        }, cancellationToken);

    /// <summary>The oldest live organization carrying this stamp in the account's Netmera ID field, if any.</summary>
    private async Task<long?> FindStampedAsync(string stamp, string stampKey, CancellationToken cancellationToken)
    {
        var candidates = await client.FindOrganizationsByCustomFieldAsync(stamp, cancellationToken).ConfigureAwait(false);
        var matches = new List<long>();
        foreach (var id in candidates.Order())
        {
            // Search matches any custom field, case-insensitively; only the exact stamp in the Netmera ID field counts.
            var organization = await client.GetOrganizationAsync(id, cancellationToken).ConfigureAwait(false);
            if (organization.IsDeleted != true
                && organization.CustomFields is { } fields
                && fields.TryGetValue(stampKey, out var value)
                && value is { ValueKind: JsonValueKind.String } text
                && string.Equals(text.GetString(), stamp, StringComparison.Ordinal))
                matches.Add(id);
        }
        if (matches.Count > 1)
            LogSeveralStamped(log, matches.Count, matches[0]);
        return matches.Count > 0 ? matches[0] : null;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Run {RunId} organization batch {Batch}: resolving {Count} open intents by Netmera ID search")]
    private static partial void LogRecovering(ILogger logger, string runId, string batch, int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Count} organizations carry the same Netmera ID; keeping the oldest, organization {OrganizationId}")]
    private static partial void LogSeveralStamped(ILogger logger, int count, long organizationId);
}

/// <summary>What an organization batch write left in the ledger: its counts and the rows it rejected.</summary>
public sealed record OrganizationBatchResult(PhaseCounts Counts, IReadOnlyList<LedgerEntry> Rejected);
