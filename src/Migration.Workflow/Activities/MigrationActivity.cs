using Microsoft.DurableTask;

namespace Migration.Workflow.Activities;

/// <summary>
/// Base of every activity: the work is in <see cref="ExecuteAsync"/>, which both hosts call: the
/// durable worker through <see cref="RunAsync"/>, the Functions wrappers directly with the function's
/// cancellation token.
/// </summary>
public abstract class MigrationActivity<TInput, TOutput> : TaskActivity<TInput, TOutput>
{
    public sealed override Task<TOutput> RunAsync(TaskActivityContext context, TInput input) =>
        ExecuteAsync(input, CancellationToken.None);

    public abstract Task<TOutput> ExecuteAsync(TInput input, CancellationToken cancellationToken);
}
