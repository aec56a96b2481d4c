using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Migration.Domain.Ledger;

namespace Migration.Storage;

public static class StorageServiceCollectionExtensions
{
    public const string ConnectionStringName = "MigrationStorage";
    public const string DefaultTaskHub = "NetmeraPipedrive";

    /// <summary>
    /// Registers run storage. The connection string comes from <c>ConnectionStrings:MigrationStorage</c>
    /// or, on Azure Functions, <c>AzureWebJobsStorage</c>; the task hub from <c>Migration:TaskHub</c>.
    /// </summary>
    public static IHostApplicationBuilder AddStorageServices(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSingleton(sp =>
        {
            var configuration = sp.GetRequiredService<IConfiguration>();
            return new StorageOptions
            {
                ConnectionString = ResolveConnectionString(configuration),
                TaskHub = configuration["Migration:TaskHub"] is { Length: > 0 } hub ? hub : DefaultTaskHub,
            };
        });
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
        builder.Services.AddSingleton<IIdLedger>(sp => sp.GetRequiredService<TableIdLedger>());
        return builder;
    }

    public static string ResolveConnectionString(IConfiguration configuration) =>
        configuration.GetConnectionString(ConnectionStringName) is { Length: > 0 } cs ? cs
        : configuration["AzureWebJobsStorage"] is { Length: > 0 } webJobs ? webJobs
        : throw new InvalidOperationException(
            $"No storage connection: set ConnectionStrings:{ConnectionStringName} (or AzureWebJobsStorage on Azure Functions).");
}
