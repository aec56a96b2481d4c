using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;
using Migration.Workflow;

namespace Migration.Functions.Functions;

/// <summary>
/// The delta sync timer in Azure (docs/cutover.md): on the NCRONTAB schedule in the <c>DeltaSyncSchedule</c> app setting
/// (every 5 minutes in local.settings.sample.json), starts a sync for each cutover that is due.
/// </summary>
public sealed class DeltaSyncTimerFunction(DeltaSyncScheduler scheduler)
{
    [Function("DeltaSyncTimer")]
    public Task StartDueSyncs([TimerTrigger("%DeltaSyncSchedule%")] TimerInfo timer, [DurableClient] DurableTaskClient client, FunctionContext context) =>
        scheduler.StartDueAsync(client, context.CancellationToken);
}
