using Activity = System.Diagnostics.Activity;
using System.Net;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Migration.Domain.Reconciliation;
using Migration.Pipedrive;
using Migration.Workflow;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace Migration.Workflow.Tests;

/// <summary>
/// The engine's telemetry reports what the governor and the load counted: tokens spent and 429s from
/// real governed requests, records per phase and outcome from a batch, and a span per activity.
/// </summary>
public class TelemetryTests
{
    [Fact]
    public async Task Tokens_429s_records_and_activity_spans_reach_an_exporter()
    {
        // A connection name of its own: other tests in this process feed the same instruments.
        var connection = "telemetry-" + Guid.NewGuid().ToString("N")[..8];
        var metrics = new List<Metric>();
        var spans = new List<Activity>();
        using (Sdk.CreateMeterProviderBuilder().AddMeter(MigrationTelemetry.Name).AddInMemoryExporter(metrics).Build())
        using (Sdk.CreateTracerProviderBuilder().AddSource(MigrationTelemetry.Name).AddInMemoryExporter(spans).Build())
        {
            // Three governed requests: Pipedrive refuses the first with 429 (refunded), accepts the next two (5 tokens each).
            var governor = new PipedriveGovernor(new PipedriveAllowance(20, 10, 1000, DateTimeOffset.UtcNow.AddDays(1)), TimeProvider.System);
            var answers = new Queue<HttpStatusCode>([HttpStatusCode.TooManyRequests, HttpStatusCode.Created, HttpStatusCode.Created]);
            using var http = new HttpClient(new PipedriveGovernorHandler(governor) { InnerHandler = new Answering(answers) });
            using (MigrationTelemetry.StartActivity("LoadPersonsBatchActivity"))
            {
                for (var i = 0; i < 3; i++)
                    (await http.PostAsync("https://acme.pipedrive.test/api/v2/persons", new StringContent("{}"))).Dispose();
                MigrationTelemetry.RecordUsage(connection, governor.Usage);
                MigrationTelemetry.RecordBatch(new BatchCheckpoint(connection, "000007", new PhaseCounts(100, 97, 0, 1, 2)));
            }
        } // disposing the providers exports once (cumulative sums)

        long Sum(string name, string key, string value) => metrics.Where(m => m.Name == name)
            .SelectMany(m => Points(m)).Where(p => Tags(p).Any(t => t.Key == key && (string?)t.Value == value))
            .Sum(p => p.GetSumLong());

        Assert.Equal(10, Sum("migration.pipedrive.tokens", "pipedrive.connection", connection));
        Assert.Equal(1, Sum("migration.pipedrive.rate_limited", "pipedrive.connection", connection));
        Assert.Equal(3, Sum("migration.pipedrive.requests", "pipedrive.connection", connection));
        Assert.Equal(100, Sum("migration.records", "migration.phase", connection));
        Assert.Equal(97, metrics.Where(m => m.Name == "migration.records").SelectMany(Points)
            .Where(p => Tags(p).Any(t => (string?)t.Value == connection) && Tags(p).Any(t => t.Key == "migration.outcome" && (string?)t.Value == "created"))
            .Sum(p => p.GetSumLong()));

        var span = Assert.Single(spans, s => (string?)s.GetTagItem("migration.phase") == connection);
        Assert.Equal("LoadPersonsBatchActivity", span.DisplayName);
        Assert.Equal(10L, span.GetTagItem("pipedrive.tokens"));
    }

    [Fact]
    public async Task Nothing_is_exported_without_a_connection_string_and_azure_monitor_is_wired_with_one()
    {
        static IServiceProvider Services(string? connectionString)
        {
            var builder = Host.CreateApplicationBuilder();
            builder.Configuration.AddInMemoryCollection([new(TelemetryServiceCollectionExtensions.ConnectionStringSetting, connectionString)]);
            builder.AddMigrationTelemetry();
            return builder.Services.BuildServiceProvider();
        }

        Assert.Null(Services(null).GetService<MeterProvider>());
        Assert.Null(Services(null).GetService<TracerProvider>());

        // A well-formed connection string to an endpoint nobody listens on: the providers exist; nothing is flushed here.
        await using var wired = (ServiceProvider)Services("InstrumentationKey=00000000-0000-0000-0000-000000000000;IngestionEndpoint=https://127.0.0.1:9/");
        Assert.NotNull(wired.GetService<MeterProvider>());
        Assert.NotNull(wired.GetService<TracerProvider>());
    }

    private static IEnumerable<MetricPoint> Points(Metric metric)
    {
        var points = new List<MetricPoint>();
        foreach (ref readonly var point in metric.GetMetricPoints())
            points.Add(point);
        return points;
    }

    private static List<KeyValuePair<string, object?>> Tags(MetricPoint point)
    {
        var tags = new List<KeyValuePair<string, object?>>();
        foreach (var tag in point.Tags)
            tags.Add(tag);
        return tags;
    }

    private sealed class Answering(Queue<HttpStatusCode> answers) : HttpMessageHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
            Task.FromResult(new HttpResponseMessage(answers.Dequeue()));
    }
}
