using DurableTask.AzureStorage;
using DurableTask.Core;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.DurableTask.Testing.Sidecar.Grpc;

namespace Migration.Host;

/// <summary>
/// The durable backend of the local host (DESIGN §3): the public <see cref="TaskHubGrpcServer"/>
/// sidecar over <see cref="AzureStorageOrchestrationService"/> (Azurite locally), in its own inner
/// host on loopback. The normal gRPC worker and client of the outer host connect to it. Registered
/// before the worker so it starts first and stops last; otherwise shutdown waits on a dead channel.
/// </summary>
public sealed partial class LocalDurableEngine(LocalEngineOptions options, ILoggerFactory loggerFactory, ILogger<LocalDurableEngine> log)
    : IHostedService, IAsyncDisposable
{
    private WebApplication? sidecar;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var service = new AzureStorageOrchestrationService(new AzureStorageOrchestrationServiceSettings
        {
            TaskHubName = options.TaskHub,
            StorageAccountClientProvider = new StorageAccountClientProvider(options.StorageConnectionString),
            PartitionCount = options.PartitionCount,
            WorkerId = options.WorkerId,
            MaxQueuePollingInterval = options.MaxQueuePollingInterval,
            WorkItemQueueVisibilityTimeout = options.MessageVisibilityTimeout,
            ControlQueueVisibilityTimeout = options.MessageVisibilityTimeout,
            // Ownership recorded by worker id in a table: a restarted host with the same id takes its partition back.
            UseTablePartitionManagement = true,
            LoggerFactory = loggerFactory,
        });
        // The sidecar does not create the task hub's queues and tables itself.
        await service.CreateIfNotExistsAsync().ConfigureAwait(false);

        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.Services.AddSingleton(loggerFactory);
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(System.Net.IPAddress.Loopback, options.SidecarPort,
            listen => listen.Protocols = HttpProtocols.Http2));
        builder.Services.AddGrpc();
        builder.Services.AddSingleton<IOrchestrationService>(new SidecarHistoryAdapter(service));
        builder.Services.AddSingleton<IOrchestrationServiceClient>(service);
        builder.Services.AddSingleton<TaskHubGrpcServer>();
        var app = builder.Build();
        app.MapGrpcService<TaskHubGrpcServer>();
        await app.StartAsync(cancellationToken).ConfigureAwait(false);
        sidecar = app;
        LogStarted(log, options.TaskHub, options.SidecarPort, options.WorkerId);
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (sidecar is not null)
            await sidecar.StopAsync(cancellationToken).ConfigureAwait(false);
    }

    public async ValueTask DisposeAsync()
    {
        if (sidecar is not null)
            await sidecar.DisposeAsync().ConfigureAwait(false);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Durable engine on task hub {TaskHub}: sidecar on 127.0.0.1:{Port}, worker id {WorkerId}")]
    private static partial void LogStarted(ILogger logger, string taskHub, int port, string workerId);
}
