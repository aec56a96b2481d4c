using System.Text.Json;
using Migration.Domain.Ledger;
using Migration.Domain.Persons;
using Migration.Domain.Reconciliation;
using Microsoft.Extensions.Logging;

namespace Migration.Pipedrive;

/// <summary>
/// Writes one staged batch of persons exactly once, however often it is run (DESIGN §4.1):
/// final ledger rows are left alone; new records get an intent row before their POST and a final row
/// after it; an intent found open (the process died between the two) is resolved by searching for the
/// person stamped with its Netmera id before anything is created again.
/// </summary>
public sealed partial class PersonWriter(PipedriveClient client, IIdLedger ledger, ILogger<PersonWriter> log)
{
    private const int CreateAttempts = 3;

    /// <summary>Writes name, email, phone and the Netmera ID only (the first slice's callers).</summary>
    public Task<PersonBatchResult> WriteAsync(
        LedgerBatch batch, IReadOnlyList<PersonMappingOutcome> outcomes, string netmeraIdKey, CancellationToken cancellationToken) =>
        WriteAsync(batch, outcomes, netmeraIdKey, person => ToWrite(person, netmeraIdKey), cancellationToken);

    /// <summary>
    /// Writes every mapped value (<see cref="ToWrite(PersonDraft, ProvisionedSchema, OwnerDirectory?, OrganizationDirectory?)"/>); the
    /// Netmera ID key is the schema's person "Netmera ID" field. A person whose values do not fit the schema
    /// (an option or label it does not have) is rejected, not sent.
    /// </summary>
    public Task<PersonBatchResult> WriteAsync(
        LedgerBatch batch, IReadOnlyList<PersonMappingOutcome> outcomes, ProvisionedSchema schema, OwnerDirectory? owners, CancellationToken cancellationToken) =>
        WriteAsync(batch, outcomes, schema, owners, null, cancellationToken);

    /// <summary>As above, each person linked to its organization (<c>org_id</c>) when <paramref name="organizations"/> resolves it.</summary>
    public Task<PersonBatchResult> WriteAsync(
        LedgerBatch batch, IReadOnlyList<PersonMappingOutcome> outcomes, ProvisionedSchema schema, OwnerDirectory? owners,
        OrganizationDirectory? organizations, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(schema);
        return WriteAsync(batch, outcomes, schema.NetmeraId(FieldEntity.Person).Key, person => ToWrite(person, schema, owners, organizations), cancellationToken);
    }

    private async Task<PersonBatchResult> WriteAsync(
        LedgerBatch batch, IReadOnlyList<PersonMappingOutcome> outcomes, string netmeraIdKey, Func<PersonDraft, PersonWrite> toWrite, CancellationToken cancellationToken)
    {
        var rows = await ledger.ReadBatchAsync(batch, cancellationToken).ConfigureAwait(false);
        var pending = outcomes.Where(o => !(rows.TryGetValue(o.ExtId, out var row) && row.IsFinal)).ToList();

        var refused = pending.Where(o => o.IsRejected).Select(o => new LedgerEntry
        {
            SourceId = o.ExtId,
            State = LedgerState.Rejected,
            ReasonCode = o.RejectCode,
            ReasonDetail = o.RejectDetail,
        }).ToList();

        var open = pending.Where(o => !o.IsRejected && rows.ContainsKey(o.ExtId)).ToList();
        var fresh = pending.Where(o => !o.IsRejected && !rows.ContainsKey(o.ExtId)).ToList();

        // The batch lease makes this attempt the batch's only writer, so the ledger now holds what was read plus what is written here.
        var final = new Dictionary<string, LedgerEntry>(rows, StringComparer.Ordinal);
        if (open.Count > 0)
            LogRecovering(log, batch.RunId, batch.BatchName, open.Count);
        foreach (var outcome in open)
        {
            var hash = outcome.Person!.PayloadHash();
            var entry = await FindStampedAsync(outcome.ExtId, netmeraIdKey, cancellationToken).ConfigureAwait(false) is { } existing
                ? Created(outcome.Person!, hash, existing)
                : await CreateRounds.OneAsync(CreateAsync(outcome.Person!, hash, netmeraIdKey, toWrite, cancellationToken)).ConfigureAwait(false);
            await ledger.RecordAsync(batch, entry, cancellationToken).ConfigureAwait(false);
            final[entry.SourceId] = entry;
        }
        // The hash goes in the intent and again in the final row: serialise and hash each person once.
        var hashes = new Dictionary<PersonMappingOutcome, string>(ReferenceEqualityComparer.Instance);
        foreach (var outcome in fresh)
            hashes[outcome] = outcome.Person!.PayloadHash();
        var written = await CreateRounds.RunAsync(ledger, batch, fresh, o => LedgerEntry.Intent(o.ExtId, hashes[o]),
            o => CreateAsync(o.Person!, hashes[o], netmeraIdKey, toWrite, cancellationToken), cancellationToken, refused).ConfigureAwait(false);
        foreach (var entry in written)
            final[entry.SourceId] = entry;

        // Counts come from what the ledger holds, not from what this attempt did, so a rerun reports the same.
        var ids = outcomes.Select(o => o.ExtId).ToHashSet(StringComparer.Ordinal);
        var entries = final.Values.Where(e => ids.Contains(e.SourceId)).ToList();
        return new PersonBatchResult(
            PhaseCounts.FromLedger(ids.Count, entries),
            entries.Where(e => e.State == LedgerState.Rejected).ToList());
    }

    public static PersonWrite ToWrite(PersonDraft person, string netmeraIdKey) => new()
    {
        Name = person.Name,
        Emails = person.Email is null ? null : [new ContactValue(person.Email, true, "work")],
        Phones = person.Phone is null ? null : [new ContactValue(person.Phone, true, "mobile")],
        CustomFields = new Dictionary<string, object?> { [netmeraIdKey] = person.NetmeraId },
    };

    /// <summary>
    /// The person with every mapped value in v2's shapes (<see cref="MappedValues"/>): custom fields by the
    /// schema's keys, labels as <c>label_ids</c>, the owner resolved by <paramref name="owners"/> as <c>owner_id</c>
    /// (left out when it resolves to nobody: Pipedrive then makes the token's user the owner), the organization resolved
    /// by <paramref name="organizations"/> as <c>org_id</c> (left out when it has none or it was not created). Empty values are left
    /// out. Throws <see cref="MappedValueException"/> when a value does not fit the schema.
    /// </summary>
    public static PersonWrite ToWrite(PersonDraft draft, ProvisionedSchema schema, OwnerDirectory? owners, OrganizationDirectory? organizations = null)
    {
        ArgumentNullException.ThrowIfNull(draft);
        ArgumentNullException.ThrowIfNull(schema);
        var custom = MappedValues.CustomFields(draft.CustomValues, schema, FieldEntity.Person);
        custom[schema.NetmeraId(FieldEntity.Person).Key] = draft.NetmeraId;
        var labelIds = draft.Labels
            .Where(l => !string.IsNullOrWhiteSpace(l))
            .Select(l => schema.PersonLabel(l)?.Id ?? throw new MappedValueException($"The person label '{l}' is not in the provisioned schema."))
            .Distinct()
            .ToList();
        return new PersonWrite
        {
            Name = draft.Name,
            Emails = draft.Email is null ? null : [new ContactValue(draft.Email, true, "work")],
            Phones = draft.Phone is null ? null : [new ContactValue(draft.Phone, true, "mobile")],
            OwnerId = owners?.Resolve(draft.Owner),
            OrgId = organizations?.Resolve(draft.Organization),
            LabelIds = labelIds.Count == 0 ? null : labelIds,
            CustomFields = custom,
        };
    }

    /// <summary>Creates the person (looking for it first after a failure that may have committed); returns its final ledger row.</summary>
    private async Task<LedgerEntry> CreateAsync(
        PersonDraft person, string payloadHash, string netmeraIdKey, Func<PersonDraft, PersonWrite> toWrite, CancellationToken cancellationToken)
    {
        PersonWrite body;
        try
        {
            body = toWrite(person);
        }
        catch (MappedValueException e)
        {
            return Rejected(person, payloadHash, $"Not sent: {e.Message}");
        }

        for (var attempt = 1; ; attempt++)
        {
            try
            {
                var created = await client.CreatePersonAsync(body, cancellationToken).ConfigureAwait(false);
                return Created(person, payloadHash, created.Id, created.UpdateTime);
            }
            catch (PipedriveValidationException e)
            {
                return Rejected(person, payloadHash, e.Message);
            }
            catch (PipedriveBudgetExhaustedException e) when (attempt == 1)
            {
                throw new NeverSentException(e);
            }
            catch (PipedriveTransientException) when (attempt < CreateAttempts)
            {
                // The POST may have been committed before it failed: look before sending it again.
                if (await FindStampedAsync(person.NetmeraId, netmeraIdKey, cancellationToken).ConfigureAwait(false) is { } existing)
                    return Created(person, payloadHash, existing);
            }
        }
    }

    private static LedgerEntry Rejected(PersonDraft person, string payloadHash, string detail) => new()
    {
        SourceId = person.NetmeraId,
        State = LedgerState.Rejected,
        PayloadHash = payloadHash,
        ReasonCode = RejectReason.PipedriveValidation,
        ReasonDetail = detail,
    };

    /// <param name="updateTime">Pipedrive's update_time from the create's answer (rollback tells later edits by it); null when resolved by search.</param>
    private static LedgerEntry Created(PersonDraft person, string payloadHash, long personId, string? updateTime = null) => new()
    {
        SourceId = person.NetmeraId,
        State = LedgerState.Created,
        TargetId = personId,
        PayloadHash = payloadHash,
        UpdateTime = updateTime,
    };

    /// <summary>The person carrying this Netmera id in the account's Netmera ID field, if any.</summary>
    private async Task<long?> FindStampedAsync(string netmeraId, string netmeraIdKey, CancellationToken cancellationToken)
    {
        var candidates = await client.FindPersonsByCustomFieldAsync(netmeraId, cancellationToken).ConfigureAwait(false);
        var matches = new List<long>();
        foreach (var id in candidates.Order())
        {
            // Search matches any custom field; only the Netmera ID field counts.
            var person = await client.GetPersonAsync(id, cancellationToken).ConfigureAwait(false);
            if (person.IsDeleted != true
                && person.CustomFields is { } fields
                && fields.TryGetValue(netmeraIdKey, out var value)
                && value is { ValueKind: JsonValueKind.String } text
                && string.Equals(text.GetString(), netmeraId, StringComparison.Ordinal))
                matches.Add(id);
        }
        if (matches.Count > 1)
            LogSeveralStamped(log, matches.Count, matches[0]);
        return matches.Count > 0 ? matches[0] : null;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Run {RunId} batch {Batch}: resolving {Count} open intents by Netmera ID search")]
    private static partial void LogRecovering(ILogger logger, string runId, string batch, int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Count} persons carry the same Netmera ID; keeping the oldest, person {PersonId}")]
    private static partial void LogSeveralStamped(ILogger logger, int count, long personId);
}

/// <summary>What a batch write left in the ledger: its counts and the rows it rejected.</summary>
public sealed record PersonBatchResult(PhaseCounts Counts, IReadOnlyList<LedgerEntry> Rejected);
