using Microsoft.DurableTask;
using Migration.Domain.Reconciliation;
using Migration.Domain.Rollback;
using Migration.Domain.Runs;
using Migration.Workflow.Activities;
using Migration.Workflow.Models;

namespace Migration.Workflow.Orchestrators;

/// <summary>
/// Undoes a run, all of it or the phases named, newest first (DESIGN §1 step 10): event activities, touchpoints,
/// campaign deals, persons, organizations, filters, then the schema objects the run created. Each step is a
/// <see cref="LoadPhaseOrchestrator"/> over the step's ledger batches with a rollback batch activity, so a rollback is
/// paced by the same day account, burst lanes and durable sleep as the load. Every object's outcome is in the rollback
/// ledger: a rollback killed part way and started again goes on where it stopped, and one run after a finished
/// rollback finds nothing left to do. Ends with the rollback report. Runs as <c>{runId}:rollback</c>.
/// </summary>
public sealed class RollbackOrchestrator : TaskOrchestrator<RollbackInput, RollbackSummary>
{
    public const string Phase = "rollback";
    public const string Completed = "rollback-completed";

    /// <summary>Ledger batches a rollback batch covers: activity and campaign batches hold up to 100; touchpoints are per person batch.</summary>
    private const int RecordsPerBatch = 100;

    public static string InstanceId(string runId) => RunId.PhaseInstance(runId, Phase);

    public override async Task<RollbackSummary> RunAsync(TaskOrchestrationContext context, RollbackInput input)
    {
        var plan = input.Plan;
        context.SetCustomStatus(new RunProgress(Phase));
        var batches = await context.CallActivityAsync<RollbackBatches>(nameof(PlanRollbackActivity), plan.RunId, TaskPolicies.Activity);
        var (steps, _) = RollbackScope.Resolve(input.Phases);
        foreach (var step in steps)
        {
            var count = step.IsSchema ? (batches.HasSchema ? 1 : 0) : batches.For(step.ObjectType);
            if (count == 0)
                continue;
            var activity = step.IsSchema ? nameof(RollbackSchemaActivity) : nameof(RollbackBatchActivity);
            var cost = step.IsSchema ? new Domain.Budget.BatchCost(RollbackCost.LabelsRead, 2_000) : RollbackCost.PerBatch(step.ObjectType, RecordsPerBatch);
            context.SetCustomStatus(new RunProgress(step.RollbackPhase));
            try
            {
                await context.CallSubOrchestratorAsync<PhaseCounts>(nameof(LoadPhaseOrchestrator),
                    new LoadPhaseState(plan, step.RollbackPhase, activity, count, 0, PhaseCounts.Zero) { Cost = cost, Force = input.Force },
                    TaskPolicies.Phase(plan.RunId, step.RollbackPhase));
            }
            catch (TaskFailedException e)
            {
                var failure = e.FailureDetails;
                while (failure.InnerFailure is not null)
                    failure = failure.InnerFailure;
                context.SetCustomStatus(new RunProgress(step.RollbackPhase, failure.ErrorMessage));
                throw;
            }
        }

        var summary = await context.CallActivityAsync<RollbackSummary>(nameof(WriteRollbackReportActivity),
            new RollbackReportInput(plan.RunId, input.Phases, input.Force), TaskPolicies.Activity);
        context.SetCustomStatus(new RunProgress(Completed));
        return summary;
    }
}
