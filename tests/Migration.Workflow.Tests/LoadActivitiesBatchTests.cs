using Stopwatch = System.Diagnostics.Stopwatch;
using System.Text.Json;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Migration.Domain.Ledger;
using Migration.Domain.Reconciliation;
using Migration.Domain.Runs;
using Migration.Domain.Staging;
using Migration.Pipedrive;
using Migration.Sandbox;
using Migration.Storage;
using Migration.Tests.Shared;
using Migration.Workflow.Activities;
using Migration.Workflow.Models;
using Xunit.Abstractions;

namespace Migration.Workflow.Tests;

/// <summary>
/// One activities batch on Azurite against the Pipedrive simulator: events of created persons land once each as done
/// activities at their original time, events of persons the load did not create are skipped, and counts balance.
/// </summary>
public sealed class LoadActivitiesBatchTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    private const string RunId = "run-activities";
    private static readonly CancellationToken None = CancellationToken.None;
    private static readonly DateTimeOffset T0 = new(2025, 7, 1, 8, 15, 42, TimeSpan.Zero);

    private sealed record World(IServiceProvider Services, PipedriveSimulator Simulator, PipedriveClient Client, long Ayse, long Can) : IAsyncDisposable
    {
        public ValueTask DisposeAsync() => Simulator.DisposeAsync();
    }

    private async Task<World> StartAsync()
    {
        azurite.SkipIfUnavailable();
        var simulator = await PipedriveSimulator.StartAsync(new PipedriveSimulatorOptions { ApiToken = "t", Seed = 3 });
        var builder = Host.CreateApplicationBuilder();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ConnectionStrings:MigrationStorage"] = azurite.ConnectionString,
            ["Migration:TaskHub"] = "A" + Guid.NewGuid().ToString("N")[..12],
            ["Pipedrive:Connections:test:BaseUrl"] = simulator.BaseAddress.ToString(),
            ["Pipedrive:Connections:test:ApiToken"] = "t",
            ["Pipedrive:Connections:test:Plan"] = "Ultimate",
        });
        builder.AddWorkflowServices();
        var services = builder.Build().Services;
        await services.GetRequiredService<MigrationStorage>().EnsureCreatedAsync(None);
        var client = services.GetRequiredService<PipedriveClientFactory>().Create("test");

        // What the schema phase and the persons load leave: the activity type, two persons created, one rejected.
        var type = await client.CreateActivityTypeAsync(new NewActivityType("Purchase", "signpost"), None);
        var schema = new ProvisionedSchema([], [], [new ProvisionedActivityType("Purchase", type.Id, type.KeyString!, true)], null);
        await services.GetRequiredService<StagingStore>().WriteArtifactAsync(RunId, Api.RunReports.Schema.Path, JsonSerializer.Serialize(schema, ApiJson.Options), "application/json", None);
        var ayse = (await client.CreatePersonAsync(new PersonWrite { Name = "Ayşe" }, None)).Id;
        var can = (await client.CreatePersonAsync(new PersonWrite { Name = "Can" }, None)).Id;
        var ledger = services.GetRequiredService<IIdLedger>();
        var persons = new LedgerBatch(RunId, LoadPersonsBatchActivity.LedgerObjectType, "000003");
        await ledger.RecordAsync(persons, new LedgerEntry { SourceId = "nm-a", State = LedgerState.Created, TargetId = ayse }, None);
        await ledger.RecordAsync(persons, new LedgerEntry { SourceId = "nm-c", State = LedgerState.Created, TargetId = can }, None);
        await ledger.RecordAsync(persons, new LedgerEntry { SourceId = "nm-r", State = LedgerState.Rejected, ReasonCode = "invalid_email" }, None);
        return new World(services, simulator, client, ayse, can);
    }

    private static async Task StageAsync(StagingStore staging, IReadOnlyList<StagedActivityEvent> events)
    {
        var chunks = events.Chunk(ActivityEvents.BatchSize).ToList();
        for (var j = 0; j < chunks.Count; j++)
            await staging.WriteLinesAsync(RunId, ActivityEvents.BlobName(0, j), chunks[j], None);
        await staging.WriteArtifactAsync(RunId, ActivityEvents.TablePath, JsonSerializer.Serialize(new ActivityEvents([chunks.Count]), StorageJson.Options), "application/json", None);
    }

    private static StagedActivityEvent Purchase(string extId, DateTimeOffset at, int ordinal = 0) =>
        new(3, extId, ActivityEvents.SourceIdOf(extId, "Purchase", at, ordinal), "Purchase", "Purchase", at,
            new Dictionary<string, string> { ["revenue"] = "149,90", ["productName"] = "<Kahve> & \"çay\"" });

    private static LoadBatchInput Input(int batch) =>
        new(RunId, "test", Phase.LoadActivities, batch, new PipedriveAllowance(1_000, 100, 1_000_000, DateTimeOffset.UtcNow.AddDays(1)));

    private static async Task<List<Activity>> ActivitiesAsync(PipedriveClient client)
    {
        var activities = new List<Activity>();
        await foreach (var a in client.GetActivitiesAsync(None))
            activities.Add(a);
        return activities;
    }

    [SkippableFact]
    public async Task Events_of_created_persons_land_once_at_their_original_time_and_the_rest_are_skipped()
    {
        await using var world = await StartAsync();
        var events = new[] { Purchase("nm-a", T0), Purchase("nm-a", T0, ordinal: 1), Purchase("nm-c", T0.AddDays(3)), Purchase("nm-r", T0), Purchase("nm-x", T0) };
        await StageAsync(world.Services.GetRequiredService<StagingStore>(), events);
        var activity = ActivatorUtilities.CreateInstance<LoadActivitiesBatchActivity>(world.Services);

        var first = await activity.ExecuteAsync(Input(0), None);
        var second = await activity.ExecuteAsync(Input(0), None);

        Assert.True(first.Finished);
        Assert.Equal(new PhaseCounts(5, 3, 0, 2, 0), first.Counts);
        Assert.Equal(first.Counts, second.Counts);
        var activities = await ActivitiesAsync(world.Client);
        Assert.Equal(3, activities.Count);
        Assert.Equal(2, activities.Count(a => a.PersonId == world.Ayse));
        var can = Assert.Single(activities, a => a.PersonId == world.Can);
        Assert.Equal(("2025-07-04", "08:15:00", true, "Purchase"), (can.DueDate, can.DueTime, can.Done, can.Subject));
        Assert.Contains("Time: 2025-07-04 08:15:42 UTC", can.Note, StringComparison.Ordinal);
        Assert.Contains("productName: &lt;Kahve&gt; &amp; &quot;çay&quot;", can.Note, StringComparison.Ordinal);
        Assert.Equal(new PhaseCounts(5, 3, 0, 2, 0), (await world.Services.GetRequiredService<CheckpointStore>().TotalsAsync(RunId, None))[Phase.LoadActivities]);
    }

    [SkippableFact]
    public async Task Two_deliveries_of_one_batch_at_once_land_each_activity_once()
    {
        await using var world = await StartAsync();
        // Two rounds of creates, so the two deliveries would interleave if nothing held one back.
        var events = Enumerable.Range(0, ActivityEvents.BatchSize).Select(i => Purchase("nm-a", T0.AddMinutes(i))).ToList();
        await StageAsync(world.Services.GetRequiredService<StagingStore>(), events);
        var first = ActivatorUtilities.CreateInstance<LoadActivitiesBatchActivity>(world.Services);
        var second = ActivatorUtilities.CreateInstance<LoadActivitiesBatchActivity>(world.Services);

        var results = await Task.WhenAll(first.ExecuteAsync(Input(0), None), second.ExecuteAsync(Input(0), None));

        Assert.All(results, r => Assert.Equal(new PhaseCounts(100, 100, 0, 0, 0), r.Counts));
        var activities = await ActivitiesAsync(world.Client);
        Assert.Equal(100, activities.Count);
        Assert.Equal(100, activities.Select(a => a.DueTime).Distinct().Count());
    }
}
