using Microsoft.DurableTask;

namespace Migration.Workflow.Orchestrators;

/// <summary>Retry policies shared by the phase orchestrators.</summary>
internal static class TaskPolicies
{
    /// <summary>
    /// Activities are idempotent (ledger, overwriting blobs, upserted checkpoints), so a failed one is
    /// simply run again: five attempts over about a minute ride out a restart or a flaky dependency.
    /// </summary>
    public static TaskOptions Activity { get; } = TaskOptions.FromRetryPolicy(
        new RetryPolicy(maxNumberOfAttempts: 5, firstRetryInterval: TimeSpan.FromSeconds(2), backoffCoefficient: 2.0,
            maxRetryInterval: TimeSpan.FromSeconds(30)));

    /// <summary>A phase runs under a stable instance id (<c>{runId}:{phase}</c>) so status can find it.</summary>
    public static SubOrchestrationOptions Phase(string runId, string phase) =>
        new(TaskOptions.FromRetryPolicy(new RetryPolicy(2, TimeSpan.FromSeconds(5))), Domain.Runs.RunId.PhaseInstance(runId, phase));
}
