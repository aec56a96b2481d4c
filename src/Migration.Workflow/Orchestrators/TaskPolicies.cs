using Microsoft.DurableTask;
using Migration.Domain;

namespace Migration.Workflow.Orchestrators;

/// <summary>Retry policies shared by the phase orchestrators.</summary>
internal static class TaskPolicies
{
    /// <summary>
    /// Activities are idempotent (ledger, overwriting blobs, upserted checkpoints), so a failed one is
    /// run again: five attempts over about a minute ride out a restart or a flaky dependency. A
    /// failure only a person can fix is not retried.
    /// </summary>
    public static TaskOptions Activity { get; } = TaskOptions.FromRetryPolicy(
        new RetryPolicy(maxNumberOfAttempts: 5, firstRetryInterval: TimeSpan.FromSeconds(2), backoffCoefficient: 2.0,
            maxRetryInterval: TimeSpan.FromSeconds(30))
        {
            HandleFailure = failure => !failure.IsCausedBy<OperatorActionRequiredException>(),
        });

    /// <summary>
    /// A phase runs under a stable instance id (<c>{runId}:{phase}</c>) so status can find it. It is not
    /// retried as a whole: its activities already were, and a rerun of the run resumes it.
    /// </summary>
    public static SubOrchestrationOptions Phase(string runId, string phase) =>
        new(new TaskOptions(), Domain.Runs.RunId.PhaseInstance(runId, phase));
}
