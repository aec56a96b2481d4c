using Microsoft.DurableTask;
using Migration.Domain.Runs;
using Migration.Workflow.Activities;
using Migration.Workflow.Models;

namespace Migration.Workflow.Orchestrators;

/// <summary>
/// The route-extras step (after the mapping gate, before schema and sample): every per-person row of the export
/// files reaches its person's batch with bounded memory, in passes of short activities. Index: each range of person
/// batches is indexed (hashed ids → batch). Plan: the indexes are joined and the source units listed. Route: each unit's
/// rows are split by range. Merge: each range's rows become its batches' <c>person-extras</c> and its activity batches.
/// Finish: the activity batches are numbered. Fan-out is at most <c>MaxParallelBatches</c>; the history continues as new
/// every <c>TasksPerGeneration</c> tasks. Returns the activity batch count for the load-activities phase.
/// </summary>
public sealed class RouteExtrasOrchestrator : TaskOrchestrator<RouteExtrasState, RouteExtrasResult>
{
    /// <summary>
    /// A merge holds a whole range (2,000 persons and their rows) in memory and a unit a whole export chunk; both are
    /// CPU-bound, so running several at once buys little on a small machine and set the host's peak (553 MB at 5,000
    /// users with four of each).
    /// </summary>
    public const int MergesAtOnce = 1;

    /// <inheritdoc cref="MergesAtOnce"/>
    public const int UnitsAtOnce = 2;

    public override async Task<RouteExtrasResult> RunAsync(TaskOrchestrationContext context, RouteExtrasState state)
    {
        var runId = state.Plan.RunId;
        var options = state.Plan.Options;
        var tasks = 0;
        context.SetCustomStatus(new RunProgress(Phase.RouteExtras));
        while (true)
        {
            switch (state.Step)
            {
                case RouteSteps.Plan:
                    var units = await context.CallActivityAsync<int>(nameof(PlanRoutingActivity), new RoutePlanInput(runId, state.Ranges), TaskPolicies.Activity);
                    state = state with { Step = RouteSteps.Route, Next = 0, Units = units };
                    tasks++;
                    continue;
                case RouteSteps.Finish:
                    var batches = await context.CallActivityAsync<int>(nameof(WriteActivityTableActivity),
                        new ActivityTableInput(runId, state.ChunksPerRange), TaskPolicies.Activity);
                    return new RouteExtrasResult(batches, state.Units, state.Ranges);
            }

            var (total, next) = state.Step switch
            {
                RouteSteps.Index => (state.Ranges, RouteSteps.Plan),
                RouteSteps.Route => (state.Units, RouteSteps.Merge),
                _ => (state.Ranges, RouteSteps.Finish),
            };
            while (state.Next < total)
            {
                if (tasks >= options.TasksPerGeneration)
                {
                    context.ContinueAsNew(state);
                    return default!; // ContinueAsNew: this generation's output is discarded.
                }
                var width = Math.Min(options.MaxParallelBatches, state.Step switch
                {
                    RouteSteps.Merge => MergesAtOnce,
                    RouteSteps.Route => UnitsAtOnce,
                    _ => options.MaxParallelBatches,
                });
                var wave = Enumerable.Range(state.Next, Math.Min(Math.Min(width, total - state.Next), options.TasksPerGeneration - tasks)).ToList();
                switch (state.Step)
                {
                    case RouteSteps.Index:
                        await Task.WhenAll(wave.Select(r => context.CallActivityAsync<int>(nameof(IndexPersonRangeActivity),
                            new RouteRangeInput(runId, r, state.PersonBatches), TaskPolicies.Activity)));
                        break;
                    case RouteSteps.Route:
                        await Task.WhenAll(wave.Select(u => context.CallActivityAsync<Domain.Reconciliation.PhaseCounts>(nameof(RouteUnitActivity),
                            new RouteUnitInput(runId, u, state.Ranges), TaskPolicies.Activity)));
                        break;
                    default:
                        var merged = await Task.WhenAll(wave.Select(r => context.CallActivityAsync<RouteMergeResult>(nameof(MergeExtrasRangeActivity),
                            new RouteRangeInput(runId, r, state.PersonBatches), TaskPolicies.Activity)));
                        state = state with { ChunksPerRange = [.. state.ChunksPerRange, .. merged.Select(m => m.ActivityChunks)] };
                        break;
                }
                tasks += wave.Count;
                state = state with { Next = state.Next + wave.Count };
            }
            state = state with { Step = next, Next = 0 };
        }
    }
}
