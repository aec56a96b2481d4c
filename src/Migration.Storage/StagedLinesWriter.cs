using System.IO.Compression;
using System.Text.Json;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;

namespace Migration.Storage;

/// <summary>
/// One staged blob of gzip NDJSON built a record at a time, then uploaded whole (<see cref="StagingStore.OpenLinesWriter"/>).
/// Each record is serialized and compressed as it is appended, through one JSON writer, so a caller splitting a large
/// export keeps no chunk of records alive until the upload and pays no per-record asynchronous serializer.
/// </summary>
public sealed class StagedLinesWriter : IAsyncDisposable
{
    private readonly BlobClient blob;
    private readonly PooledBufferStream buffer = new();
    private readonly GZipStream gzip;
    private readonly Utf8JsonWriter json;
    private bool uploaded;

    internal StagedLinesWriter(BlobClient blob)
    {
        this.blob = blob;
        gzip = new GZipStream(buffer, CompressionLevel.Fastest, leaveOpen: true);
        json = new Utf8JsonWriter(gzip, new JsonWriterOptions { Encoder = StorageJson.Options.Encoder });
    }

    /// <summary>Records appended so far.</summary>
    public int Count { get; private set; }

    public void Append<T>(T record)
    {
        ObjectDisposedException.ThrowIf(uploaded, this);
        JsonSerializer.Serialize(json, record, StorageJson.Options);
        json.Flush();
        json.Reset();
        gzip.WriteByte((byte)'\n');
        Count++;
    }

    /// <summary>Finishes the gzip stream and replaces the blob with what was appended (an empty blob when nothing was).</summary>
    public async Task UploadAsync(CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(uploaded, this);
        uploaded = true;
        await json.DisposeAsync().ConfigureAwait(false);
        await gzip.DisposeAsync().ConfigureAwait(false);
        buffer.Position = 0;
        await blob.UploadAsync(buffer, new BlobUploadOptions
        {
            HttpHeaders = new BlobHttpHeaders { ContentType = "application/x-ndjson", ContentEncoding = "gzip" },
        }, cancellationToken).ConfigureAwait(false);
    }

    public async ValueTask DisposeAsync()
    {
        if (!uploaded)
        {
            await json.DisposeAsync().ConfigureAwait(false);
            await gzip.DisposeAsync().ConfigureAwait(false);
        }
        await buffer.DisposeAsync().ConfigureAwait(false);
    }
}
