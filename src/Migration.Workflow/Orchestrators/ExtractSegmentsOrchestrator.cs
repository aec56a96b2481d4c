using Microsoft.DurableTask;
using Migration.Domain.Runs;
using Migration.Domain.Segments;
using Migration.Workflow.Activities;
using Migration.Workflow.Models;

namespace Migration.Workflow.Orchestrators;

/// <summary>
/// The extract-segments step: lists Netmera's segments, then pages through each moved segment's members,
/// one activity per page (Netmera's paging is a chain of <c>nextPage</c> links, and the quota is the app's,
/// so segments are read one after another). Netmera's quota (5022) pauses on a durable timer and reads the
/// same page again. Continues as new every <c>TasksPerGeneration</c> pages. Returns the number of filter
/// batches the load-filters phase runs.
/// </summary>
public sealed class ExtractSegmentsOrchestrator : TaskOrchestrator<ExtractSegmentsState, ExtractSegmentsResult>
{
    public override async Task<ExtractSegmentsResult> RunAsync(TaskOrchestrationContext context, ExtractSegmentsState state)
    {
        var plan = state.Plan;
        if (state.ToRead is null)
        {
            var listed = await context.CallActivityAsync<SegmentsListed>(nameof(ListSegmentsActivity),
                new ListSegmentsInput(plan.RunId, plan.NetmeraConnection, plan.SegmentId, plan.Options.Segments), TaskPolicies.Activity);
            state = state with { ToRead = listed.ToRead, Listed = listed.Listed };
        }

        var toRead = state.ToRead!;
        for (var tasks = 0; state.Index < toRead.Count; tasks++)
        {
            if (tasks >= plan.Options.TasksPerGeneration)
            {
                context.ContinueAsNew(state);
                return default!; // ContinueAsNew: this generation's output is discarded.
            }

            var segmentId = toRead[state.Index];
            var page = await context.CallActivityAsync<SegmentPageResult>(nameof(ExtractSegmentMembersPageActivity),
                new SegmentPageInput(plan.RunId, plan.NetmeraConnection, segmentId, plan.Options.SegmentPageSize, state.NextPage, state.PageNumber,
                    state.MembersSoFar, state.WithoutIdSoFar),
                TaskPolicies.Activity);

            if (page.PausedUntil is { } resumeAt)
            {
                // Netmera's quota (5022) is a pause, not a failure: sleep durably, then read the same page.
                context.SetCustomStatus(new RunProgress(Phase.ExtractSegments) { WaitingForNetmeraQuotaUntil = resumeAt });
                await context.CreateTimer(resumeAt.UtcDateTime, CancellationToken.None);
                context.SetCustomStatus(new RunProgress(Phase.ExtractSegments));
                continue;
            }

            if (page.NextPage is not null && page.NextPage == state.NextPage)
                throw new InvalidOperationException(
                    $"Netmera returned the same nextPage twice (segment {segmentId}, page {state.PageNumber}); stopping rather than looping.");

            state = state with
            {
                Counts = state.Counts.Add(new(page.Listed, page.Staged, 0, page.Listed - page.Staged, 0)),
                Members = state.Members + page.Staged,
            };
            if (page.NextPage is not null)
            {
                state = state with
                {
                    NextPage = page.NextPage,
                    PageNumber = state.PageNumber + 1,
                    MembersSoFar = state.MembersSoFar + page.Staged,
                    WithoutIdSoFar = state.WithoutIdSoFar + page.WithoutId,
                };
                continue;
            }

            // The segment is read (or Netmera will not list it: then its pages were emptied and it does not move).
            state = state with
            {
                Index = state.Index + 1,
                NextPage = null,
                PageNumber = 0,
                MembersSoFar = 0,
                WithoutIdSoFar = 0,
                Moved = state.Moved + (page.Unreadable ? 0 : 1),
                Members = page.Unreadable ? state.Members - state.MembersSoFar : state.Members,
            };
        }

        var batches = (state.Moved + StagedSegments.FiltersPerBatch - 1) / StagedSegments.FiltersPerBatch;
        return new ExtractSegmentsResult(state.Listed, state.Moved, state.Members, batches, state.Counts);
    }
}
