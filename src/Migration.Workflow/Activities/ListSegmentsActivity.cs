using Microsoft.Extensions.Logging;
using Migration.Domain.Segments;
using Migration.Netmera;
using Migration.Storage;
using Migration.Workflow.Models;
using Migration.Workflow.Segments;

namespace Migration.Workflow.Activities;

/// <summary>
/// Lists the app's segments (<c>getSegments</c>: at most 1,000, no rules) and writes
/// <c>staged/segments.json</c>: which segments move (not the run's full population, only selected ones,
/// never a connector segment, whose users Netmera cannot list) and what each loses. Returns the ids whose
/// members are read next. Running it again writes the same file from a fresh listing.
/// </summary>
public sealed partial class ListSegmentsActivity(NetmeraClientFactory netmera, StagingStore staging, ILogger<ListSegmentsActivity> log)
    : MigrationActivity<ListSegmentsInput, SegmentsListed>(log)
{
    protected override async Task<SegmentsListed> PerformAsync(ListSegmentsInput input, CancellationToken cancellationToken)
    {
        var listed = await netmera.Create(input.NetmeraConnection).GetSegmentsAsync(cancellationToken).ConfigureAwait(false);
        var segments = StagedSegments.Classify(
            listed.Select(s => new SourceSegment(s.Id, s.Name, s.UserCount, s.Type)).ToList(), input.FullPopulationSegmentId, input.Selection);
        await StagedSegmentsFile.WriteAsync(staging, input.RunId, segments, cancellationToken).ConfigureAwait(false);

        var toRead = segments.Moved.Select(s => s.Id).ToList();
        LogListed(log, input.RunId, listed.Count, toRead.Count, segments.Segments.Count(s => !s.Moves && s.Lossy is not null));
        return new SegmentsListed(listed.Count, toRead);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Run {RunId}: Netmera lists {Listed} segments; {ToRead} move as filters, {Lossy} cannot be listed")]
    private static partial void LogListed(ILogger logger, string runId, int listed, int toRead, int lossy);
}
