using System.Globalization;
using System.Text.Json;
using Migration.Domain.Organizations;
using Migration.Domain.Staging;
using Migration.Storage;
using Migration.Workflow.Api;

namespace Migration.Workflow;

/// <summary>
/// Where the organizations plan lives with the run: the tallies of each planning chunk
/// (<c>staged/organizations/parts/{chunk}.ndjson.gz</c>), the organizations to create in batches of 100
/// (<c>staged/organizations/{batch}.ndjson.gz</c>) and the index of their first keys (<c>staged/organizations/index.json</c>).
/// </summary>
public sealed class OrganizationStaging(StagingStore staging)
{
    public const string IndexPath = "staged/organizations/index.json";

    public static string PartPath(int chunk) =>
        $"staged/{StagedBatch.Organizations}/parts/{chunk.ToString("D6", CultureInfo.InvariantCulture)}.ndjson.gz";

    public Task WritePartAsync(string runId, int chunk, IReadOnlyList<OrganizationTally> tallies, CancellationToken cancellationToken) =>
        staging.WriteLinesAsync(runId, PartPath(chunk), tallies, cancellationToken);

    public Task<IReadOnlyList<OrganizationTally>> ReadPartAsync(string runId, int chunk, CancellationToken cancellationToken) =>
        staging.ReadLinesAsync<OrganizationTally>(runId, PartPath(chunk), cancellationToken, missingIsEmpty: false);

    public Task WriteBatchAsync(string runId, int batch, IReadOnlyList<StagedOrganization> organizations, CancellationToken cancellationToken) =>
        staging.WriteLinesAsync(runId, StagedBatch.Name(StagedBatch.Organizations, batch), organizations, cancellationToken);

    public Task<IReadOnlyList<StagedOrganization>> ReadBatchAsync(string runId, int batch, CancellationToken cancellationToken) =>
        staging.ReadLinesAsync<StagedOrganization>(runId, StagedBatch.Name(StagedBatch.Organizations, batch), cancellationToken, missingIsEmpty: false);

    public Task WriteIndexAsync(string runId, OrganizationIndex index, CancellationToken cancellationToken) =>
        staging.WriteArtifactAsync(runId, IndexPath, JsonSerializer.Serialize(index, ApiJson.Options), ApiResult.Json, cancellationToken);

    /// <summary>
    /// The run's organization index; empty when organizations were not planned (no person then has one). Written once by
    /// the plan, before any person batch reads it, so it is read from storage once per process.
    /// </summary>
    public async Task<OrganizationIndex> ReadIndexAsync(string runId, CancellationToken cancellationToken) =>
        await staging.ReadFrozenArtifactAsync(runId, IndexPath, cancellationToken).ConfigureAwait(false) is { } artifact
            ? JsonSerializer.Deserialize<OrganizationIndex>(artifact.Content, ApiJson.Options) ?? OrganizationIndex.Empty
            : OrganizationIndex.Empty;
}
