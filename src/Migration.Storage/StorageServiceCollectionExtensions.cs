using Azure.Core;
using Azure.Identity;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Migration.Domain.Ledger;

namespace Migration.Storage;

public static class StorageServiceCollectionExtensions
{
    public const string ConnectionStringName = "MigrationStorage";
    public const string DefaultTaskHub = "NetmeraPipedrive";

    /// <summary>
    /// Registers run storage (<see cref="ResolveOptions"/>); the task hub comes from <c>Migration:TaskHub</c>.
    /// </summary>
    public static IHostApplicationBuilder AddStorageServices(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSingleton(sp => ResolveOptions(sp.GetRequiredService<IConfiguration>()));
        builder.Services.AddSingleton<MigrationStorage>();
        builder.Services.AddSingleton<RunStore>();
        builder.Services.AddSingleton<CheckpointStore>();
        builder.Services.AddSingleton<FieldKeyStore>();
        builder.Services.AddSingleton<RejectStore>();
        builder.Services.AddSingleton<ApiUsageStore>();
        builder.Services.AddSingleton<GateStore>();
        builder.Services.AddSingleton<CutoverStore>();
        builder.Services.AddSingleton<MappingStore>();
        builder.Services.AddSingleton<DedupeIndex>();
        builder.Services.AddSingleton<StagingStore>();
        builder.Services.AddSingleton<TableIdLedger>();
        builder.Services.AddSingleton<RollbackLedger>();
        builder.Services.AddSingleton<BatchLeaseStore>();
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<IIdLedger>(sp => sp.GetRequiredService<TableIdLedger>());
        return builder;
    }

    /// <summary>
    /// Run storage from configuration: <c>ConnectionStrings:MigrationStorage</c>, else the
    /// <c>AzureWebJobsStorage</c> connection string, else the Functions identity-based form
    /// <c>AzureWebJobsStorage:accountName</c> (with <c>:credential</c> = managedidentity and, for a
    /// user-assigned identity, <c>:clientId</c>; without <c>:credential</c> the developer's own sign-in).
    /// </summary>
    public static StorageOptions ResolveOptions(IConfiguration configuration)
    {
        var hub = configuration["Migration:TaskHub"] is { Length: > 0 } name ? name : DefaultTaskHub;
        if (configuration[$"{WebJobsStorage}:accountName"] is { Length: > 0 } account && !HasConnectionString(configuration))
        {
            return new StorageOptions
            {
                TaskHub = hub,
                BlobEndpoint = new Uri($"https://{account}.blob.core.windows.net"),
                TableEndpoint = new Uri($"https://{account}.table.core.windows.net"),
                Credential = IdentityCredential(configuration.GetSection(WebJobsStorage)),
            };
        }
        return new StorageOptions { TaskHub = hub, ConnectionString = ResolveConnectionString(configuration) };
    }

    private const string WebJobsStorage = "AzureWebJobsStorage";

    private static bool HasConnectionString(IConfiguration configuration) =>
        configuration.GetConnectionString(ConnectionStringName) is { Length: > 0 } || configuration[WebJobsStorage] is { Length: > 0 };

    private static TokenCredential IdentityCredential(IConfigurationSection section) =>
        !string.Equals(section["credential"], "managedidentity", StringComparison.OrdinalIgnoreCase) ? new DefaultAzureCredential()
        : section["clientId"] is { Length: > 0 } clientId ? new ManagedIdentityCredential(ManagedIdentityId.FromUserAssignedClientId(clientId))
        : new ManagedIdentityCredential(ManagedIdentityId.SystemAssigned);

    public static string ResolveConnectionString(IConfiguration configuration) =>
        configuration.GetConnectionString(ConnectionStringName) is { Length: > 0 } cs ? cs
        : configuration["AzureWebJobsStorage"] is { Length: > 0 } webJobs ? webJobs
        : throw new InvalidOperationException(
            $"No storage connection: set ConnectionStrings:{ConnectionStringName} (or AzureWebJobsStorage on Azure Functions).");
}
