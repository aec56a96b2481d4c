using Microsoft.DurableTask;
using Migration.Domain.Runs;
using Migration.Workflow.Activities;
using Migration.Workflow.Models;

namespace Migration.Workflow.Orchestrators;

/// <summary>
/// The verification pass after the persons load: every batch (or every <c>Stride</c>-th one, for very large runs) read
/// back and compared field by field, <c>Width</c> batches at a time (the load's fan-out; each batch costs a request or
/// two); sleeps for the Pipedrive budget like the load; ends with the verification report. A wave that meets a spent day
/// keeps the totals of the batches before the first stopped one and, after the sleep, verifies again from there: a
/// batch verified twice rewrites its own part and is counted once.
/// </summary>
public sealed class VerifyPersonsOrchestrator : TaskOrchestrator<VerifyPersonsState, VerificationResult>
{
    public override async Task<VerificationResult> RunAsync(TaskOrchestrationContext context, VerifyPersonsState state)
    {
        var totals = state.Totals;
        var batch = state.NextBatch;
        var width = Math.Max(1, state.Width);
        for (var tasks = 0; batch < state.BatchCount && tasks < state.TasksPerGeneration;)
        {
            var wave = Enumerable.Range(0, Math.Min(width, state.TasksPerGeneration - tasks))
                .Select(i => batch + i * state.Stride)
                .TakeWhile(b => b < state.BatchCount)
                .ToList();
            var results = await Task.WhenAll(wave.Select(b => context.CallActivityAsync<VerifyBatchResult>(nameof(VerifyPersonsBatchActivity),
                new VerifyBatchInput(state.RunId, state.PipedriveConnection, b, state.DefaultOwnerId), TaskPolicies.Activity)));
            tasks += wave.Count;
            var done = results.TakeWhile(r => r.Finished).ToList();
            foreach (var result in done)
                totals = totals.Add(result.Result);
            batch += done.Count * state.Stride;
            if (done.Count < results.Length)
                await BudgetSleep.UntilResetAsync(context, state.RunId, state.PipedriveConnection, results[done.Count].WaitUntil, Phase.VerifyPersons);
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
