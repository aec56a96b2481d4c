using Microsoft.Azure.Functions.Worker.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Migration.Storage;
using Migration.Workflow;

// The Azure Functions isolated app: the same tasks and HTTP API as the local host, bound through
// hand-written [Function] wrappers (the DurableTask source generator is not available here).
var builder = FunctionsApplication.CreateBuilder(args);
builder.ConfigureFunctionsWebApplication();
builder.AddWorkflowServices();
builder.AddMigrationTelemetry();
builder.Services.AddHostedService<RunStorageInitialiser>();
builder.Build().Run();
