using Microsoft.Extensions.Logging;
using Migration.Domain.Reconciliation;
using Migration.Domain.Reports;
using Migration.Storage;
using Migration.Workflow.Api;
using Migration.Workflow.Models;

namespace Migration.Workflow.Activities;

/// <summary>
/// A finished phase at its reconciliation gate: its totals from the checkpoints, its commonest reject
/// reasons, and its rejects report written now, so the person deciding at the gate can read it.
/// </summary>
public sealed class CheckPhaseActivity(CheckpointStore checkpoints, RejectStore rejects, StagingStore staging, ILogger<CheckPhaseActivity> log)
    : MigrationActivity<PhaseCheckInput, PhaseCheck>(log)
{
    protected override async Task<PhaseCheck> PerformAsync(PhaseCheckInput input, CancellationToken cancellationToken)
    {
        var totals = await checkpoints.TotalsAsync(input.RunId, cancellationToken).ConfigureAwait(false);
        var counts = totals.GetValueOrDefault(input.Phase, PhaseCounts.Zero);
        if (input.Expected is { } expected)
            counts = counts with { Expected = expected };
        var phaseRejects = await rejects.ListAsync(input.RunId, input.Phase, cancellationToken).ConfigureAwait(false);
        var report = RunReports.Rejects(input.Phase);
        await staging.WriteArtifactAsync(input.RunId, report.Path, RejectsCsv.Build(phaseRejects), report.ContentType, cancellationToken).ConfigureAwait(false);

        var reasons = phaseRejects
            .GroupBy(r => r.ReasonCode, StringComparer.Ordinal)
            .Select(g => new ReasonCount(g.Key, g.LongCount()))
            .OrderByDescending(r => r.Count).ThenBy(r => r.Code, StringComparer.Ordinal)
            .Take(3)
            .ToList();
        return new PhaseCheck(input.Phase, counts, input.Tolerance, reasons);
    }
}
