using Microsoft.DurableTask.Client;
using Migration.Workflow;

namespace Migration.Host;

/// <summary>
/// The local host's delta sync timer (the Functions app's <c>DeltaSyncTimer</c>): every
/// <c>Migration:DeltaSync:PollSeconds</c> (60 by default) it starts a sync for each cutover that is due. A tick that
/// fails (storage restarting, the engine not up yet) is logged and the next one tries again.
/// </summary>
public sealed partial class DeltaSyncTimer(
    DeltaSyncScheduler scheduler, DurableTaskClient client, IConfiguration configuration, TimeProvider time, ILogger<DeltaSyncTimer> log) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var seconds = configuration.GetValue("Migration:DeltaSync:PollSeconds", 60);
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(Math.Max(1, seconds)), time);
        while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
        {
            try
            {
                var started = await scheduler.StartDueAsync(client, stoppingToken).ConfigureAwait(false);
                if (started > 0)
                    LogStarted(log, started);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                LogFailed(log, e.GetType().Name, e.Message);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Delta sync timer started {Count} syncs")]
    private static partial void LogStarted(ILogger logger, int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Delta sync timer tick failed ({Error}: {Message}); the next tick tries again")]
    private static partial void LogFailed(ILogger logger, string error, string message);
}
