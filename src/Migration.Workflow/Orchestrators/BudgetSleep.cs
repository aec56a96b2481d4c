using Microsoft.DurableTask;
using Migration.Workflow.Activities;
using Migration.Workflow.Models;

namespace Migration.Workflow.Orchestrators;

/// <summary>How a phase waits out a spent Pipedrive day: a durable timer until the reset (or until Pipedrive said), shown in status.</summary>
internal static class BudgetSleep
{
    public static async Task UntilResetAsync(TaskOrchestrationContext context, string runId, string connection, DateTimeOffset? refusedUntil, string phase)
    {
        var budget = await context.CallActivityAsync<BudgetView>(nameof(ReadBudgetActivity), new BudgetInput(runId, connection), TaskPolicies.Activity);
        var wakeAt = (refusedUntil ?? budget.ResetsAt) + LoadPhaseOrchestrator.ResetMargin;
        context.SetCustomStatus(new RunProgress(phase, WaitingForBudgetUntil: wakeAt));
        await context.CreateTimer(wakeAt.UtcDateTime, CancellationToken.None);
        context.SetCustomStatus(new RunProgress(phase));
    }
}
