using Microsoft.DurableTask;
using Migration.Workflow.Activities;
using Migration.Workflow.Models;

namespace Migration.Workflow.Orchestrators;

/// <summary>
/// The handover (docs/handover.md): the lists over every user in parts of <see cref="HandoverInput.BatchesPerPart"/> person
/// batches, a few at once (each part a short activity, so 200,000 users never sit in one activity's memory or time), then
/// one activity that renders the inventories, joins the parts and writes the index. History: one event pair per part.
/// </summary>
public sealed class HandoverOrchestrator : TaskOrchestrator<HandoverInput, HandoverResult>
{
    public override async Task<HandoverResult> RunAsync(TaskOrchestrationContext context, HandoverInput input)
    {
        var parts = new List<HandoverPartResult>(input.Parts);
        var inFlight = new List<Task<HandoverPartResult>>();
        for (var part = 0; part < input.Parts; part++)
        {
            if (inFlight.Count >= Math.Max(1, input.MaxParallelParts))
            {
                var done = await Task.WhenAny(inFlight);
                inFlight.Remove(done);
                parts.Add(await done);
            }
            var first = part * input.BatchesPerPart;
            inFlight.Add(context.CallActivityAsync<HandoverPartResult>(nameof(WriteHandoverPartActivity),
                new HandoverPartInput(input.RunId, part, first, Math.Min(input.BatchesPerPart, input.PersonBatchCount - first)), TaskPolicies.Activity));
        }
        parts.AddRange(await Task.WhenAll(inFlight));
        return await context.CallActivityAsync<HandoverResult>(nameof(WriteHandoverActivity),
            new WriteHandoverInput(input, [.. parts.OrderBy(p => p.Part)]), TaskPolicies.Activity);
    }
}
