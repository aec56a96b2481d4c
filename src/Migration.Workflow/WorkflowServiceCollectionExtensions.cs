using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Migration.Netmera;
using Migration.Pipedrive;
using Migration.Storage;
using Migration.Workflow.Api;

namespace Migration.Workflow;

public static class WorkflowServiceCollectionExtensions
{
    /// <summary>
    /// Registers everything the tasks and the API handlers need: both vendor clients, storage, the
    /// clock, the API handlers and each activity (so Functions wrappers can take them by injection).
    /// </summary>
    public static IHostApplicationBuilder AddWorkflowServices(this IHostApplicationBuilder builder)
    {
        builder.AddNetmeraServices();
        builder.AddPipedriveServices();
        builder.AddStorageServices();
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<MigrationApi>();
        builder.Services.AddSingleton<MappingApi>();
        builder.Services.AddSingleton<CutoverApi>();
        builder.Services.AddSingleton<DeltaSyncScheduler>();
        builder.Services.AddSingleton<ImportsApi>();
        builder.Services.AddSingleton<EstimatesApi>();
        builder.Services.AddSingleton<StatusPageApi>();
        builder.Services.AddSingleton<MappingLimitsSource>();
        builder.Services.AddSingleton<RunSchemaStore>();
        builder.Services.AddSingleton<RouteIndexStore>();
        builder.Services.AddSingleton<PipedriveSpending>();
        builder.Services.AddSingleton<UserPageStager>();
        builder.Services.AddSingleton<RunRollbackState>();
        builder.Services.AddSingleton<RollbackApi>();
        foreach (var activity in MigrationTasks.Activities)
            builder.Services.AddTransient(activity);
        return builder;
    }
}
