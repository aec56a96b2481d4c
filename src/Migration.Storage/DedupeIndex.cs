using System.Buffers;
using System.Collections.Concurrent;
using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text.Json.Serialization;
using Azure;
using Azure.Data.Tables;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Azure.Storage.Blobs.Specialized;
using Migration.Domain.Dedupe;

namespace Migration.Storage;

/// <summary>
/// The run's dedupe index: which surviving user owns each dedupe key (a SHA-256 of an external id, an
/// email or a device, never the value), and which users were merged into which survivor. The keys live
/// in sorted runs in Blob storage, merged like a binary counter (a page's claims are a run of one page;
/// two runs of the same number of pages become one), so a run of N pages holds at most log2(N) + 1
/// runs, each with an index of block fences and a Bloom filter: a lookup reads only the blocks that may
/// hold the keys it asks for, and memory stays bounded however large the population. A manifest blob
/// names the runs. Extraction pages run one at a time, so there is a single writer per run; the
/// manifest is replaced only if nobody replaced it since it was read. Runs started before the index
/// moved out of the table cannot resume extraction. Merges stay in the DedupeIndex table, filed under
/// the survivor's batch. See docs/design-notes.md, note 9.
/// </summary>
public sealed class DedupeIndex(MigrationStorage storage)
{
    private const int TransactionLimit = 100;

    /// <summary>The index as it stands before a page is staged: look its keys up, then claim the new ones.</summary>
    public async Task<DedupeIndexView> OpenAsync(string runId, CancellationToken cancellationToken)
    {
        try
        {
            var content = await storage.Blobs.GetBlobClient(ManifestPath(runId)).DownloadContentAsync(cancellationToken).ConfigureAwait(false);
            var manifest = content.Value.Content.ToObjectFromJson<DedupeManifest>(StorageJson.Options)
                ?? throw new InvalidDataException($"The dedupe manifest of run {runId} is empty.");
            return new DedupeIndexView(storage, runId, manifest, content.Value.Details.ETag);
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            return new DedupeIndexView(storage, runId, new DedupeManifest(0, []), null);
        }
    }

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
        await foreach (var e in storage.DedupeIndex.QueryAsync<TableEntity>(TableKey.PartitionIs(partition), cancellationToken: cancellationToken).ConfigureAwait(false))
            merges.Add(new MergedUser(e.GetString("ExtId"), e.GetString("Survivor"), survivorBatch, Enum.Parse<DedupeRule>(e.GetString("Rule"))));
        return merges;
    }

    internal static string ManifestPath(string runId) => $"runs/{runId}/dedupe/manifest.json";

    private static string MergePartition(string runId, int batch) =>
        $"{runId}|merged|{batch.ToString("D6", CultureInfo.InvariantCulture)}";
}

/// <summary>The runs of a run's dedupe index, oldest first; <c>Appended</c> counts the claims appended so far.</summary>
internal sealed record DedupeManifest(int Appended, IReadOnlyList<DedupeRun> Runs);

/// <summary>A sorted run (blobs <c>{Name}.keys</c> and <c>{Name}.index</c>) holding the claims appended <c>From</c> to <c>To</c>.</summary>
internal sealed record DedupeRun(string Name, int From, int To, long Keys)
{
    [JsonIgnore]
    public int Pages => To - From + 1;
}

/// <summary>
/// The dedupe index of one run as read before a page is staged. Used for one page: look the page's
/// keys up, then claim what it kept.
/// </summary>
public sealed class DedupeIndexView
{
    private const int ParallelReads = 16;
    private const int WriteBuffer = 256 * 1024;

    private readonly MigrationStorage storage;
    private readonly string runId;
    private readonly DedupeManifest manifest;
    private readonly ETag? etag;
    private readonly Dictionary<string, DedupeOwner> known = new(StringComparer.Ordinal);

    internal DedupeIndexView(MigrationStorage storage, string runId, DedupeManifest manifest, ETag? etag)
    {
        this.storage = storage;
        this.runId = runId;
        this.manifest = manifest;
        this.etag = etag;
    }

    /// <summary>The number of sorted runs the index is in.</summary>
    public int Runs => manifest.Runs.Count;

    /// <summary>The keys claimed so far.</summary>
    public long Keys => manifest.Runs.Sum(r => r.Keys);

    /// <summary>
    /// The owners of those of <paramref name="hashes"/> already claimed. Each run's filter says which keys
    /// it may hold; only their blocks are read. A key claimed again (only a page staged again claims a
    /// key it found claimed: its own) has its latest owner, as the page's batches were written last.
    /// </summary>
    public async Task<IReadOnlyDictionary<string, DedupeOwner>> OwnersAsync(IReadOnlyCollection<string> hashes, CancellationToken cancellationToken)
    {
        var owners = new Dictionary<string, DedupeOwner>(StringComparer.Ordinal);
        if (manifest.Runs.Count == 0 || hashes.Count == 0)
            return owners;

        var wanted = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var hash in hashes)
            wanted.TryAdd(Convert.ToHexStringLower(Convert.FromHexString(hash)), hash);
        var keys = wanted.Keys.Select(Convert.FromHexString).ToList();

        var runs = manifest.Runs;
        var indexes = new KeyRunIndex[runs.Count];
        await Parallel.ForEachAsync(Enumerable.Range(0, runs.Count), Reads(cancellationToken), async (i, ct) =>
        {
            var content = await Blob(runs[i].Name + ".index").DownloadContentAsync(ct).ConfigureAwait(false);
            indexes[i] = KeyRunIndex.Parse(content.Value.Content.ToMemory().Span);
        }).ConfigureAwait(false);

        var reads = new List<(int Run, int First, int Last)>();
        for (var i = 0; i < runs.Count; i++)
        {
            var index = indexes[i];
            var blocks = keys.Where(k => index.Filter.MightContain(k)).Select(k => index.BlockOf(k)).Where(b => b >= 0).Distinct().Order();
            foreach (var block in blocks)
            {
                if (reads.Count > 0 && reads[^1].Run == i && reads[^1].Last == block - 1)
                    reads[^1] = (i, reads[^1].First, block);
                else
                    reads.Add((i, block, block));
            }
        }

        var found = new ConcurrentBag<(int Run, string Hash, DedupeOwner Owner)>();
        await Parallel.ForEachAsync(reads, Reads(cancellationToken), async (read, ct) =>
        {
            var (offset, length) = indexes[read.Run].Blocks(read.First, read.Last);
            var content = await Blob(runs[read.Run].Name + ".keys")
                .DownloadContentAsync(new BlobDownloadOptions { Range = new HttpRange(offset, length) }, ct).ConfigureAwait(false);
            foreach (var entry in KeyRunFormat.ReadAll(content.Value.Content.ToMemory().Span))
            {
                if (wanted.TryGetValue(Convert.ToHexStringLower(entry.Key), out var hash))
                    found.Add((read.Run, hash, entry.Owner));
            }
        }).ConfigureAwait(false);

        foreach (var (_, hash, owner) in found.OrderBy(f => f.Run))
            owners[hash] = owner;
        foreach (var (hash, owner) in owners)
            known[hash] = owner;
        return owners;
    }

    /// <summary>
    /// Claims a page's keys for their owners: writes those the lookup did not find with the same owner as
    /// a new run, merged with the runs that hold as many pages, and names it in the manifest. A page
    /// staged again (after a crash past its claim) finds all its claims and writes nothing. The manifest
    /// is replaced only if it is still the one this view read, so a second writer fails instead of
    /// dropping claims.
    /// </summary>
    public async Task ClaimAsync(IReadOnlyDictionary<string, DedupeOwner> claims, CancellationToken cancellationToken)
    {
        var fresh = claims.Where(c => !(known.TryGetValue(c.Key, out var owner) && owner == c.Value)).ToList();
        if (fresh.Count == 0)
            return;

        var page = manifest.Appended + 1;
        var kept = manifest.Runs.ToList();
        var merged = new List<DedupeRun>();
        var pages = 1;
        while (kept.Count > 0 && kept[^1].Pages == pages)
        {
            merged.Insert(0, kept[^1]);
            pages += kept[^1].Pages;
            kept.RemoveAt(kept.Count - 1);
        }

        var from = merged.Count > 0 ? merged[0].From : page;
        var name = string.Create(CultureInfo.InvariantCulture, $"runs/{runId}/dedupe/runs/{from:D6}-{page:D6}-{Guid.NewGuid():N}");
        var entries = fresh.Select(c => new KeyRunEntry(Convert.FromHexString(c.Key), c.Value)).OrderBy(e => e.Key, ByteOrder.Instance).ToList();
        var count = await WriteRunAsync(name, merged, entries, cancellationToken).ConfigureAwait(false);

        var next = new DedupeManifest(page, [.. kept, new DedupeRun(name, from, page, count)]);
        var conditions = etag is { } read ? new BlobRequestConditions { IfMatch = read } : new BlobRequestConditions { IfNoneMatch = ETag.All };
        await storage.Blobs.GetBlobClient(DedupeIndex.ManifestPath(runId)).UploadAsync(
            BinaryData.FromObjectAsJson(next, StorageJson.Options), new BlobUploadOptions { Conditions = conditions }, cancellationToken).ConfigureAwait(false);

        foreach (var run in merged)
        {
            await Blob(run.Name + ".keys").DeleteIfExistsAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
            await Blob(run.Name + ".index").DeleteIfExistsAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Merges <paramref name="runs"/> (oldest first) and the page's sorted entries into one run; a key keeps its latest claim.</summary>
    private async Task<long> WriteRunAsync(string name, IReadOnlyList<DedupeRun> runs, IReadOnlyList<KeyRunEntry> page, CancellationToken cancellationToken)
    {
        var buffer = new ArrayBufferWriter<byte>(WriteBuffer + 64 * 1024);
        var run = new KeyRunWriter(buffer, runs.Sum(r => r.Keys) + page.Count);
        var sources = runs.Select(r => ReadRunAsync(r.Name, cancellationToken)).Append(page.ToAsyncEnumerable()).ToList();
        var stream = await storage.Blobs.GetBlockBlobClient(name + ".keys")
            .OpenWriteAsync(overwrite: true, new BlockBlobOpenWriteOptions { BufferSize = WriteBuffer }, cancellationToken).ConfigureAwait(false);
        await using (stream.ConfigureAwait(false))
        {
            await foreach (var entry in MergeAsync(sources, cancellationToken).ConfigureAwait(false))
            {
                run.Add(entry.Key, entry.Owner);
                if (buffer.WrittenCount >= WriteBuffer)
                {
                    await stream.WriteAsync(buffer.WrittenMemory, cancellationToken).ConfigureAwait(false);
                    buffer.ResetWrittenCount();
                }
            }
            await stream.WriteAsync(buffer.WrittenMemory, cancellationToken).ConfigureAwait(false);
        }
        await Blob(name + ".index").UploadAsync(BinaryData.FromBytes(run.Index()), overwrite: true, cancellationToken).ConfigureAwait(false);
        return run.Count;
    }

    /// <summary>Sorted sources merged in key order; on equal keys the last source wins and the others are skipped.</summary>
    private static async IAsyncEnumerable<KeyRunEntry> MergeAsync(IReadOnlyList<IAsyncEnumerable<KeyRunEntry>> sources, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var cursors = new List<IAsyncEnumerator<KeyRunEntry>>();
        try
        {
            var heads = new KeyRunEntry?[sources.Count];
            for (var i = 0; i < sources.Count; i++)
            {
                cursors.Add(sources[i].GetAsyncEnumerator(cancellationToken));
                heads[i] = await cursors[i].MoveNextAsync().ConfigureAwait(false) ? cursors[i].Current : null;
            }
            while (true)
            {
                var least = -1;
                for (var i = 0; i < heads.Length; i++)
                {
                    if (heads[i] is { } head && (least < 0 || head.Key.AsSpan().SequenceCompareTo(heads[least]!.Key) <= 0))
                        least = i;
                }
                if (least < 0)
                    yield break;
                var entry = heads[least]!;
                yield return entry;
                for (var i = 0; i < heads.Length; i++)
                {
                    if (heads[i] is { } head && head.Key.AsSpan().SequenceEqual(entry.Key))
                        heads[i] = await cursors[i].MoveNextAsync().ConfigureAwait(false) ? cursors[i].Current : null;
                }
            }
        }
        finally
        {
            foreach (var cursor in cursors)
                await cursor.DisposeAsync().ConfigureAwait(false);
        }
    }

    /// <summary>A run's entries in order, streamed: memory holds a buffer, not the run.</summary>
    private async IAsyncEnumerable<KeyRunEntry> ReadRunAsync(string name, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var stream = await Blob(name + ".keys").OpenReadAsync(new BlobOpenReadOptions(allowModifications: false) { BufferSize = WriteBuffer }, cancellationToken).ConfigureAwait(false);
        await using (stream.ConfigureAwait(false))
        {
            var buffer = new byte[WriteBuffer];
            int start = 0, end = 0;
            while (true)
            {
                while (KeyRunFormat.TryRead(buffer.AsSpan(start, end - start), out var entry, out var length))
                {
                    start += length;
                    yield return entry!;
                }
                Array.Copy(buffer, start, buffer, 0, end - start);
                end -= start;
                start = 0;
                var read = await stream.ReadAsync(buffer.AsMemory(end), cancellationToken).ConfigureAwait(false);
                if (read == 0)
                {
                    if (end > 0)
                        throw new InvalidDataException($"Dedupe run {name} ends inside an entry.");
                    yield break;
                }
                end += read;
            }
        }
    }

    private BlobClient Blob(string name) => storage.Blobs.GetBlobClient(name);

    private static ParallelOptions Reads(CancellationToken cancellationToken) =>
        new() { MaxDegreeOfParallelism = ParallelReads, CancellationToken = cancellationToken };

    private sealed class ByteOrder : IComparer<byte[]>
    {
        public static readonly ByteOrder Instance = new();

        public int Compare(byte[]? x, byte[]? y) => x.AsSpan().SequenceCompareTo(y);
    }
}
