using System.Globalization;
using Migration.Domain.Cutover;
using Migration.Domain.Ledger;
using Migration.Domain.Source;
using Migration.Domain.Staging;
using Migration.Storage;
using Migration.Workflow.Activities;

namespace Migration.Workflow;

/// <summary>
/// One user a delta sync found to move, as staged between its steps: New and Changed carry the user (with the extras its
/// batch was routed); Changed and Gone name the ledger batch of the person's row, its Pipedrive id and (Gone) the hash
/// last written.
/// </summary>
public sealed record DeltaFound(DeltaKind Kind, string ExtId, string? LedgerBatch, long? PersonId, SourceUser? User)
{
    public string? Hash { get; init; }
}

/// <summary>
/// The values a delta sync replaced or removed, one line per person in
/// <c>runs/{runId}/delta/{sync:D4}/before-images/{batch:D6}.ndjson.gz</c> (docs/cutover.md). <see cref="Restore"/> is the
/// v2 PATCH body that puts the old values back (Kind <c>update</c> and <c>label</c>); for <c>delete</c> it is the person
/// as Pipedrive held it before the delete.
/// </summary>
public sealed record BeforeImage(string ExtId, long PersonId, string Kind, IReadOnlyList<string> Fields, System.Text.Json.JsonElement Restore)
{
    public const string Update = "update";
    public const string Label = "label";
    public const string Delete = "delete";
}

/// <summary>A person a delta sync created: its hashed Netmera id and the ledger batch of its row (the delta index).</summary>
public sealed record DeltaIndexEntry(ulong Key, string LedgerBatch);

/// <summary>Where delta syncs keep their blobs under the run's prefix (<c>delta/…</c>) and their ledger partitions.</summary>
internal static class DeltaStaging
{
    /// <summary>The label a person gone from Netmera gets (deleting instead is the cutover's <c>deleteGone</c>).</summary>
    public const string RemovedLabel = "Netmera: removed";

    /// <summary>Ledger object types: a sync's updates, its gone marks, and the newest hash or mark per person (by the person's own batch).</summary>
    public const string UpdatesObject = "person-delta";
    public const string GoneObject = "person-gone";
    public const string CurrentObject = "person-current";

    public const int GoneRangeBatches = 20;
    public const int ApplyBatchSize = 100;

    public const string IndexFolder = "delta/index/";

    public static string Folder(int sync) => $"delta/{sync.ToString("D4", CultureInfo.InvariantCulture)}/";

    public static string CachePath(int sync, int page) => $"{Folder(sync)}cache/{Key(page)}.ndjson.gz";
    public static string FoundPath(int sync, int page) => $"{Folder(sync)}found/{Key(page)}.ndjson.gz";
    public static string GoneFoundPath(int sync, int range) => $"{Folder(sync)}found/gone-{Key(range)}.ndjson.gz";
    public static string SeenPath(int sync, int page) => $"{Folder(sync)}seen/{Key(page)}.ndjson.gz";
    public static string SeenAllPath(int sync) => $"{Folder(sync)}seen.ndjson.gz";
    public static string GoneUnitsPath(int sync) => $"{Folder(sync)}gone-units.ndjson.gz";
    public static string ApplyPath(int sync, int batch) => $"{Folder(sync)}apply/{Key(batch)}.ndjson.gz";
    public static string BeforeImagesPath(int sync, int batch) => $"{Folder(sync)}before-images/{Key(batch)}.ndjson.gz";
    public static string IndexPartPath(int sync, int batch) => $"{IndexFolder}{SyncBatch(sync, batch)}.ndjson.gz";

    public static string Phase(int sync) => $"delta-{sync.ToString("D4", CultureInfo.InvariantCulture)}";

    public static string InstanceId(string runId, int sync) => Domain.Runs.RunId.PhaseInstance(runId, Phase(sync));

    public static string SyncBatch(int sync, int batch) => $"{sync.ToString("D4", CultureInfo.InvariantCulture)}-{Key(batch)}";

    /// <summary>The person ledger batch a sync's new persons are written under, like any person the run created.</summary>
    public static LedgerBatch CreatedBatch(string runId, int sync, int batch) => new(runId, LoadPersonsBatchActivity.LedgerObjectType, CreatedBatchPrefix + SyncBatch(sync, batch));

    /// <summary>How the names of the person ledger batches delta syncs create in begin (rollback lists them by it).</summary>
    public const string CreatedBatchPrefix = "delta-";

    public static LedgerBatch UpdatesBatch(string runId, int sync, int batch) => new(runId, UpdatesObject, SyncBatch(sync, batch));

    public static LedgerBatch GoneBatch(string runId, int sync, int batch) => new(runId, GoneObject, SyncBatch(sync, batch));

    public static LedgerBatch PersonBatch(string runId, string ledgerBatch) => new(runId, LoadPersonsBatchActivity.LedgerObjectType, ledgerBatch);

    public static LedgerBatch CurrentBatch(string runId, string ledgerBatch) => new(runId, CurrentObject, ledgerBatch);

    /// <summary>The staged batch number behind a ledger batch name, when it is one (delta batches are not).</summary>
    public static int? StagedBatchOf(string ledgerBatch) =>
        int.TryParse(ledgerBatch, NumberStyles.None, CultureInfo.InvariantCulture, out var batch) ? batch : null;

    public static string StagedLedgerBatch(int batch) => Key(batch);

    /// <summary>The persons every delta sync created so far, by hashed Netmera id (one part per apply batch that created any).</summary>
    public static async Task<Dictionary<ulong, string>> ReadIndexAsync(StagingStore staging, string runId, CancellationToken cancellationToken)
    {
        var index = new Dictionary<ulong, string>();
        foreach (var part in await staging.ListArtifactsAsync(runId, IndexFolder, cancellationToken).ConfigureAwait(false))
        {
            foreach (var entry in await staging.ReadLinesAsync<DeltaIndexEntry>(runId, part, cancellationToken).ConfigureAwait(false))
                index.TryAdd(entry.Key, entry.LedgerBatch);
        }
        return index;
    }

    private static string Key(int number) => number.ToString("D6", CultureInfo.InvariantCulture);
}
