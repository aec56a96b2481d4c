using Microsoft.DurableTask;
using Migration.Workflow.Activities;
using Migration.Workflow.Models;

namespace Migration.Workflow.Orchestrators;

/// <summary>
/// Extract phase: pages through the segment one activity per page (Netmera's paging is a chain of
/// <c>nextPage</c> links, so pages run in order), each staging its users as numbered batches.
/// Continues as new every <c>TasksPerGeneration</c> pages to keep the history small.
/// </summary>
public sealed class ExtractOrchestrator : TaskOrchestrator<ExtractState, ExtractResult>
{
    public override async Task<ExtractResult> RunAsync(TaskOrchestrationContext context, ExtractState state)
    {
        var plan = state.Plan;
        for (var generationPages = 0; generationPages < plan.Options.TasksPerGeneration; generationPages++)
        {
            var page = await context.CallActivityAsync<ExtractPageResult>(
                nameof(ExtractSegmentPageActivity),
                new ExtractPageInput(plan.RunId, plan.NetmeraConnection, plan.SegmentId!.Value, plan.Options.SegmentPageSize,
                    plan.Options.BatchSize, plan.Options.ExtractConcurrency, state.NextPage, state.PageNumber, state.NextBatchNumber)
                {
                    ExcludeEu = state.ExcludeEu,
                    ExpectedUsers = state.ExpectedUsers,
                },
                TaskPolicies.Activity);

            if (page.PausedUntil is { } resumeAt)
            {
                // Netmera's quota (5022) is a pause, not a failure: sleep durably, then read the same page.
                context.SetCustomStatus(new RunProgress(Domain.Runs.Phase.Extract) { WaitingForNetmeraQuotaUntil = resumeAt });
                await context.CreateTimer(resumeAt.UtcDateTime, CancellationToken.None);
                context.SetCustomStatus(new RunProgress(Domain.Runs.Phase.Extract));
                generationPages--;
                continue;
            }

            if (page.NextPage is not null && page.NextPage == state.NextPage)
                throw new InvalidOperationException(
                    $"Netmera returned the same nextPage twice (page {state.PageNumber}); stopping rather than looping.");

            state = state with
            {
                NextPage = page.NextPage,
                PageNumber = state.PageNumber + 1,
                NextBatchNumber = state.NextBatchNumber + page.BatchesWritten,
                Counts = state.Counts.Add(page.Counts),
            };
            if (page.NextPage is null)
                return new ExtractResult(state.NextBatchNumber, state.Counts);
        }

        context.ContinueAsNew(state);
        return default!; // ContinueAsNew: this generation's output is discarded.
    }
}
