using System.Globalization;
using System.Text;
using Microsoft.Extensions.Logging;
using Migration.Domain.Cutover;
using Migration.Domain.Ledger;
using Migration.Domain.Reports;
using Migration.Storage;
using Migration.Workflow.Api;
using Migration.Workflow.Models;

namespace Migration.Workflow.Activities;

/// <summary>
/// Delta sync, last step: counts what reached Pipedrive from the sync's ledger rows, writes <c>reports/delta-{n}.md</c>
/// and <c>.csv</c> (one row per person created, updated with its fields, flagged or deleted as gone, or rejected), and
/// only then moves the cutover's watermark to this sync. Running it again writes the same.
/// </summary>
public sealed partial class FinishDeltaSyncActivity(StagingStore staging, IIdLedger ledger, CutoverStore cutovers, TimeProvider time, ILogger<FinishDeltaSyncActivity> log)
    : MigrationActivity<DeltaFinishInput, DeltaCounts>(log)
{
    protected override async Task<DeltaCounts> PerformAsync(DeltaFinishInput input, CancellationToken cancellationToken)
    {
        var (runId, sync) = (input.RunId, input.Sync);
        var csv = new StringBuilder().AppendRow("netmera_id", "outcome", "pipedrive_id", "fields_or_reason");
        long created = 0, updated = 0, flagged = 0, deleted = 0, rejected = 0;
        for (var batch = 0; batch < input.ApplyBatches; batch++)
        {
            foreach (var row in Ordered(await ledger.ReadBatchAsync(DeltaStaging.CreatedBatch(runId, sync, batch), cancellationToken).ConfigureAwait(false)))
            {
                var outcome = row.State == LedgerState.Created ? "created" : row.State.ToString().ToLowerInvariant();
                created += row.State == LedgerState.Created ? 1 : 0;
                rejected += row.State == LedgerState.Rejected ? 1 : 0;
                csv.AppendRow(row.SourceId, outcome, Id(row), row.ReasonDetail);
            }
            foreach (var row in Ordered(await ledger.ReadBatchAsync(DeltaStaging.UpdatesBatch(runId, sync, batch), cancellationToken).ConfigureAwait(false)))
            {
                updated += row.State == LedgerState.Updated ? 1 : 0;
                rejected += row.State == LedgerState.Rejected ? 1 : 0;
                csv.AppendRow(row.SourceId, row.State == LedgerState.Skipped ? row.ReasonCode : row.State.ToString().ToLowerInvariant(), Id(row), row.ReasonDetail);
            }
            foreach (var row in Ordered(await ledger.ReadBatchAsync(DeltaStaging.GoneBatch(runId, sync, batch), cancellationToken).ConfigureAwait(false)))
            {
                flagged += row.ReasonCode == GoneMarks.Labelled ? 1 : 0;
                deleted += row.ReasonCode == GoneMarks.Deleted ? 1 : 0;
                var outcome = row.ReasonCode switch { GoneMarks.Labelled => "flagged_gone", GoneMarks.Deleted => "deleted_gone", var other => other };
                csv.AppendRow(row.SourceId, outcome, Id(row), row.ReasonCode == GoneMarks.Labelled ? DeltaStaging.RemovedLabel : row.ReasonDetail);
            }
        }

        var counts = input.Found with { Created = created, Updated = updated, Flagged = flagged, Deleted = deleted, Rejected = rejected };
        var finishedAt = time.GetUtcNow();
        await staging.WriteArtifactAsync(runId, RunReports.Delta(sync, "csv").Path, csv.ToString(), RunReports.Delta(sync, "csv").ContentType, cancellationToken).ConfigureAwait(false);
        await staging.WriteArtifactAsync(runId, RunReports.Delta(sync, "md").Path, Markdown(runId, sync, counts, finishedAt), RunReports.Delta(sync, "md").ContentType,
            cancellationToken).ConfigureAwait(false);

        // The watermark moves last, and never back.
        await cutovers.UpdateAsync(runId, c => (c.Watermark?.Sync ?? 0) >= sync ? null : c with { Watermark = new DeltaWatermark(sync, finishedAt, counts) },
            cancellationToken).ConfigureAwait(false);
        LogFinished(log, runId, sync, counts.Listed, counts.Created, counts.Updated, counts.Flagged + counts.Deleted, counts.Unchanged);
        return counts;
    }

    private static IEnumerable<LedgerEntry> Ordered(IReadOnlyDictionary<string, LedgerEntry> rows) => rows.Values.OrderBy(r => r.SourceId, StringComparer.Ordinal);

    private static string Id(LedgerEntry row) => row.TargetId?.ToString(CultureInfo.InvariantCulture) ?? "";

    private static string Markdown(string runId, int sync, DeltaCounts c, DateTimeOffset finishedAt) => string.Create(CultureInfo.InvariantCulture, $"""
        # Delta sync {sync} of run {runId}

        Finished {finishedAt:u}. The segment was read again in full and each user compared with what the run last wrote
        (docs/cutover.md). Per person: `delta-{sync:D4}.csv`.

        | | users |
        | --- | ---: |
        | listed by the segment | {c.Listed} |
        | new | {c.New} |
        | changed | {c.Changed} |
        | unchanged | {c.Unchanged} |
        | gone from the segment | {c.Gone} |
        | skipped (merged, excluded, duplicate of a moved person, still rejected) | {c.Skipped} |

        | in Pipedrive | persons |
        | --- | ---: |
        | created | {c.Created} |
        | updated | {c.Updated} |
        | labelled "{DeltaStaging.RemovedLabel}" | {c.Flagged} |
        | deleted | {c.Deleted} |
        | rejected | {c.Rejected} |

        """);

    [LoggerMessage(Level = LogLevel.Information,
        Message = "Run {RunId} delta {Sync} finished: {Listed} listed, {Created} created, {Updated} updated, {Gone} gone marked, {Unchanged} unchanged")]
    private static partial void LogFinished(ILogger logger, string runId, int sync, long listed, long created, long updated, long gone, long unchanged);
}
