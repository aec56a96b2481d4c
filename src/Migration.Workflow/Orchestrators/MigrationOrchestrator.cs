using Microsoft.DurableTask;
using Migration.Domain.Reconciliation;
using Migration.Domain.Runs;
using Migration.Workflow.Activities;
using Migration.Workflow.Models;

namespace Migration.Workflow.Orchestrators;

/// <summary>
/// One migration run: the phase list of DESIGN §1, one sub-orchestration per phase. Phases later
/// issues add (GDPR gate, mapping gate, schema, sample, other objects, verification) are absent, not faked.
/// </summary>
public sealed class MigrationOrchestrator : TaskOrchestrator<MigrationPlan, MigrationOutcome>
{
    public override async Task<MigrationOutcome> RunAsync(TaskOrchestrationContext context, MigrationPlan plan)
    {
        var runId = plan.RunId;

        context.SetCustomStatus(new RunProgress(Phase.Discover));
        await context.CallSubOrchestratorAsync<DiscoverResult>(
            nameof(DiscoverOrchestrator), plan, TaskPolicies.Phase(runId, Phase.Discover));

        context.SetCustomStatus(new RunProgress(Phase.Extract));
        var extracted = await context.CallSubOrchestratorAsync<ExtractResult>(
            nameof(ExtractOrchestrator), new ExtractState(plan, null, 0, 0, PhaseCounts.Zero), TaskPolicies.Phase(runId, Phase.Extract));

        context.SetCustomStatus(new RunProgress(Phase.LoadPersons));
        await context.CallSubOrchestratorAsync<PhaseCounts>(
            nameof(PersonsLoadOrchestrator), new PersonsLoadState(plan, extracted.BatchCount, 0, null, PhaseCounts.Zero),
            TaskPolicies.Phase(runId, Phase.LoadPersons));

        context.SetCustomStatus(new RunProgress(Phase.Reconcile));
        var report = await context.CallActivityAsync<MigrationOutcome>(
            nameof(WriteReconciliationReportActivity), runId, TaskPolicies.Activity);

        context.SetCustomStatus(new RunProgress(Phase.Completed));
        return report;
    }
}
