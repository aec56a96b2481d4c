using System.Diagnostics;
using Microsoft.DurableTask;
using Microsoft.Extensions.Logging;
using Migration.Domain;
using Migration.Netmera;
using Migration.Pipedrive;

namespace Migration.Workflow.Activities;

/// <summary>
/// Base of every activity. Both hosts call <see cref="ExecuteAsync"/>: the durable worker through
/// <see cref="RunAsync"/>, the Functions wrappers directly with the invocation's cancellation token.
/// A failure is logged before it goes back to the orchestrator, so an activity that fails and is
/// retried is visible in the host's log, not only when the run finally fails.
/// </summary>
public abstract partial class MigrationActivity<TInput, TOutput>(ILogger log) : TaskActivity<TInput, TOutput>
{
    public sealed override Task<TOutput> RunAsync(TaskActivityContext context, TInput input) =>
        ExecuteAsync(input, CancellationToken.None);

    public async Task<TOutput> ExecuteAsync(TInput input, CancellationToken cancellationToken)
    {
        using var span = MigrationTelemetry.StartActivity(GetType().Name);
        try
        {
            return await PerformAsync(input, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (NeedsOperator(e))
        {
            span?.SetStatus(ActivityStatusCode.Error, e.GetType().Name);
            LogNeedsOperator(log, GetType().Name, e.Message);
            throw e as OperatorActionRequiredException ?? new OperatorActionRequiredException(e.Message, e);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            span?.SetStatus(ActivityStatusCode.Error, e.GetType().Name);
            // Messages are the product's own or the vendors' error texts, which name fields, not values.
            LogFailed(log, GetType().Name, e.GetType().Name, e.Message);
            throw;
        }
    }

    /// <summary>Vendor answers that no retry can change: keys, permissions, missing segments, plan caps.</summary>
    public static bool NeedsOperator(Exception exception) => exception switch
    {
        OperatorActionRequiredException => true,
        NetmeraApiException netmera => netmera.RequiresOperator,
        PipedriveAccessException or PipedrivePlanLimitException => true,
        _ => false,
    };

    protected abstract Task<TOutput> PerformAsync(TInput input, CancellationToken cancellationToken);

    [LoggerMessage(Level = LogLevel.Error, Message = "{Activity} stopped the run; an operator must act: {Reason}")]
    private static partial void LogNeedsOperator(ILogger logger, string activity, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Activity} failed ({ExceptionType}): {Reason}; the orchestrator retries it per its policy")]
    private static partial void LogFailed(ILogger logger, string activity, string exceptionType, string reason);
}
