using System.Globalization;
using System.Net;
using Microsoft.Extensions.Logging;
using Migration.Domain.Reconciliation;
using Migration.Domain.Runs;
using Migration.Domain.Source;
using Migration.Netmera;
using Migration.Storage;
using Migration.Workflow.Models;
using Migration.Workflow.Segments;

namespace Migration.Workflow.Activities;

/// <summary>
/// Reads one page of one segment's members (<c>getSegmentUsers</c>) and stages them as
/// <see cref="SourceSegmentMember"/> rows at <c>staged/segment-members/{segmentId}-{page}.ndjson.gz</c> for
/// routing to persons. On the segment's last page it completes the segment's row in
/// <c>staged/segments.json</c>. Netmera's quota (5022) is a pause: nothing is staged and the page runs
/// again later. A segment Netmera refuses to list (2001, or 5042 when deleted since the listing) is
/// recorded as lossy and its pages staged so far are emptied, so no person gets an option without a filter.
/// Checkpoint per page: expected = members listed, created = staged, skipped = repeated or without an external id.
/// </summary>
public sealed partial class ExtractSegmentMembersPageActivity(
    NetmeraClientFactory netmera, StagingStore staging, CheckpointStore checkpoints, ILogger<ExtractSegmentMembersPageActivity> log)
    : MigrationActivity<SegmentPageInput, SegmentPageResult>(log)
{
    protected override async Task<SegmentPageResult> PerformAsync(SegmentPageInput input, CancellationToken cancellationToken)
    {
        var segments = await StagedSegmentsFile.RequireAsync(staging, input.RunId, cancellationToken).ConfigureAwait(false);
        var segment = segments.Find(input.SegmentId)
            ?? throw new InvalidOperationException($"Segment {input.SegmentId} is not in {Domain.Segments.StagedSegments.Path}.");

        NetmeraSegmentUsersPage page;
        try
        {
            page = await netmera.Create(input.NetmeraConnection)
                .GetSegmentUsersPageAsync(input.SegmentId, input.PageSize, input.NextPage, cancellationToken).ConfigureAwait(false);
        }
        catch (NetmeraQuotaExceededException e)
        {
            LogQuota(log, input.RunId, input.SegmentId, input.PageNumber, e.ResumeAt);
            return new SegmentPageResult(0, 0, 0, input.NextPage) { PausedUntil = e.ResumeAt };
        }
        catch (NetmeraApiException e) when (Unlistable(e) is { } reason)
        {
            for (var earlier = 0; earlier < input.PageNumber; earlier++)
                await staging.WriteLinesAsync<SourceSegmentMember>(input.RunId, StagedSegmentsFile.MembersPage(input.SegmentId, earlier), [], cancellationToken).ConfigureAwait(false);
            await StagedSegmentsFile.WriteAsync(staging, input.RunId, segments.With(segment with
            {
                Moves = false,
                Read = true,
                MembersRead = 0,
                Lossy = reason,
            }), cancellationToken).ConfigureAwait(false);
            LogUnlistable(log, input.RunId, input.SegmentId, e.Code ?? 0);
            return new SegmentPageResult(0, 0, 0, null) { Unreadable = true };
        }

        var listed = page.List ?? [];
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var members = new List<SourceSegmentMember>(listed.Count);
        long withoutId = 0;
        foreach (var member in listed)
        {
            if (string.IsNullOrWhiteSpace(member.ExternalId))
                withoutId++;
            else if (seen.Add(member.ExternalId))
                members.Add(new SourceSegmentMember(member.ExternalId, input.SegmentId, segment.Name));
        }
        await staging.WriteLinesAsync(input.RunId, StagedSegmentsFile.MembersPage(input.SegmentId, input.PageNumber), members, cancellationToken).ConfigureAwait(false);

        var counts = new PhaseCounts(listed.Count, members.Count, 0, listed.Count - members.Count, 0);
        await checkpoints.WriteAsync(input.RunId, new BatchCheckpoint(Phase.ExtractSegments,
            $"{input.SegmentId.ToString(CultureInfo.InvariantCulture)}-{input.PageNumber.ToString("D6", CultureInfo.InvariantCulture)}", counts), cancellationToken).ConfigureAwait(false);

        var next = string.IsNullOrEmpty(page.NextPage) ? null : page.NextPage;
        if (next is null)
        {
            await StagedSegmentsFile.WriteAsync(staging, input.RunId, segments.With(segment with
            {
                Read = true,
                MembersRead = input.MembersSoFar + members.Count,
                MembersWithoutId = input.WithoutIdSoFar + withoutId,
            }), cancellationToken).ConfigureAwait(false);
        }

        LogPage(log, input.RunId, input.SegmentId, input.PageNumber, listed.Count, members.Count, withoutId);
        return new SegmentPageResult(listed.Count, members.Count, withoutId, next);
    }

    /// <summary>Why Netmera will not list a segment's users, when that is what it said; null for other errors (retried).</summary>
    private static string? Unlistable(NetmeraApiException e) => e.Code switch
    {
        NetmeraApiException.InternalError when e.Status == HttpStatusCode.BadRequest =>
            "Netmera refuses to list this segment's users (getSegmentUsers answers 2001, as for connector segments); rebuild it from its source",
        NetmeraApiException.SegmentNotFound => "deleted or deactivated in Netmera after it was listed (getSegmentUsers answers 5042)",
        _ => null,
    };

    [LoggerMessage(Level = LogLevel.Information, Message = "Run {RunId} segment {SegmentId} page {Page}: {Listed} members listed, {Staged} staged, {WithoutId} without an external id")]
    private static partial void LogPage(ILogger logger, string runId, long segmentId, int page, int listed, int staged, long withoutId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Run {RunId} segment {SegmentId} page {Page}: Netmera's quota is spent (5022); reading on after {ResumeAt}")]
    private static partial void LogQuota(ILogger logger, string runId, long segmentId, int page, DateTimeOffset resumeAt);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Run {RunId} segment {SegmentId}: Netmera will not list its users (code {Code}); recorded as lossy, no filter")]
    private static partial void LogUnlistable(ILogger logger, string runId, long segmentId, int code);
}
