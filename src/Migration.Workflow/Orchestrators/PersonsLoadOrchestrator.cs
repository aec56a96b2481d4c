using Microsoft.DurableTask;
using Migration.Domain.Reconciliation;
using Migration.Workflow.Activities;
using Migration.Workflow.Models;

namespace Migration.Workflow.Orchestrators;

/// <summary>
/// Persons load phase: resolves the Netmera ID field, then fans out over the staged batches with at
/// most <c>MaxParallelBatches</c> in flight and <c>TasksPerGeneration</c> batches per history
/// generation. Returns the phase's counts.
/// </summary>
public sealed class PersonsLoadOrchestrator : TaskOrchestrator<PersonsLoadState, PhaseCounts>
{
    public override async Task<PhaseCounts> RunAsync(TaskOrchestrationContext context, PersonsLoadState state)
    {
        var plan = state.Plan;
        var key = state.NetmeraIdKey ?? await context.CallActivityAsync<string>(
            nameof(EnsurePersonFieldsActivity), new PersonFieldsInput(plan.RunId, plan.PipedriveConnection), TaskPolicies.Activity);

        var end = Math.Min(state.BatchCount, state.NextBatch + plan.Options.TasksPerGeneration);
        var counts = state.Counts;
        var inFlight = new List<Task<PhaseCounts>>();
        for (var batch = state.NextBatch; batch < end; batch++)
        {
            if (inFlight.Count >= plan.Options.MaxParallelBatches)
            {
                var done = await Task.WhenAny(inFlight);
                inFlight.Remove(done);
                counts = counts.Add(await done);
            }
            inFlight.Add(context.CallActivityAsync<PhaseCounts>(
                nameof(LoadPersonsBatchActivity),
                new LoadPersonsBatchInput(plan.RunId, plan.PipedriveConnection, batch, key),
                TaskPolicies.Activity));
        }
        foreach (var batchCounts in await Task.WhenAll(inFlight))
            counts = counts.Add(batchCounts);

        if (end < state.BatchCount)
        {
            context.ContinueAsNew(state with { NextBatch = end, NetmeraIdKey = key, Counts = counts });
            return default!; // ContinueAsNew: this generation's output is discarded.
        }
        return counts;
    }
}
