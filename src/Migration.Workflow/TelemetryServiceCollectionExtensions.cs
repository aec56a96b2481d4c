using Azure.Monitor.OpenTelemetry.Exporter;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace Migration.Workflow;

public static class TelemetryServiceCollectionExtensions
{
    /// <summary>The setting Application Insights (and the Functions platform) use for the connection string.</summary>
    public const string ConnectionStringSetting = "APPLICATIONINSIGHTS_CONNECTION_STRING";

    /// <summary>
    /// Exports <see cref="MigrationTelemetry"/>'s traces and metrics to Azure Monitor when
    /// <c>APPLICATIONINSIGHTS_CONNECTION_STRING</c> is set (the deployment sets it). Without it nothing
    /// is registered, so nothing is collected or sent anywhere.
    /// </summary>
    public static IHostApplicationBuilder AddMigrationTelemetry(this IHostApplicationBuilder builder)
    {
        if (builder.Configuration[ConnectionStringSetting] is not { Length: > 0 } connectionString)
            return builder;
        builder.Services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService(MigrationTelemetry.Name))
            .WithTracing(tracing => tracing
                .AddSource(MigrationTelemetry.Name)
                .AddAzureMonitorTraceExporter(options => options.ConnectionString = connectionString))
            .WithMetrics(metrics => metrics
                .AddMeter(MigrationTelemetry.Name)
                .AddAzureMonitorMetricExporter(options => options.ConnectionString = connectionString));
        return builder;
    }
}
