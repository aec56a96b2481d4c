using DurableTask.Core;
using DurableTask.Core.History;

namespace Migration.Host;

/// <summary>
/// Stands between the gRPC sidecar and the Azure Storage backend and makes what the sidecar produces
/// storable. The sidecar was built against its in-memory store and hands over two things the
/// backend cannot persist faithfully:
/// <list type="bullet">
/// <item>its own subclass of <see cref="SubOrchestrationInstanceCreatedEvent"/>, which lacks
/// <c>[DataContract]</c>, so the history row is written without its event type and the parent
/// orchestration can never be loaded again;</item>
/// <item>tags as a protobuf map, which the backend's queue serializer writes with a type name it
/// cannot resolve when reading the message back.</item>
/// </list>
/// Both are replaced by the backend's own types just before the work item is committed. It also drops
/// start messages redelivered after a crash, which the sidecar does not filter. Everything else passes
/// straight through.
/// </summary>
public sealed class SidecarHistoryAdapter(IOrchestrationService inner) : IOrchestrationService
{
    public Task CompleteTaskOrchestrationWorkItemAsync(
        TaskOrchestrationWorkItem workItem,
        OrchestrationRuntimeState newOrchestrationRuntimeState,
        IList<TaskMessage> outboundMessages,
        IList<TaskMessage> orchestratorMessages,
        IList<TaskMessage> timerMessages,
        TaskMessage continuedAsNewMessage,
        OrchestrationState orchestrationState)
    {
        if (newOrchestrationRuntimeState is not null)
        {
            Normalise(newOrchestrationRuntimeState.Events);
            Normalise(newOrchestrationRuntimeState.NewEvents);
        }
        foreach (var message in orchestratorMessages ?? [])
            NormaliseTags(message.Event);
        if (continuedAsNewMessage is not null)
            NormaliseTags(continuedAsNewMessage.Event);
        return inner.CompleteTaskOrchestrationWorkItemAsync(workItem, newOrchestrationRuntimeState, outboundMessages,
            orchestratorMessages, timerMessages, continuedAsNewMessage, orchestrationState);
    }

    private static void Normalise(IList<HistoryEvent> events)
    {
        for (var i = 0; i < events.Count; i++)
        {
            if (events[i] is SubOrchestrationInstanceCreatedEvent created && created.GetType() != typeof(SubOrchestrationInstanceCreatedEvent))
            {
                events[i] = new SubOrchestrationInstanceCreatedEvent(created.EventId)
                {
                    Name = created.Name,
                    Version = created.Version,
                    InstanceId = created.InstanceId,
                    Input = created.Input,
                    ClientSpanId = created.ClientSpanId,
                    Tags = Plain(created.Tags),
                    Timestamp = created.Timestamp,
                    IsPlayed = created.IsPlayed,
                };
            }
            else
            {
                NormaliseTags(events[i]);
            }
        }
    }

    private static void NormaliseTags(HistoryEvent historyEvent)
    {
        switch (historyEvent)
        {
            case ExecutionStartedEvent started:
                started.Tags = Plain(started.Tags);
                break;
            case TaskScheduledEvent scheduled:
                scheduled.Tags = Plain(scheduled.Tags);
                break;
        }
    }

    /// <summary>
    /// Drops a start message for an execution the history already holds. The backend redelivers it when
    /// the host died after writing the first history but before deleting the message; DTFx's own
    /// dispatcher ignores such duplicates, the sidecar's adds them and the instance can never load again.
    /// A start for a new execution (a failed run started again under its id) passes through.
    /// </summary>
    public async Task<TaskOrchestrationWorkItem> LockNextTaskOrchestrationWorkItemAsync(TimeSpan receiveTimeout, CancellationToken cancellationToken)
    {
        var workItem = await inner.LockNextTaskOrchestrationWorkItemAsync(receiveTimeout, cancellationToken).ConfigureAwait(false);
        var executionId = workItem?.OrchestrationRuntimeState?.ExecutionStartedEvent?.OrchestrationInstance?.ExecutionId;
        if (workItem is not null && executionId is not null)
        {
            workItem.NewMessages = workItem.NewMessages
                .Where(m => !(m.Event is ExecutionStartedEvent && m.OrchestrationInstance.ExecutionId == executionId))
                .ToList();
        }
        return workItem!;
    }

    private static IDictionary<string, string>? Plain(IDictionary<string, string>? tags) =>
        tags is null or Dictionary<string, string> ? tags : new Dictionary<string, string>(tags, StringComparer.Ordinal);

    // Pass-through members.
    public int TaskOrchestrationDispatcherCount => inner.TaskOrchestrationDispatcherCount;
    public int MaxConcurrentTaskOrchestrationWorkItems => inner.MaxConcurrentTaskOrchestrationWorkItems;
    public BehaviorOnContinueAsNew EventBehaviourForContinueAsNew => inner.EventBehaviourForContinueAsNew;
    public int TaskActivityDispatcherCount => inner.TaskActivityDispatcherCount;
    public int MaxConcurrentTaskActivityWorkItems => inner.MaxConcurrentTaskActivityWorkItems;
    public Task StartAsync() => inner.StartAsync();
    public Task StopAsync() => inner.StopAsync();
    public Task StopAsync(bool isForced) => inner.StopAsync(isForced);
    public Task CreateAsync() => inner.CreateAsync();
    public Task CreateAsync(bool recreateInstanceStore) => inner.CreateAsync(recreateInstanceStore);
    public Task CreateIfNotExistsAsync() => inner.CreateIfNotExistsAsync();
    public Task DeleteAsync() => inner.DeleteAsync();
    public Task DeleteAsync(bool deleteInstanceStore) => inner.DeleteAsync(deleteInstanceStore);
    public bool IsMaxMessageCountExceeded(int currentMessageCount, OrchestrationRuntimeState runtimeState) => inner.IsMaxMessageCountExceeded(currentMessageCount, runtimeState);
    public int GetDelayInSecondsAfterOnProcessException(Exception exception) => inner.GetDelayInSecondsAfterOnProcessException(exception);
    public int GetDelayInSecondsAfterOnFetchException(Exception exception) => inner.GetDelayInSecondsAfterOnFetchException(exception);
    public Task RenewTaskOrchestrationWorkItemLockAsync(TaskOrchestrationWorkItem workItem) => inner.RenewTaskOrchestrationWorkItemLockAsync(workItem);
    public Task AbandonTaskOrchestrationWorkItemAsync(TaskOrchestrationWorkItem workItem) => inner.AbandonTaskOrchestrationWorkItemAsync(workItem);
    public Task ReleaseTaskOrchestrationWorkItemAsync(TaskOrchestrationWorkItem workItem) => inner.ReleaseTaskOrchestrationWorkItemAsync(workItem);
    public Task<TaskActivityWorkItem> LockNextTaskActivityWorkItem(TimeSpan receiveTimeout, CancellationToken cancellationToken) => inner.LockNextTaskActivityWorkItem(receiveTimeout, cancellationToken);
    public Task<TaskActivityWorkItem> RenewTaskActivityWorkItemLockAsync(TaskActivityWorkItem workItem) => inner.RenewTaskActivityWorkItemLockAsync(workItem);
    public Task CompleteTaskActivityWorkItemAsync(TaskActivityWorkItem workItem, TaskMessage responseMessage) => inner.CompleteTaskActivityWorkItemAsync(workItem, responseMessage);
    public Task AbandonTaskActivityWorkItemAsync(TaskActivityWorkItem workItem) => inner.AbandonTaskActivityWorkItemAsync(workItem);
}
