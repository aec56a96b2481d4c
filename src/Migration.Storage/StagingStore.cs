using System.IO.Compression;
using System.Text;
using System.Text.Json;
using Azure;
using Azure.Storage.Blobs.Models;
using Azure.Storage.Blobs.Specialized;
using Migration.Domain.Source;

namespace Migration.Storage;

/// <summary>
/// Blob staging under <c>runs/{runId}/</c>: extracted batches as gzip NDJSON and the run's artifacts
/// (scope, reports, rejects). Writes overwrite, so an activity that runs twice leaves one copy.
/// </summary>
public sealed class StagingStore(MigrationStorage storage)
{
    // Artifacts written once before any batch reads them (see ReadFrozenArtifactAsync), by blob path.
    private readonly FrozenCopies<Artifact> frozen = new();

    public Task WriteBatchAsync(string runId, string name, IEnumerable<SourceUser> users, CancellationToken cancellationToken) =>
        WriteLinesAsync(runId, name, users, cancellationToken);

    /// <summary>A staged batch; one that does not exist is an error, never an empty batch.</summary>
    public Task<IReadOnlyList<SourceUser>> ReadBatchAsync(string runId, string name, CancellationToken cancellationToken) =>
        ReadLinesAsync<SourceUser>(runId, name, cancellationToken, missingIsEmpty: false);

    /// <summary>Writes records as gzip NDJSON (one JSON document per line), replacing what was there.</summary>
    public async Task WriteLinesAsync<T>(string runId, string name, IEnumerable<T> records, CancellationToken cancellationToken)
    {
        await using var writer = OpenLinesWriter(runId, name);
        foreach (var record in records)
            writer.Append(record);
        await writer.UploadAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>A blob of gzip NDJSON to append records to as they are read; written (replacing what was there) on upload.</summary>
    public StagedLinesWriter OpenLinesWriter(string runId, string name) => new(storage.Blobs.GetBlobClient(Path(runId, name)));

    /// <summary>Reads gzip NDJSON records; an absent blob reads as no records when <paramref name="missingIsEmpty"/>.</summary>
    public async Task<IReadOnlyList<T>> ReadLinesAsync<T>(string runId, string name, CancellationToken cancellationToken, bool missingIsEmpty = true)
    {
        var blob = storage.Blobs.GetBlobClient(Path(runId, name));
        var records = new List<T>();
        Stream stream;
        try
        {
            // One GET that streams the body (OpenRead would ask for the blob's properties first: a second request per batch).
            stream = (await blob.DownloadStreamingAsync(cancellationToken: cancellationToken).ConfigureAwait(false)).Value.Content;
        }
        catch (RequestFailedException e) when (e.Status == 404 && missingIsEmpty)
        {
            return records;
        }
        await using (stream.ConfigureAwait(false))
        {
            await using var gzip = new GZipStream(stream, CompressionMode.Decompress);
            using var reader = new StreamReader(gzip, Encoding.UTF8);
            while (await reader.ReadLineAsync(cancellationToken).ConfigureAwait(false) is { } line)
            {
                if (line.Length > 0)
                    records.Add(JsonSerializer.Deserialize<T>(line, StorageJson.Options)!);
            }
        }
        return records;
    }

    public Task WriteArtifactAsync(string runId, string name, string content, string contentType, CancellationToken cancellationToken)
    {
        // A rewrite in this process must not leave it serving the old copy.
        frozen.Drop(Path(runId, name));
        return storage.Blobs.GetBlobClient(Path(runId, name)).UploadAsync(
            BinaryData.FromString(content),
            new BlobUploadOptions { HttpHeaders = new BlobHttpHeaders { ContentType = contentType } },
            cancellationToken);
    }

    /// <summary>
    /// An artifact the run writes once, in a phase before any batch reads it (the organization index, the routing units, the
    /// activity-batch table), read from storage once per process: every batch of a load needs it. Null while it does not exist, and a missing one is not kept.
    /// </summary>
    public async Task<Artifact?> ReadFrozenArtifactAsync(string runId, string name, CancellationToken cancellationToken)
    {
        var path = Path(runId, name);
        if (frozen.TryGet(path, out var kept))
            return kept;
        var artifact = await ReadArtifactAsync(runId, name, cancellationToken).ConfigureAwait(false);
        if (artifact is not null)
            frozen.Keep(path, artifact);
        return artifact;
    }

    /// <summary>
    /// Writes an artifact as <paramref name="header"/> followed by the named parts in order, streamed part by part, so an
    /// artifact larger than memory (a list over every user) is written in the memory of one part. A missing part is an error.
    /// </summary>
    public async Task WriteJoinedArtifactAsync(string runId, string name, string header, IEnumerable<string> parts, string contentType, CancellationToken cancellationToken)
    {
        var target = storage.Blobs.GetBlockBlobClient(Path(runId, name));
        await using var output = await target.OpenWriteAsync(overwrite: true,
            new BlockBlobOpenWriteOptions { HttpHeaders = new BlobHttpHeaders { ContentType = contentType } }, cancellationToken).ConfigureAwait(false);
        await output.WriteAsync(Encoding.UTF8.GetBytes(header), cancellationToken).ConfigureAwait(false);
        foreach (var part in parts)
        {
            await using var input = await storage.Blobs.GetBlobClient(Path(runId, part)).OpenReadAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
            await input.CopyToAsync(output, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Whether an artifact exists, without reading it.</summary>
    public async Task<bool> ArtifactExistsAsync(string runId, string name, CancellationToken cancellationToken) =>
        (await storage.Blobs.GetBlobClient(Path(runId, name)).ExistsAsync(cancellationToken).ConfigureAwait(false)).Value;

    /// <summary>An artifact's text and content type, or null when it does not exist (yet).</summary>
    public async Task<Artifact?> ReadArtifactAsync(string runId, string name, CancellationToken cancellationToken)
    {
        try
        {
            var result = await storage.Blobs.GetBlobClient(Path(runId, name)).DownloadContentAsync(cancellationToken).ConfigureAwait(false);
            return new Artifact(name, result.Value.Content.ToString(), result.Value.Details.ContentType ?? "application/octet-stream");
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            return null;
        }
    }

    /// <summary>Names (relative to the run) of the artifacts under a folder such as <c>reports/</c>.</summary>
    public async Task<IReadOnlyList<string>> ListArtifactsAsync(string runId, string folder, CancellationToken cancellationToken)
    {
        var prefix = Path(runId, folder);
        var names = new List<string>();
        await foreach (var item in storage.Blobs.GetBlobsAsync(new GetBlobsOptions { Prefix = prefix }, cancellationToken).ConfigureAwait(false))
            names.Add(item.Name[(prefix.Length - folder.Length)..]);
        return names;
    }

    /// <summary>
    /// Export files an operator uploaded for runs to read: <c>imports/{folder}/…</c> in the same
    /// container, apart from any run's prefix, so several runs can read one upload.
    /// </summary>
    public async Task<IReadOnlyList<string>> ListImportsAsync(string folder, CancellationToken cancellationToken)
    {
        var prefix = ImportPath(folder, "");
        var names = new List<string>();
        await foreach (var item in storage.Blobs.GetBlobsAsync(new GetBlobsOptions { Prefix = prefix }, cancellationToken).ConfigureAwait(false))
            names.Add(item.Name[prefix.Length..]);
        return names.Order(StringComparer.Ordinal).ToList();
    }

    public async Task<Stream> OpenImportAsync(string folder, string name, CancellationToken cancellationToken) =>
        await storage.Blobs.GetBlobClient(ImportPath(folder, name)).OpenReadAsync(cancellationToken: cancellationToken).ConfigureAwait(false);

    /// <summary>Uploads an export file into an import folder (what an operator does with <c>az storage blob upload</c>).</summary>
    public Task UploadImportAsync(string folder, string name, Stream content, CancellationToken cancellationToken) =>
        storage.Blobs.GetBlobClient(ImportPath(folder, name)).UploadAsync(content, overwrite: true, cancellationToken);

    private static string ImportPath(string folder, string name) => $"imports/{folder.Trim('/')}/{name}";

    private static string Path(string runId, string name) => $"runs/{runId}/{name}";
}

public sealed record Artifact(string Name, string Content, string ContentType);
