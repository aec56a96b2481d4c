using System.Reflection;
using Microsoft.Azure.Functions.Worker;
using Migration.Functions.Functions;
using Migration.Workflow;
using Migration.Workflow.Activities;

namespace Migration.Functions.Tests;

/// <summary>
/// The Functions app and the local host must run the same tasks. The local host registers
/// <see cref="MigrationTasks"/>; these tests fail when a registered task has no [Function] wrapper of
/// the same name and the right trigger, or a wrapper names a task the registry does not hold.
/// </summary>
public class RegistryWrapperTests
{
    private static readonly IReadOnlyList<MethodInfo> Wrappers = typeof(OrchestratorFunctions).Assembly.GetTypes()
        .SelectMany(t => t.GetMethods(BindingFlags.Public | BindingFlags.Static | BindingFlags.Instance))
        .Where(m => m.GetCustomAttribute<FunctionAttribute>() is not null)
        .ToList();

    private static MethodInfo? WrapperFor(Type task) =>
        Wrappers.SingleOrDefault(m => m.GetCustomAttribute<FunctionAttribute>()!.Name == task.Name);

    public static TheoryData<string> Orchestrators => new(MigrationTasks.Orchestrators.Select(t => t.Name));

    public static TheoryData<string> Activities => new(MigrationTasks.Activities.Select(t => t.Name));

    [Theory]
    [MemberData(nameof(Orchestrators))]
    public void Every_orchestrator_has_an_orchestration_trigger_wrapper(string name)
    {
        var wrapper = WrapperFor(MigrationTasks.Orchestrators.Single(t => t.Name == name));
        Assert.True(wrapper is not null, $"{name} is in MigrationTasks but has no [Function(\"{name}\")] wrapper in Migration.Functions.");
        Assert.Contains(wrapper!.GetParameters(), p => p.GetCustomAttribute<OrchestrationTriggerAttribute>() is not null);
    }

    [Theory]
    [MemberData(nameof(Activities))]
    public void Every_activity_has_an_activity_trigger_wrapper_taking_its_input_type(string name)
    {
        var activity = MigrationTasks.Activities.Single(t => t.Name == name);
        var wrapper = WrapperFor(activity);
        Assert.True(wrapper is not null, $"{name} is in MigrationTasks but has no [Function(\"{name}\")] wrapper in Migration.Functions.");

        var trigger = wrapper!.GetParameters().SingleOrDefault(p => p.GetCustomAttribute<ActivityTriggerAttribute>() is not null);
        Assert.NotNull(trigger);
        // Batch activities derive from MigrationActivity through LoadBatchActivity.
        var baseType = activity.BaseType!;
        while (!baseType.IsGenericType)
            baseType = baseType.BaseType!;
        Assert.Equal(typeof(MigrationActivity<,>), baseType.GetGenericTypeDefinition());
        Assert.Equal(baseType.GetGenericArguments()[0], trigger!.ParameterType);
        Assert.Equal(typeof(Task<>).MakeGenericType(baseType.GetGenericArguments()[1]), wrapper.ReturnType);
    }

    [Fact]
    public void Every_durable_wrapper_names_a_registered_task()
    {
        var registered = MigrationTasks.Orchestrators.Concat(MigrationTasks.Activities).Select(t => t.Name).ToHashSet();
        var durable = Wrappers.Where(m => m.GetParameters().Any(p =>
            p.GetCustomAttribute<OrchestrationTriggerAttribute>() is not null || p.GetCustomAttribute<ActivityTriggerAttribute>() is not null));
        foreach (var wrapper in durable)
        {
            var name = wrapper.GetCustomAttribute<FunctionAttribute>()!.Name;
            Assert.True(registered.Contains(name), $"[Function(\"{name}\")] wraps a task that MigrationTasks does not register.");
        }
    }

    [Fact]
    public void The_http_api_routes_exist_as_triggers()
    {
        var routes = Wrappers
            .SelectMany(m => m.GetParameters())
            .Select(p => p.GetCustomAttribute<HttpTriggerAttribute>())
            .OfType<HttpTriggerAttribute>()
            .Select(t => $"{string.Join(",", t.Methods ?? [])} {t.Route}")
            .ToHashSet();

        Assert.Contains("post migrations", routes);
        Assert.Contains("get migrations", routes);
        Assert.Contains("get migrations/{id}", routes);
        Assert.Contains("get migrations/{id}/reports", routes);
        Assert.Contains("get migrations/{id}/reports/{name}", routes);
        Assert.Contains("post migrations/{id}/rollback", routes);
        Assert.Contains("post estimates", routes);
        Assert.Contains("post migrations/{id}/cutover", routes);
        Assert.Contains("post migrations/{id}/cutover/sync", routes);
        Assert.Contains("post migrations/{id}/cutover/complete", routes);
    }

    [Fact]
    public void The_delta_sync_timer_reads_its_schedule_from_an_app_setting()
    {
        var timer = typeof(DeltaSyncTimerFunction).GetMethods()
            .SelectMany(m => m.GetParameters())
            .Select(p => p.GetCustomAttribute<TimerTriggerAttribute>())
            .OfType<TimerTriggerAttribute>()
            .Single();
        Assert.Equal("%DeltaSyncSchedule%", timer.Schedule);
        var root = new DirectoryInfo(AppContext.BaseDirectory);
        while (!File.Exists(Path.Combine(root.FullName, "Migration.sln")))
            root = root.Parent!;
        var sample = System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(Path.Combine(root.FullName, "local.settings.sample.json")))!;
        Assert.Equal("0 */5 * * * *", sample["Values"]!["DeltaSyncSchedule"]!.GetValue<string>());
    }
}
