using System.Globalization;
using Migration.Domain;
using Migration.Domain.Ledger;
using Migration.Domain.Mapping;
using Migration.Domain.Persons;
using Migration.Domain.Source;
using Migration.Domain.Staging;
using Migration.Pipedrive;
using Migration.Storage;
using Migration.Workflow.Activities;

namespace Migration.Workflow;

/// <summary>
/// What every step that writes or reads persons after the mapping gate shares: the approved map, the
/// owner directory it needs, and the ledger partition of a staged batch (the sample, the load and the
/// verification use the same rows).
/// </summary>
internal static class PersonWriting
{
    public static async Task<FieldMap> ApprovedMapAsync(MappingStore mappings, string runId, CancellationToken cancellationToken) =>
        await mappings.GetApprovedAsync(runId, cancellationToken).ConfigureAwait(false)
        ?? throw new OperatorActionRequiredException($"Run {runId} has no approved field map. Approve a version at POST .../approvals/mapping.");

    /// <summary>
    /// The company's users when the map sends an owner (one read per activity); only the default owner
    /// when there is one; else none, and Pipedrive makes the token's user the owner.
    /// </summary>
    public static async Task<OwnerDirectory?> OwnersAsync(FieldMap map, PipedriveClient client, long? defaultOwnerId, CancellationToken cancellationToken) =>
        map.Lines.Any(l => l.Target is { Entity: TargetEntities.Person, Kind: TargetKinds.Standard, Name: "owner_id" })
            ? await OwnerDirectory.ReadAsync(client, defaultOwnerId, cancellationToken).ConfigureAwait(false)
            : defaultOwnerId is { } id ? new OwnerDirectory([], id) : null;

    /// <summary>
    /// A staged batch's users with their routed extras merged in (<see cref="PersonExtras.ApplyTo"/>): event summaries, file
    /// tags, survey answers and segments. A batch routing wrote no extras for (none routed yet, or nothing to route) reads as is.
    /// </summary>
    public static async Task<IReadOnlyList<SourceUser>> ReadPersonBatchAsync(StagingStore staging, string runId, int batch, CancellationToken cancellationToken)
    {
        var users = await staging.ReadBatchAsync(runId, StagedBatch.Name(StagedBatch.Persons, batch), cancellationToken).ConfigureAwait(false);
        var extras = (await staging.ReadLinesAsync<PersonExtras>(runId, StagedBatch.Name(StagedBatch.PersonExtras, batch), cancellationToken).ConfigureAwait(false))
            .ToDictionary(e => e.ExtId, StringComparer.Ordinal);
        return extras.Count == 0 ? users : [.. users.Select(u => extras.TryGetValue(u.ExtId, out var e) ? e.ApplyTo(u) : u)];
    }

    /// <summary>
    /// The Pipedrive organizations these persons link to, from the organization ledger (only the partitions they need);
    /// empty when none has an organization or organizations were not planned.
    /// </summary>
    public static async Task<OrganizationDirectory> OrganizationsAsync(
        StagingStore staging, IIdLedger ledger, string runId, IEnumerable<PersonMappingOutcome> outcomes, CancellationToken cancellationToken)
    {
        var keys = outcomes.Select(o => o.Person?.Organization).OfType<string>().ToList();
        if (keys.Count == 0)
            return OrganizationDirectory.Empty;
        var index = await new OrganizationStaging(staging).ReadIndexAsync(runId, cancellationToken).ConfigureAwait(false);
        return await OrganizationDirectory.ReadAsync(ledger, runId, index, keys, cancellationToken).ConfigureAwait(false);
    }

    public static LedgerBatch LedgerBatchOf(string runId, int batch) =>
        new(runId, LoadPersonsBatchActivity.LedgerObjectType, batch.ToString("D6", CultureInfo.InvariantCulture));
}
