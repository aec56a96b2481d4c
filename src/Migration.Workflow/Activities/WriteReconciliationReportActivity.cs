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
    : MigrationActivity<ReconcileInput, MigrationOutcome>(log)
{
    protected override async Task<MigrationOutcome> PerformAsync(ReconcileInput input, CancellationToken cancellationToken)
    {
        var runId = input.RunId;
        var totals = await checkpoints.TotalsAsync(runId, cancellationToken).ConfigureAwait(false);
        var extract = totals.GetValueOrDefault(Phase.Extract, PhaseCounts.Zero);
        var persons = totals.GetValueOrDefault(Phase.LoadPersons, PhaseCounts.Zero) with { Expected = extract.Created };

        // A line per record-moving phase the run went through (export files, events and the other objects
        // only when it had any), each expected to account for what the step before it staged.
        var phases = new List<(string, PhaseCounts)>();
        foreach (var phase in Phase.Reconciled)
        {
            var counts = phase == Phase.LoadPersons ? persons : totals.GetValueOrDefault(phase, PhaseCounts.Zero);
            if (input.Expected.TryGetValue(phase, out var expected))
                counts = counts with { Expected = expected };
            if (phase is Phase.Extract or Phase.LoadPersons || totals.ContainsKey(phase) || input.Expected.ContainsKey(phase))
                phases.Add((phase, counts));
        }
        var report = ReconciliationReport.Build(runId, time.GetUtcNow(), phases);
        await staging.WriteArtifactAsync(runId, RunReports.Reconciliation.Path,
            JsonSerializer.Serialize(report, ApiJson.Indented), RunReports.Reconciliation.ContentType, cancellationToken).ConfigureAwait(false);

        foreach (var phase in Phase.Reconciled)
        {
            var phaseRejects = await rejects.ListAsync(runId, phase, cancellationToken).ConfigureAwait(false);
            var csv = RunReports.Rejects(phase);
            await staging.WriteArtifactAsync(runId, csv.Path, RejectsCsv.Build(phaseRejects), csv.ContentType, cancellationToken).ConfigureAwait(false);
        }

        foreach (var (phase, csv) in new[] { (Phase.ExtractSkipped, RunReports.SkippedAtExtract), (Phase.RouteSkipped, RunReports.SkippedAtRouting), (Phase.ValuesDropped, RunReports.ValuesDropped) })
        {
            var skipped = await rejects.ListAsync(runId, phase, cancellationToken).ConfigureAwait(false);
            await staging.WriteArtifactAsync(runId, csv.Path, RejectsCsv.Build(skipped), csv.ContentType, cancellationToken).ConfigureAwait(false);
        }

        LogReport(log, runId, report.Balances, persons.Created, persons.Rejected, persons.Drift);
        return new MigrationOutcome(runId, report.Balances, report.Phases);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Run {RunId} reconciled: balances {Balances}; persons created {Created}, rejected {Rejected}, drift {Drift}")]
    private static partial void LogReport(ILogger logger, string runId, bool balances, long created, long rejected, long drift);
}
