using System.Collections.Concurrent;
using System.Globalization;
using Azure.Data.Tables;
using Migration.Domain.Dedupe;

namespace Migration.Storage;

/// <summary>
/// The run's dedupe index (DedupeIndex table): which surviving user owns each dedupe key (a SHA-256 of
/// an email or a device, never the value), and which users were merged into which survivor. Kept in
/// a table so extraction's memory stays bounded however large the population. Extraction pages run
/// one at a time, so there is a single writer per run.
/// </summary>
public sealed class DedupeIndex(MigrationStorage storage)
{
    private const int TransactionLimit = 100;
    private const int ParallelReads = 16;

    /// <summary>
    /// The owners of those of <paramref name="hashes"/> already claimed. Only keys the run's filter says
    /// may have been seen are looked up; the others are certainly new.
    /// </summary>
    public async Task<IReadOnlyDictionary<string, DedupeOwner>> OwnersAsync(
        string runId, IReadOnlyCollection<string> hashes, KeyFilter filter, CancellationToken cancellationToken)
    {
        var owners = new ConcurrentDictionary<string, DedupeOwner>(StringComparer.Ordinal);
        await Parallel.ForEachAsync(hashes.Where(filter.MightContain), new ParallelOptions { MaxDegreeOfParallelism = ParallelReads, CancellationToken = cancellationToken }, async (hash, ct) =>
        {
            var found = await storage.DedupeIndex.GetEntityIfExistsAsync<TableEntity>(KeyPartition(runId, hash), hash, cancellationToken: ct).ConfigureAwait(false);
            if (found.HasValue)
                owners[hash] = new DedupeOwner(found.Value!.GetString("Owner"), found.Value.GetInt32("Batch") ?? 0);
        }).ConfigureAwait(false);
        return owners;
    }

    /// <summary>Claims keys for their owners (upserts: a rerun of the same page writes the same rows).</summary>
    public async Task ClaimAsync(string runId, IReadOnlyDictionary<string, DedupeOwner> claims, CancellationToken cancellationToken)
    {
        foreach (var partition in claims.GroupBy(c => KeyPartition(runId, c.Key)))
        {
            foreach (var chunk in partition.Chunk(TransactionLimit))
            {
                var actions = chunk.Select(c => new TableTransactionAction(TableTransactionActionType.UpsertReplace,
                    new TableEntity(partition.Key, c.Key) { ["Owner"] = c.Value.ExtId, ["Batch"] = c.Value.Batch }));
                await storage.DedupeIndex.SubmitTransactionAsync(actions, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    /// <summary>The run's key filter, or a new one sized for <paramref name="expectedKeys"/> on its first page.</summary>
    public async Task<KeyFilter> ReadFilterAsync(string runId, long expectedKeys, CancellationToken cancellationToken)
    {
        try
        {
            var content = await storage.Blobs.GetBlobClient(FilterPath(runId)).DownloadContentAsync(cancellationToken).ConfigureAwait(false);
            return KeyFilter.FromBytes(content.Value.Content.ToMemory().Span);
        }
        catch (Azure.RequestFailedException e) when (e.Status == 404)
        {
            return KeyFilter.For(expectedKeys);
        }
    }

    /// <summary>Saves the filter after a page's claims are written, so the next page sees them.</summary>
    public Task WriteFilterAsync(string runId, KeyFilter filter, CancellationToken cancellationToken) =>
        storage.Blobs.GetBlobClient(FilterPath(runId)).UploadAsync(BinaryData.FromBytes(filter.ToBytes()), overwrite: true, cancellationToken);

    /// <summary>Records users merged into survivors, filed under the survivor's staged batch.</summary>
    public async Task RecordMergesAsync(string runId, IReadOnlyCollection<MergedUser> merges, CancellationToken cancellationToken)
    {
        foreach (var batch in merges.GroupBy(m => m.SurvivorBatch))
        {
            foreach (var chunk in batch.DistinctBy(m => m.ExtId).Chunk(TransactionLimit))
            {
                var actions = chunk.Select(m => new TableTransactionAction(TableTransactionActionType.UpsertReplace,
                    new TableEntity(MergePartition(runId, batch.Key), TableKey.Escape(m.ExtId))
                    {
                        ["ExtId"] = m.ExtId,
                        ["Survivor"] = m.Survivor,
                        ["Rule"] = m.Rule.ToString(),
                    }));
                await storage.DedupeIndex.SubmitTransactionAsync(actions, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    /// <summary>Users merged into survivors staged in <paramref name="survivorBatch"/>.</summary>
    public async Task<IReadOnlyList<MergedUser>> MergesIntoBatchAsync(string runId, int survivorBatch, CancellationToken cancellationToken)
    {
        var partition = MergePartition(runId, survivorBatch);
        var merges = new List<MergedUser>();
        await foreach (var e in storage.DedupeIndex.QueryAsync<TableEntity>(e => e.PartitionKey == partition, cancellationToken: cancellationToken).ConfigureAwait(false))
            merges.Add(new MergedUser(e.GetString("ExtId"), e.GetString("Survivor"), survivorBatch, Enum.Parse<DedupeRule>(e.GetString("Rule"))));
        return merges;
    }

    private static string FilterPath(string runId) => $"runs/{runId}/dedupe/keys.bloom";

    /// <summary>
    /// 256 partitions by the hash's first two hex digits: few enough that a page's claims go in a few
    /// hundred transactions, many enough that no partition grows large. Azurite finds an entity by
    /// scanning its partition, so 16 partitions made extraction slow down with the square of the population.
    /// </summary>
    private static string KeyPartition(string runId, string hash) => $"{runId}|key|{hash[..2]}";

    private static string MergePartition(string runId, int batch) =>
        $"{runId}|merged|{batch.ToString("D6", CultureInfo.InvariantCulture)}";
}

