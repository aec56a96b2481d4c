using Microsoft.DurableTask;
using Migration.Workflow.Activities;
using Migration.Workflow.Models;

namespace Migration.Workflow.Orchestrators;

/// <summary>
/// The organizations plan (phase "plan-organizations", after the mapping gate): the staged person batches read in
/// chunks, a few at once, each chunk's organizations tallied into a part; then the parts merged and the
/// organizations staged in batches for the load. A run of 200,000 users is 20 chunks: a small history.
/// </summary>
public sealed class PlanOrganizationsOrchestrator : TaskOrchestrator<PlanOrganizationsInput, OrganizationPlan>
{
    public override async Task<OrganizationPlan> RunAsync(TaskOrchestrationContext context, PlanOrganizationsInput input)
    {
        var chunks = input.Chunks;
        var inFlight = new List<Task<OrganizationChunkResult>>();
        for (var chunk = 0; chunk < chunks; chunk++)
        {
            if (inFlight.Count >= Math.Max(1, input.MaxParallelChunks))
                inFlight.Remove(await Task.WhenAny(inFlight));
            var first = chunk * input.BatchesPerChunk;
            inFlight.Add(context.CallActivityAsync<OrganizationChunkResult>(nameof(CollectOrganizationsActivity),
                new OrganizationChunkInput(input.RunId, chunk, first, Math.Min(input.BatchesPerChunk, input.PersonBatches - first)), TaskPolicies.Activity));
        }
        await Task.WhenAll(inFlight);
        return await context.CallActivityAsync<OrganizationPlan>(nameof(StageOrganizationsActivity),
            new StageOrganizationsInput(input.RunId, chunks), TaskPolicies.Activity);
    }
}
