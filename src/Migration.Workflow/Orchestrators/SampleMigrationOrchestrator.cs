using Microsoft.DurableTask;
using Migration.Domain.Runs;
using Migration.Workflow.Activities;
using Migration.Workflow.Models;

namespace Migration.Workflow.Orchestrators;

/// <summary>
/// The sample migration: chooses 100 to 500 staged users so every mapped field is non-empty at least
/// once, writes them through the production path (the same writer, the same ledger rows the load
/// will find final), reads them back and compares field by field. Sleeps for the Pipedrive budget
/// like the load when the day is spent.
/// </summary>
public sealed class SampleMigrationOrchestrator : TaskOrchestrator<SampleInput, SampleResult>
{
    public override async Task<SampleResult> RunAsync(TaskOrchestrationContext context, SampleInput input)
    {
        var selection = await context.CallActivityAsync<SampleSelection>(nameof(SelectSampleActivity), input, TaskPolicies.Activity);
        SampleLoadResult load;
        while (!(load = await context.CallActivityAsync<SampleLoadResult>(nameof(LoadSampleActivity), input, TaskPolicies.Activity)).Finished)
            await BudgetSleep.UntilResetAsync(context, input.RunId, input.PipedriveConnection, load.WaitUntil, Phase.Sample);
        var verified = await context.CallActivityAsync<SampleResult>(nameof(VerifySampleActivity), input, TaskPolicies.Activity);
        return verified with { Records = selection.Records, NeverFilled = selection.NeverFilled, Counts = load.Counts };
    }
}
