using Microsoft.DurableTask.Client;
using Microsoft.DurableTask.Worker;
using Migration.Host;
using Migration.Storage;
using Migration.Workflow;

// The local host: the same HTTP API and the same durable tasks as the Functions app, on a real
// durable backend (Azure Storage, Azurite locally) through the gRPC sidecar (DESIGN §3).
// Content root is the app's folder so appsettings.json is found wherever the host is started from.
var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory });
builder.AddWorkflowServices();
builder.AddMigrationTelemetry();

var engine = LocalEngineOptions.From(builder.Configuration,
    builder.Configuration["Migration:TaskHub"] is { Length: > 0 } hub ? hub : StorageServiceCollectionExtensions.DefaultTaskHub,
    StorageServiceCollectionExtensions.ResolveConnectionString(builder.Configuration));
builder.Services.AddSingleton(engine);
builder.Services.AddHostedService<RunStorageInitialiser>();
// Order matters: the engine starts before, and stops after, the worker that talks to it.
builder.Services.AddHostedService<LocalDurableEngine>();
var channel = Grpc.Net.Client.GrpcChannel.ForAddress(engine.SidecarAddress);
builder.Services.AddDurableTaskWorker(worker =>
{
    worker.AddTasks(tasks => tasks.AddMigrationTasks());
    worker.UseGrpc(channel);
});
builder.Services.AddDurableTaskClient(client => client.UseGrpc(channel));
// The local host's delta sync timer (the Functions app's TimerTrigger), after the engine and the worker it needs.
builder.Services.AddHostedService<DeltaSyncTimer>();
builder.Services.AddProblemDetails();

var app = builder.Build();
app.UseExceptionHandler();
app.UseStatusCodePages();
app.UseMiddleware<HostApiKey>();
app.MapMigrationApi();
app.MapGet("/healthz", () => Results.Text("ok"));
app.Lifetime.ApplicationStopped.Register(() => channel.Dispose());
await app.RunAsync();

/// <summary>Marker for tests that start the host in-process.</summary>
public partial class Program;
