using System.Text.Json;
using Microsoft.Extensions.Logging;
using Migration.Domain.Reconciliation;
using Migration.Domain.Reports;
using Migration.Domain.Runs;
using Migration.Storage;
using Migration.Workflow.Api;
using Migration.Workflow.Models;

namespace Migration.Workflow.Activities;

/// <summary>
/// Builds the reconciliation report from the checkpoints (what each finished unit recorded), not from
/// what the orchestrator believes: the persons phase is expected to account for every staged user, so
/// a batch that never loaded shows up as drift. Writes the report and the rejects CSVs.
/// </summary>
public sealed partial class WriteReconciliationReportActivity(
    CheckpointStore checkpoints, RejectStore rejects, StagingStore staging, TimeProvider time,
    ILogger<WriteReconciliationReportActivity> log)
    : MigrationActivity<string, MigrationOutcome>(log)
{
    protected override async Task<MigrationOutcome> PerformAsync(string runId, CancellationToken cancellationToken)
    {
        var totals = await checkpoints.TotalsAsync(runId, cancellationToken).ConfigureAwait(false);
        var extract = totals.GetValueOrDefault(Phase.Extract, PhaseCounts.Zero);
        var persons = totals.GetValueOrDefault(Phase.LoadPersons, PhaseCounts.Zero) with { Expected = extract.Created };

        // Export files that are not users (events, inventories) have their own line when a run read any.
        IEnumerable<(string, PhaseCounts)> phases = totals.TryGetValue(Phase.ExtractFiles, out var files)
            ? [(Phase.Extract, extract), (Phase.ExtractFiles, files), (Phase.LoadPersons, persons)]
            : [(Phase.Extract, extract), (Phase.LoadPersons, persons)];
        var report = ReconciliationReport.Build(runId, time.GetUtcNow(), phases);
        await staging.WriteArtifactAsync(runId, RunReports.Reconciliation.Path,
            JsonSerializer.Serialize(report, ApiJson.Indented), RunReports.Reconciliation.ContentType, cancellationToken).ConfigureAwait(false);

        foreach (var phase in Phase.Reconciled)
        {
            var phaseRejects = await rejects.ListAsync(runId, phase, cancellationToken).ConfigureAwait(false);
            var csv = RunReports.Rejects(phase);
            await staging.WriteArtifactAsync(runId, csv.Path, RejectsCsv.Build(phaseRejects), csv.ContentType, cancellationToken).ConfigureAwait(false);
        }

        var skipped = await rejects.ListAsync(runId, Phase.ExtractSkipped, cancellationToken).ConfigureAwait(false);
        await staging.WriteArtifactAsync(runId, RunReports.SkippedAtExtract.Path, RejectsCsv.Build(skipped), RunReports.SkippedAtExtract.ContentType, cancellationToken).ConfigureAwait(false);

        LogReport(log, runId, report.Balances, persons.Created, persons.Rejected, persons.Drift);
        return new MigrationOutcome(runId, report.Balances, report.Phases);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Run {RunId} reconciled: balances {Balances}; persons created {Created}, rejected {Rejected}, drift {Drift}")]
    private static partial void LogReport(ILogger logger, string runId, bool balances, long created, long rejected, long drift);
}
