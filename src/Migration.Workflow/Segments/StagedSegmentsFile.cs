using System.Text.Json;
using Migration.Domain;
using Migration.Domain.Segments;
using Migration.Storage;
using Migration.Workflow.Api;

namespace Migration.Workflow.Segments;

/// <summary>
/// <c>staged/segments.json</c> in the run's storage (<see cref="StagedSegments"/>). One writer at a time:
/// the listing, then the member pages, which run one after another.
/// </summary>
internal static class StagedSegmentsFile
{
    public static async Task<StagedSegments?> ReadAsync(StagingStore staging, string runId, CancellationToken cancellationToken) =>
        await staging.ReadArtifactAsync(runId, StagedSegments.Path, cancellationToken).ConfigureAwait(false) is { } artifact
            ? JsonSerializer.Deserialize<StagedSegments>(artifact.Content, ApiJson.Options)
            : null;

    public static async Task<StagedSegments> RequireAsync(StagingStore staging, string runId, CancellationToken cancellationToken) =>
        await ReadAsync(staging, runId, cancellationToken).ConfigureAwait(false)
        ?? throw new OperatorActionRequiredException($"Run {runId} has no {StagedSegments.Path}: the extract-segments step has not run.");

    public static Task WriteAsync(StagingStore staging, string runId, StagedSegments segments, CancellationToken cancellationToken) =>
        staging.WriteArtifactAsync(runId, StagedSegments.Path, JsonSerializer.Serialize(segments, ApiJson.Indented), ApiResult.Json, cancellationToken);

    /// <summary>Staged members of one page of one segment.</summary>
    public static string MembersPage(long segmentId, int page) =>
        $"staged/segment-members/{segmentId.ToString(System.Globalization.CultureInfo.InvariantCulture)}-{page.ToString("D6", System.Globalization.CultureInfo.InvariantCulture)}.ndjson.gz";
}
