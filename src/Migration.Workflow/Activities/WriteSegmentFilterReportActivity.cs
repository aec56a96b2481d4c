using System.Globalization;
using Microsoft.Extensions.Logging;
using Migration.Domain.Ledger;
using Migration.Domain.Segments;
using Migration.Domain.Source;
using Migration.Domain.Staging;
using Migration.Storage;
using Migration.Workflow.Models;
using Migration.Workflow.Segments;

namespace Migration.Workflow.Activities;

/// <summary>
/// Writes the segment → filter map (<c>reports/segment-filter-map.md</c> and <c>.csv</c>) after the
/// filters load: every listed segment, its filter from the ledger, members read, members that are persons
/// in Pipedrive, and what was lost. Members in Pipedrive are counted from the routed person extras and the
/// persons ledger of each person batch (two reads per batch); without routed extras the column stays empty.
/// </summary>
public sealed partial class WriteSegmentFilterReportActivity(
    StagingStore staging, IIdLedger ledger, TimeProvider time, ILogger<WriteSegmentFilterReportActivity> log)
    : MigrationActivity<SegmentReportInput, SegmentReportResult>(log)
{
    protected override async Task<SegmentReportResult> PerformAsync(SegmentReportInput input, CancellationToken cancellationToken)
    {
        var segments = await StagedSegmentsFile.RequireAsync(staging, input.RunId, cancellationToken).ConfigureAwait(false);
        var moved = segments.Moved;

        var outcomes = new List<SegmentFilterOutcome>(moved.Count);
        for (var batch = 0; batch < segments.FilterBatchCount; batch++)
        {
            var rows = await ledger.ReadBatchAsync(LoadFiltersBatchActivity.LedgerBatchOf(input.RunId, batch), cancellationToken).ConfigureAwait(false);
            foreach (var segment in segments.FilterBatch(batch))
            {
                var name = SegmentFilterNames.Of(segment, moved);
                if (rows.TryGetValue(segment.Id.ToString(CultureInfo.InvariantCulture), out var row) && row.IsFinal)
                    outcomes.Add(new SegmentFilterOutcome(segment.Id, row.State == LedgerState.Created ? row.TargetId : null, name, row.State.ToString().ToLowerInvariant(), row.ReasonDetail));
            }
        }

        var membersMoved = await MembersInPipedriveAsync(input, cancellationToken).ConfigureAwait(false);
        var (markdown, csv) = SegmentFilterReport.Build(input.RunId, time.GetUtcNow(), segments, outcomes, membersMoved);
        await staging.WriteArtifactAsync(input.RunId, SegmentFilterReport.MarkdownPath, markdown, "text/markdown", cancellationToken).ConfigureAwait(false);
        await staging.WriteArtifactAsync(input.RunId, SegmentFilterReport.CsvPath, csv, "text/csv", cancellationToken).ConfigureAwait(false);

        var filters = outcomes.Count(o => o.FilterId is not null);
        var withLosses = segments.Segments.Count(s => !s.Moves || s.Lossy is not null) + outcomes.Count(o => o.FilterId is null);
        LogReport(log, input.RunId, segments.Segments.Count, filters, withLosses);
        return new SegmentReportResult(segments.Segments.Count, filters, withLosses);
    }

    /// <summary>Persons created or updated in Pipedrive per segment option, or null when no person extras were routed.</summary>
    private async Task<IReadOnlyDictionary<string, long>?> MembersInPipedriveAsync(SegmentReportInput input, CancellationToken cancellationToken)
    {
        var routed = (await staging.ListArtifactsAsync(input.RunId, $"staged/{StagedBatch.PersonExtras}/", cancellationToken).ConfigureAwait(false))
            .ToHashSet(StringComparer.Ordinal);
        if (routed.Count == 0)
            return null;

        var counts = new Dictionary<string, long>(StringComparer.OrdinalIgnoreCase);
        for (var batch = 0; batch < input.PersonBatchCount; batch++)
        {
            var name = StagedBatch.Name(StagedBatch.PersonExtras, batch);
            if (!routed.Contains(name))
                continue;
            var extras = await staging.ReadLinesAsync<PersonExtras>(input.RunId, name, cancellationToken).ConfigureAwait(false);
            if (!extras.Any(e => e.Segments.Count > 0))
                continue;
            var rows = await ledger.ReadBatchAsync(PersonWriting.LedgerBatchOf(input.RunId, batch), cancellationToken).ConfigureAwait(false);
            foreach (var person in extras)
            {
                if (!(rows.TryGetValue(person.ExtId, out var row) && row.State is LedgerState.Created or LedgerState.Updated))
                    continue;
                foreach (var option in person.Segments.Select(Domain.Mapping.SourceItems.SegmentOption).Distinct(StringComparer.OrdinalIgnoreCase))
                    counts[option] = counts.GetValueOrDefault(option) + 1;
            }
        }
        return counts;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Run {RunId}: segment → filter map written, {Segments} segments, {Filters} filters, {WithLosses} with something lost")]
    private static partial void LogReport(ILogger logger, string runId, int segments, int filters, int withLosses);
}
