using System.Reflection;
using DurableTask.Core;
using DurableTask.Core.History;

namespace Migration.Host.Tests;

/// <summary>
/// A start message redelivered after the host died between writing history and deleting the message
/// must not reach the sidecar, which would add a second start event and never load the instance again.
/// </summary>
public sealed class SidecarHistoryAdapterTests
{
    [Fact]
    public async Task A_redelivered_start_for_the_running_execution_is_dropped_and_other_messages_kept()
    {
        var instance = new OrchestrationInstance { InstanceId = "run-1", ExecutionId = "exec-1" };
        var history = new OrchestrationRuntimeState([new ExecutionStartedEvent(-1, "{}") { OrchestrationInstance = instance, Name = "MigrationOrchestrator" }]);
        var raised = new TaskMessage { Event = new EventRaisedEvent(-1, "{}") { Name = "approval:gdpr" }, OrchestrationInstance = instance };
        var duplicate = new TaskMessage { Event = new ExecutionStartedEvent(-1, "{}") { OrchestrationInstance = instance }, OrchestrationInstance = instance };
        var adapter = new SidecarHistoryAdapter(BackendReturning(new TaskOrchestrationWorkItem
        {
            InstanceId = "run-1", OrchestrationRuntimeState = history, NewMessages = [duplicate, raised],
        }));

        var workItem = await adapter.LockNextTaskOrchestrationWorkItemAsync(TimeSpan.FromSeconds(1), CancellationToken.None);

        Assert.Equal([raised], workItem.NewMessages);
    }

    [Fact]
    public async Task A_start_for_a_new_execution_or_a_new_instance_passes_through()
    {
        var old = new OrchestrationInstance { InstanceId = "run-1", ExecutionId = "exec-1" };
        var restarted = new OrchestrationInstance { InstanceId = "run-1", ExecutionId = "exec-2" };
        var history = new OrchestrationRuntimeState([new ExecutionStartedEvent(-1, "{}") { OrchestrationInstance = old }]);
        var restart = new TaskMessage { Event = new ExecutionStartedEvent(-1, "{}") { OrchestrationInstance = restarted }, OrchestrationInstance = restarted };
        var adapter = new SidecarHistoryAdapter(BackendReturning(new TaskOrchestrationWorkItem
        {
            InstanceId = "run-1", OrchestrationRuntimeState = history, NewMessages = [restart],
        }));
        Assert.Equal([restart], (await adapter.LockNextTaskOrchestrationWorkItemAsync(TimeSpan.FromSeconds(1), CancellationToken.None)).NewMessages);

        var fresh = new SidecarHistoryAdapter(BackendReturning(new TaskOrchestrationWorkItem
        {
            InstanceId = "run-2", OrchestrationRuntimeState = new OrchestrationRuntimeState(), NewMessages = [restart],
        }));
        Assert.Equal([restart], (await fresh.LockNextTaskOrchestrationWorkItemAsync(TimeSpan.FromSeconds(1), CancellationToken.None)).NewMessages);
    }

    private static IOrchestrationService BackendReturning(TaskOrchestrationWorkItem workItem)
    {
        var backend = DispatchProxy.Create<IOrchestrationService, LockingBackend>();
        ((LockingBackend)(object)backend).WorkItem = workItem;
        return backend;
    }

    /// <summary>A backend that only hands out one work item; any other call is a test error.</summary>
    public class LockingBackend : DispatchProxy
    {
        public TaskOrchestrationWorkItem? WorkItem { get; set; }

        protected override object? Invoke(MethodInfo? targetMethod, object?[]? args) =>
            targetMethod?.Name == nameof(IOrchestrationService.LockNextTaskOrchestrationWorkItemAsync)
                ? Task.FromResult(WorkItem!)
                : throw new NotSupportedException(targetMethod?.Name);
    }
}
