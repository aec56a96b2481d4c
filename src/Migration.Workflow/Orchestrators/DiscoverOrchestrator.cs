using Microsoft.DurableTask;
using Migration.Domain.Runs;
using Migration.Workflow.Activities;
using Migration.Workflow.Models;

namespace Migration.Workflow.Orchestrators;

/// <summary>Discover phase: definitions and counts on the Netmera side, written to <c>scope.json</c>.</summary>
public sealed class DiscoverOrchestrator : TaskOrchestrator<MigrationPlan, DiscoverResult>
{
    public override Task<DiscoverResult> RunAsync(TaskOrchestrationContext context, MigrationPlan plan) =>
        context.CallActivityAsync<DiscoverResult>(nameof(DiscoverScopeActivity), plan, TaskPolicies.Activity);
}
