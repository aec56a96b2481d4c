using Microsoft.DurableTask;
using Migration.Domain.Runs;
using Migration.Workflow.Activities;
using Migration.Workflow.Models;

namespace Migration.Workflow.Orchestrators;

/// <summary>
/// The verification pass after the persons load: every batch (or every <c>Stride</c>-th one, for very
/// large runs) read back and compared field by field, one batch at a time since each costs a request
/// or two; sleeps for the Pipedrive budget like the load; ends with the verification report.
/// </summary>
public sealed class VerifyPersonsOrchestrator : TaskOrchestrator<VerifyPersonsState, VerificationResult>
{
    public override async Task<VerificationResult> RunAsync(TaskOrchestrationContext context, VerifyPersonsState state)
    {
        var totals = state.Totals;
        var batch = state.NextBatch;
        for (var tasks = 0; batch < state.BatchCount && tasks < state.TasksPerGeneration; tasks++)
        {
            var result = await context.CallActivityAsync<VerifyBatchResult>(nameof(VerifyPersonsBatchActivity),
                new VerifyBatchInput(state.RunId, state.PipedriveConnection, batch, state.DefaultOwnerId), TaskPolicies.Activity);
            if (result.Finished)
            {
                totals = totals.Add(result.Result);
                batch += state.Stride;
                continue;
            }
            await BudgetSleep.UntilResetAsync(context, state.RunId, state.PipedriveConnection, result.WaitUntil, Phase.VerifyPersons);
        }
        if (batch < state.BatchCount)
        {
            context.ContinueAsNew(state with { NextBatch = batch, Totals = totals });
            return default!; // ContinueAsNew: this generation's output is discarded.
        }
        return await context.CallActivityAsync<VerificationResult>(nameof(WriteVerificationReportActivity),
            new VerificationReportInput(state.RunId, state.Stride, totals), TaskPolicies.Activity);
    }
}
