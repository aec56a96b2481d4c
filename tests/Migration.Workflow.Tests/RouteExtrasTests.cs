using System.Text.Json;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Migration.Domain.Ledger;
using Migration.Domain.Mapping;
using Migration.Domain.Reconciliation;
using Migration.Domain.Runs;
using Migration.Domain.Source;
using Migration.Domain.Staging;
using Migration.Storage;
using Migration.Tests.Shared;
using Migration.Workflow.Activities;
using Migration.Workflow.Models;

namespace Migration.Workflow.Tests;

/// <summary>
/// The route-extras activities on Azurite, run in the orchestrator's order over hand-staged persons and export rows:
/// where each row lands, what is skipped and why, counts that balance, and reruns that change nothing.
/// </summary>
public sealed class RouteExtrasTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    private const string RunId = "run-route";
    private static readonly CancellationToken None = CancellationToken.None;
    private static readonly DateTimeOffset T0 = new(2025, 7, 1, 8, 0, 0, TimeSpan.Zero);

    /// <summary>45 batches of two users: three ranges. Batch 41 holds the survivor nm-41-0, into which nm-merged was merged.</summary>
    private const int Batches = 45;

    private static readonly FieldMap Map = new(1,
    [
        Line("n:ao", "Open App", TargetKinds.Summary),
        Line("n:ph", "Purchase", TargetKinds.ActivityType),
    ]);

    private static MappingLine Line(string code, string name, string kind) => new(
        SourceItems.EventId(code), new SourceItem(SourceKinds.Event, code, name, "EVENT", false),
        new FieldTarget(kind == TargetKinds.Summary ? TargetEntities.Person : TargetEntities.Activity, kind, "", null),
        kind == TargetKinds.Summary ? Transforms.Summary : Transforms.EventToActivity, 1, "test", []);

    private static string NewTaskHub() => "R" + Guid.NewGuid().ToString("N")[..12];

    /// <summary>A process of the host: a task hub names its storage, so two providers on one hub are two processes of one deployment.</summary>
    private async Task<IServiceProvider> Services(string? taskHub = null)
    {
        azurite.SkipIfUnavailable();
        var builder = Host.CreateApplicationBuilder();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ConnectionStrings:MigrationStorage"] = azurite.ConnectionString,
            ["Migration:TaskHub"] = taskHub ?? NewTaskHub(),
        });
        builder.AddWorkflowServices();
        var services = builder.Build().Services;
        await services.GetRequiredService<MigrationStorage>().EnsureCreatedAsync(None);
        return services;
    }

    private static SourceEvent Event(string extId, string name, DateTimeOffset at) => new(extId, name, at, new Dictionary<string, string>());

    private static async Task StageAsync(IServiceProvider services)
    {
        var staging = services.GetRequiredService<StagingStore>();
        Assert.True(await services.GetRequiredService<MappingStore>().TryFreezeAsync(RunId, Map, None));
        for (var b = 0; b < Batches; b++)
        {
            var users = Enumerable.Range(0, 2).Select(i => new SourceUser
            {
                ExtId = $"nm-{b}-{i}",
                MergedExtIds = b == 41 && i == 0 ? [$"nm-{b}-{i}", "nm-merged"] : [],
                Devices = [new SourceDevice { InstallationId = $"inst-{b}-{i}" }],
            });
            await staging.WriteBatchAsync(RunId, StagedBatch.Name(StagedBatch.Persons, b), users, None);
        }

        // Two event chunks: users spread over every range, a merged id, a user out of scope, an event the map does not move.
        await staging.WriteLinesAsync(RunId, "staged/events/000000-000000.ndjson.gz", new[]
        {
            Event("nm-0-0", "Open App", T0), Event("nm-0-0", "Open App", T0.AddDays(2)), Event("nm-0-0", "Purchase", T0.AddHours(5)),
            Event("nm-41-0", "Purchase", T0.AddDays(1)), Event("nm-merged", "Purchase", T0), Event("nm-merged", "Open App", T0.AddDays(-3)),
            Event("nm-out-of-scope", "Purchase", T0), Event("nm-0-1", "Search", T0),
        }, None);
        await staging.WriteLinesAsync(RunId, "staged/events/000000-000001.ndjson.gz", new[]
        {
            Event("nm-41-0", "Open App", T0), Event("nm-25-1", "Purchase", T0), Event("nm-25-1", "Purchase", T0),
        }, None);
        await staging.WriteLinesAsync(RunId, "staged/push-results/000001-000000.ndjson.gz", new[]
        {
            new SourcePushResult("push-1", "nm-25-0", null, "IOS", "SENT", T0, null),
            new SourcePushResult("push-1", null, "inst-44-1", "IOS", "CLICKED", T0, null),
            new SourcePushResult("push-1", null, "inst-unknown", "IOS", "SENT", T0, null),
        }, None);
        await staging.WriteLinesAsync(RunId, "staged/inventory/tag-assignments-000002.ndjson.gz", new[]
        {
            new SourceUserTags("nm-merged", ["VIP"]), new SourceUserTags("nm-41-0", ["vip", "Gold"]), new SourceUserTags("nm-gone", ["VIP"]),
        }, None);
        await staging.WriteLinesAsync(RunId, "staged/inventory/survey-answers-000003.ndjson.gz", new[]
        {
            new SourceSurveyResponse("nm-3-1", new SurveyAnswer("401", "q1", "5")),
        }, None);
        await staging.WriteLinesAsync(RunId, "staged/segment-members/000007-000000.ndjson.gz", new[]
        {
            new SourceSegmentMember("nm-3-1", 7, "Churn risk"), new SourceSegmentMember("nm-eu", 7, "Churn risk"),
        }, None);
    }

    /// <summary>The activities in the order <see cref="Orchestrators.RouteExtrasOrchestrator"/> calls them.</summary>
    /// <remarks>Given <paramref name="restarted"/>, the steps after the plan run there, as after a host restart.</remarks>
    private static async Task<int> RouteAsync(IServiceProvider services, IServiceProvider? restarted = null)
    {
        T Activity<T>(IServiceProvider from) => ActivatorUtilities.CreateInstance<T>(from);
        var ranges = new RouteExtrasState(new MigrationPlan { RunId = RunId, NetmeraConnection = "n", PipedriveConnection = "p" }, Batches).Ranges;
        for (var r = 0; r < ranges; r++)
            await Activity<IndexPersonRangeActivity>(services).ExecuteAsync(new RouteRangeInput(RunId, r, Batches), None);
        var units = await Activity<PlanRoutingActivity>(services).ExecuteAsync(new RoutePlanInput(RunId, ranges), None);
        var after = restarted ?? services;
        for (var u = 0; u < units; u++)
            await Activity<RouteUnitActivity>(after).ExecuteAsync(new RouteUnitInput(RunId, u, ranges), None);
        var chunks = new List<int>();
        for (var r = 0; r < ranges; r++)
            chunks.Add((await Activity<MergeExtrasRangeActivity>(after).ExecuteAsync(new RouteRangeInput(RunId, r, Batches), None)).ActivityChunks);
        return await Activity<WriteActivityTableActivity>(after).ExecuteAsync(new ActivityTableInput(RunId, chunks), None);
    }

    private static async Task<Dictionary<string, PersonExtras>> ExtrasAsync(StagingStore staging) =>
        (await Task.WhenAll(Enumerable.Range(0, Batches).Select(b => staging.ReadLinesAsync<PersonExtras>(RunId, StagedBatch.Name(StagedBatch.PersonExtras, b), None, missingIsEmpty: false))))
            .SelectMany(e => e).ToDictionary(e => e.ExtId);

    [SkippableFact]
    public async Task Every_row_reaches_its_person_or_is_skipped_with_a_reason_and_the_counts_balance()
    {
        var services = await Services();
        await StageAsync(services);
        var staging = services.GetRequiredService<StagingStore>();

        var activityBatches = await RouteAsync(services);

        var extras = await ExtrasAsync(staging);
        // The merged id's rows reached the survivor: its summary counts both ids' opens, its purchases are both there.
        var survivor = extras["nm-41-0"];
        Assert.Equal(new EventSummary("Open App", 2, T0.AddDays(-3), T0), Assert.Single(survivor.Summaries));
        Assert.Equal([T0, T0.AddDays(1)], survivor.Events.Select(e => e.Timestamp));
        Assert.Equal(["VIP", "Gold"], survivor.Tags);
        Assert.Equal(new EventSummary("Open App", 2, T0, T0.AddDays(2)), Assert.Single(extras["nm-0-0"].Summaries));
        Assert.Equal("CLICKED", Assert.Single(extras["nm-44-1"].PushResults).Status); // by installation
        Assert.Single(extras["nm-25-0"].PushResults);
        Assert.Equal(["Churn risk"], extras["nm-3-1"].Segments);
        Assert.Single(extras["nm-3-1"].SurveyAnswers);
        Assert.False(extras.ContainsKey("nm-0-1")); // only an event the map does not move

        // Five purchases of staged persons (one range each but the middle one holds two identical ones): activity batches per range.
        Assert.Equal(3, activityBatches);
        var table = JsonSerializer.Deserialize<ActivityEvents>((await staging.ReadArtifactAsync(RunId, ActivityEvents.TablePath, None))!.Content, StorageJson.Options)!;
        var staged = new List<StagedActivityEvent>();
        for (var k = 0; k < table.BatchCount; k++)
            staged.AddRange(await staging.ReadLinesAsync<StagedActivityEvent>(RunId, table.BlobOf(k), None, missingIsEmpty: false));
        Assert.Equal(5, staged.Count);
        Assert.Equal(5, staged.Select(e => e.SourceId).Distinct().Count());
        Assert.Equal([(0, "nm-0-0"), (25, "nm-25-1"), (25, "nm-25-1"), (41, "nm-41-0"), (41, "nm-41-0")], staged.Select(e => (e.PersonBatch, e.PersonExtId)));

        var totals = await services.GetRequiredService<CheckpointStore>().TotalsAsync(RunId, None);
        Assert.Equal(new PhaseCounts(11, 9, 0, 2, 0), totals[Phase.RouteEvents]);
        Assert.Equal(new PhaseCounts(3, 2, 0, 1, 0), totals[Phase.RoutePushResults]);
        Assert.Equal(new PhaseCounts(6, 4, 0, 2, 0), totals[Phase.RoutePersonRows]);
        Assert.All(totals.Where(t => t.Key.StartsWith("route-", StringComparison.Ordinal)), t => Assert.True(t.Value.Balances, t.Key));

        var skipped = await services.GetRequiredService<RejectStore>().ListAsync(RunId, Phase.RouteSkipped, None);
        Assert.Equal(
            [("anonymous_installation", "1"), ("event_not_moved", "1"), ("user_not_staged", "1"), ("user_not_staged", "1"), ("user_not_staged", "1")],
            skipped.Select(s => (s.ReasonCode, s.Detail.Split(' ')[0])).Order());
    }

    [SkippableFact]
    public async Task Routing_again_writes_the_same_blobs_and_the_same_counts()
    {
        var services = await Services();
        await StageAsync(services);
        var staging = services.GetRequiredService<StagingStore>();
        await RouteAsync(services);
        var first = JsonSerializer.Serialize(await ExtrasAsync(staging));
        var firstTotals = await services.GetRequiredService<CheckpointStore>().TotalsAsync(RunId, None);

        await RouteAsync(services);

        Assert.Equal(first, JsonSerializer.Serialize(await ExtrasAsync(staging)));
        Assert.Equal(firstTotals, await services.GetRequiredService<CheckpointStore>().TotalsAsync(RunId, None));
    }

    [SkippableFact]
    public async Task A_host_restarted_after_the_plan_routes_every_row_where_the_planning_host_would()
    {
        var oneProcess = await Services();
        await StageAsync(oneProcess);
        await RouteAsync(oneProcess);
        var expected = JsonSerializer.Serialize(await ExtrasAsync(oneProcess.GetRequiredService<StagingStore>()));

        var taskHub = NewTaskHub();
        var planner = await Services(taskHub);
        await StageAsync(planner);
        var restarted = await Services(taskHub);
        await RouteAsync(planner, restarted);

        var extras = await ExtrasAsync(restarted.GetRequiredService<StagingStore>());
        Assert.Equal(["VIP", "Gold"], extras["nm-41-0"].Tags); // reached through the merged id, found in the stored index
        Assert.Equal(expected, JsonSerializer.Serialize(extras));
    }
}
