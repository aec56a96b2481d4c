using System.Globalization;
using Migration.Domain;
using Migration.Domain.Ledger;
using Migration.Domain.Mapping;
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

    public static LedgerBatch LedgerBatchOf(string runId, int batch) =>
        new(runId, LoadPersonsBatchActivity.LedgerObjectType, batch.ToString("D6", CultureInfo.InvariantCulture));
}
