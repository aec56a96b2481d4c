using System.Globalization;
using System.Text.Json;
using Azure;
using Azure.Storage.Blobs.Models;
using Migration.Domain.Mapping;

namespace Migration.Storage;

/// <summary>
/// The run's field map versions under <c>runs/{runId}/mapping/</c>: <c>v0001.json</c> is the proposal,
/// each edit the next number, written only if absent so two editors cannot both claim one version.
/// <c>approved.json</c> is the version a person approved, frozen with the run: the load reads only it.
/// </summary>
public sealed class MappingStore(MigrationStorage storage)
{
    // The approved map never changes once frozen, and every load batch needs it: read it once per run.
    private readonly FrozenCopies<FieldMap> approved = new();

    /// <summary>Writes a new version; false when that version number already exists.</summary>
    public async Task<bool> TryAddVersionAsync(string runId, FieldMap map, CancellationToken cancellationToken)
    {
        try
        {
            await storage.Blobs.GetBlobClient(VersionPath(runId, map.Version)).UploadAsync(
                BinaryData.FromObjectAsJson(map, StorageJson.Options),
                new BlobUploadOptions
                {
                    Conditions = new BlobRequestConditions { IfNoneMatch = ETag.All },
                    HttpHeaders = new BlobHttpHeaders { ContentType = "application/json" },
                },
                cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (RequestFailedException e) when (e.Status is 409 or 412)
        {
            return false;
        }
    }

    public Task<FieldMap?> GetVersionAsync(string runId, int version, CancellationToken cancellationToken) =>
        ReadAsync(VersionPath(runId, version), cancellationToken);

    /// <summary>The newest version, or null before the proposal exists.</summary>
    public async Task<FieldMap?> GetLatestAsync(string runId, CancellationToken cancellationToken)
    {
        var versions = await ListVersionsAsync(runId, cancellationToken).ConfigureAwait(false);
        return versions.Count == 0 ? null : await GetVersionAsync(runId, versions[^1], cancellationToken).ConfigureAwait(false);
    }

    public async Task<IReadOnlyList<int>> ListVersionsAsync(string runId, CancellationToken cancellationToken)
    {
        var prefix = $"runs/{runId}/mapping/v";
        var versions = new List<int>();
        await foreach (var item in storage.Blobs.GetBlobsAsync(new GetBlobsOptions { Prefix = prefix }, cancellationToken).ConfigureAwait(false))
        {
            if (int.TryParse(item.Name.AsSpan(prefix.Length, item.Name.Length - prefix.Length - ".json".Length), NumberStyles.None, CultureInfo.InvariantCulture, out var v))
                versions.Add(v);
        }
        versions.Sort();
        return versions;
    }

    /// <summary>Freezes a version as the run's map. Idempotent for the same version; a different one is refused.</summary>
    public async Task<bool> TryFreezeAsync(string runId, FieldMap map, CancellationToken cancellationToken)
    {
        try
        {
            await storage.Blobs.GetBlobClient(ApprovedPath(runId)).UploadAsync(
                BinaryData.FromObjectAsJson(map, StorageJson.Options),
                new BlobUploadOptions { Conditions = new BlobRequestConditions { IfNoneMatch = ETag.All } },
                cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (RequestFailedException e) when (e.Status is 409 or 412)
        {
            return (await GetApprovedAsync(runId, cancellationToken).ConfigureAwait(false))?.Version == map.Version;
        }
    }

    /// <summary>The approved, frozen map; null until a person approved one.</summary>
    public async Task<FieldMap?> GetApprovedAsync(string runId, CancellationToken cancellationToken)
    {
        if (approved.TryGet(runId, out var kept))
            return kept;
        var map = await ReadAsync(ApprovedPath(runId), cancellationToken).ConfigureAwait(false);
        if (map is not null)
            approved.Keep(runId, map);
        return map;
    }

    private async Task<FieldMap?> ReadAsync(string path, CancellationToken cancellationToken)
    {
        try
        {
            var content = await storage.Blobs.GetBlobClient(path).DownloadContentAsync(cancellationToken).ConfigureAwait(false);
            return content.Value.Content.ToObjectFromJson<FieldMap>(StorageJson.Options);
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            return null;
        }
    }

    private static string VersionPath(string runId, int version) => $"runs/{runId}/mapping/v{version.ToString("D4", CultureInfo.InvariantCulture)}.json";

    private static string ApprovedPath(string runId) => $"runs/{runId}/mapping/approved.json";
}
