using Microsoft.DurableTask;
using Migration.Domain.Cutover;
using Migration.Domain.Reconciliation;
using Migration.Workflow.Activities;
using Migration.Workflow.Models;

namespace Migration.Workflow.Orchestrators;

/// <summary>
/// One delta sync of a run in cutover (docs/cutover.md), under the instance id <c>{runId}:delta-{n:D4}</c>. Netmera has no
/// "modified since" read, so: (1) the segment is read again page by page and every user classified against the ledger
/// (pausing durably on Netmera's quota, as extraction does); (2) persons whose users the segment no longer lists are
/// found range by range; (3) what moves is cut into batches of 100 and applied through <see cref="LoadPhaseOrchestrator"/>
/// (the same budget pacing, lanes and durable sleep as any load); (4) the report is written and the watermark moves.
/// A sync that fails leaves the watermark where it was and runs again under the same number.
/// </summary>
public sealed class DeltaSyncOrchestrator : TaskOrchestrator<DeltaSyncState, DeltaCounts>
{
    public override async Task<DeltaCounts> RunAsync(TaskOrchestrationContext context, DeltaSyncState state)
    {
        var plan = state.Plan;
        var runId = plan.RunId;
        var tasks = 0;
        while (state.Step == DeltaSteps.Read)
        {
            if (tasks++ >= plan.Options.TasksPerGeneration)
            {
                context.ContinueAsNew(state);
                return default!; // ContinueAsNew: this generation's output is discarded.
            }
            var page = await context.CallActivityAsync<DeltaPageResult>(nameof(ReadDeltaPageActivity),
                new DeltaPageInput(runId, state.Sync, plan.NetmeraConnection, plan.SegmentId!.Value, plan.Options.SegmentPageSize, plan.Options.ExtractConcurrency,
                    state.NextPage, state.Pages) { ExcludeEu = state.ExcludeEu },
                TaskPolicies.Activity);
            if (page.PausedUntil is { } resumeAt)
            {
                context.SetCustomStatus(new RunProgress(DeltaStaging.Phase(state.Sync)) { WaitingForNetmeraQuotaUntil = resumeAt });
                await context.CreateTimer(resumeAt.UtcDateTime, CancellationToken.None);
                context.SetCustomStatus(new RunProgress(DeltaStaging.Phase(state.Sync)));
                continue;
            }
            if (page.NextPage is not null && page.NextPage == state.NextPage)
                throw new InvalidOperationException($"Netmera returned the same nextPage twice (delta {state.Sync} page {state.Pages}); stopping rather than looping.");
            state = state with
            {
                NextPage = page.NextPage,
                Pages = state.Pages + 1,
                Counts = state.Counts.Add(page.Counts),
                Step = page.NextPage is null ? DeltaSteps.Gone : DeltaSteps.Read,
            };
        }

        if (state.Step == DeltaSteps.Gone)
        {
            var ranges = await context.CallActivityAsync<int>(nameof(PlanDeltaGoneActivity),
                new DeltaPlanInput(runId, state.Sync, state.Pages, state.StagedBatches), TaskPolicies.Activity);
            long gone = 0;
            foreach (var wave in Enumerable.Range(0, ranges).Chunk(Math.Max(1, plan.Options.MaxParallelBatches)))
            {
                var found = await Task.WhenAll(wave.Select(r => context.CallActivityAsync<long>(nameof(FindDeltaGoneActivity),
                    new DeltaRangeInput(runId, state.Sync, r), TaskPolicies.Activity)));
                gone += found.Sum();
            }
            // A long search continues as new before the apply step, so one history stays small.
            context.ContinueAsNew(state with { Step = DeltaSteps.Apply, GoneRanges = ranges, Counts = state.Counts with { Gone = gone } });
            return default!;
        }

        var batches = await context.CallActivityAsync<int>(nameof(ChunkDeltaActivity),
            new DeltaChunkInput(runId, state.Sync, state.Pages, state.GoneRanges), TaskPolicies.Activity);
        var phase = DeltaStaging.Phase(state.Sync);
        if (batches > 0)
        {
            context.SetCustomStatus(new RunProgress(phase));
            await context.CallSubOrchestratorAsync<PhaseCounts>(nameof(LoadPhaseOrchestrator),
                new LoadPhaseState(plan, phase, nameof(ApplyDeltaBatchActivity), batches, 0, PhaseCounts.Zero)
                {
                    Cost = ApplyDeltaBatchActivity.Cost,
                    DeltaSync = state.Sync,
                },
                TaskPolicies.Phase(runId, phase + ":apply"));
        }
        var counts = await context.CallActivityAsync<DeltaCounts>(nameof(FinishDeltaSyncActivity),
            new DeltaFinishInput(runId, state.Sync, batches, state.Counts), TaskPolicies.Activity);
        context.SetCustomStatus(new RunProgress(phase + ":done"));
        return counts;
    }
}
