using Stopwatch = System.Diagnostics.Stopwatch;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Migration.Domain.Campaigns;
using Migration.Domain.Ledger;
using Migration.Domain.Mapping;
using Migration.Domain.Reconciliation;
using Migration.Domain.Runs;
using Migration.Domain.Source;
using Migration.Domain.Staging;
using Migration.Netmera.Exports;
using Migration.Pipedrive;
using Migration.Sandbox;
using NetmeraExports = Migration.Sandbox.Netmera.Exports.NetmeraExports;
using Migration.Storage;
using Migration.Tests.Shared;
using Migration.Workflow;
using Migration.Workflow.Activities;
using Migration.Workflow.Models;
using Xunit.Abstractions;

namespace Migration.Host.Tests;

/// <summary>
/// Campaigns → deals and touchpoints through the real activities, on Azurite and the Pipedrive simulator: the
/// staged campaign files in, deals in the campaign pipeline and touchpoint activities on them out, counts that balance.
/// </summary>
public sealed class CampaignLoadTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    private static readonly CancellationToken None = CancellationToken.None;
    private static readonly DateTimeOffset T0 = new(2025, 6, 1, 10, 0, 0, TimeSpan.Zero);

    /// <summary>The workflow's services over a private task hub and a fresh, unthrottled Pipedrive simulator.</summary>
    private sealed class Stage : IAsyncDisposable
    {
        public required IHost Host { get; init; }
        public required PipedriveSimulator Simulator { get; init; }
        public required string RunId { get; init; }
        public PipedriveClient Client => Get<PipedriveClientFactory>().Create("test");
        public T Get<T>() where T : notnull => Host.Services.GetRequiredService<T>();

        public static async Task<Stage> StartAsync(string connectionString)
        {
            var simulator = await PipedriveSimulator.StartAsync(new PipedriveSimulatorOptions { ApiToken = "campaign-tests", Seed = 3 });
            var builder = Microsoft.Extensions.Hosting.Host.CreateApplicationBuilder();
            builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["ConnectionStrings:MigrationStorage"] = connectionString,
                ["Migration:TaskHub"] = "C" + Guid.NewGuid().ToString("N")[..12],
                ["Pipedrive:Connections:test:BaseUrl"] = simulator.BaseAddress.ToString(),
                ["Pipedrive:Connections:test:ApiToken"] = "campaign-tests",
                ["Pipedrive:Connections:test:Plan"] = "Ultimate",
                ["Netmera:Connections:test:BaseUrl"] = "http://127.0.0.1:9/",
                ["Netmera:Connections:test:ApiKey"] = "unused",
            });
            builder.AddWorkflowServices();
            builder.Services.AddTransient<PlanCampaignsActivity>();
            builder.Services.AddTransient<LoadCampaignsBatchActivity>();
            builder.Services.AddTransient<LoadTouchpointsBatchActivity>();
            var host = builder.Build();
            await host.Services.GetRequiredService<MigrationStorage>().EnsureCreatedAsync(None);
            return new Stage { Host = host, Simulator = simulator, RunId = "campaign-run" };
        }

        /// <summary>The proposal for these campaigns approved as it is, and the schema it needs provisioned: what the run has after the schema phase.</summary>
        public async Task<ProvisionedSchema> ApproveAndProvisionAsync(IReadOnlyList<SourceCampaign> campaigns)
        {
            var map = FieldMapProposal.Propose(SourceItems.From(new SourceDefinitions { Campaigns = campaigns }), new Dictionary<string, ValueProfile>(), new MappingOptions());
            Assert.True(await Get<MappingStore>().TryFreezeAsync(RunId, map, None));
            var schema = await new SchemaProvisioner(Client).ProvisionAsync(SchemaRequirements.From(map), None);
            await Get<RunSchemaStore>().SaveAsync(RunId, schema, None);
            return schema;
        }

        public LoadBatchInput Batch(string phase, int batch, RunOptions? options = null) =>
            new(RunId, "test", phase, batch, new PipedriveAllowance(1_000, 100, 10_000_000, DateTimeOffset.UtcNow.AddDays(1))) { Options = options ?? new RunOptions() };

        public async Task<PhaseCounts> LoadAsync<TActivity>(string phase, int batches, RunOptions? options = null)
            where TActivity : MigrationActivity<LoadBatchInput, BatchLoadResult>
        {
            var counts = PhaseCounts.Zero;
            for (var batch = 0; batch < batches; batch++)
            {
                var result = await Get<TActivity>().ExecuteAsync(Batch(phase, batch, options), None);
                Assert.True(result.Finished);
                counts = counts.Add(result.Counts);
            }
            return counts;
        }

        /// <summary>Persons created in Pipedrive and recorded final in the person ledger, as the persons load leaves them.</summary>
        public async Task<IReadOnlyDictionary<string, long>> PersonsAsync(int batch, IEnumerable<string> extIds)
        {
            var ids = new Dictionary<string, long>(StringComparer.Ordinal);
            var ledgerBatch = new LedgerBatch(RunId, LoadPersonsBatchActivity.LedgerObjectType, batch.ToString("D6", System.Globalization.CultureInfo.InvariantCulture));
            foreach (var extId in extIds)
            {
                var person = await Client.CreatePersonAsync(new PersonWrite { Name = "Person " + extId }, None);
                await Get<IIdLedger>().RecordAsync(ledgerBatch, new LedgerEntry { SourceId = extId, State = LedgerState.Created, TargetId = person.Id }, None);
                ids[extId] = person.Id;
            }
            return ids;
        }

        public async ValueTask DisposeAsync()
        {
            Host.Dispose();
            await Simulator.DisposeAsync();
        }
    }

    private async Task<Stage> StartAsync()
    {
        azurite.SkipIfUnavailable();
        return await Stage.StartAsync(azurite.ConnectionString);
    }

    private static SourcePushResult Row(string key, string extId, string status, int minutes) => new(key, extId, null, "EMAIL", status, T0.AddMinutes(minutes), null);

    private static async Task<List<Activity>> Activities(PipedriveClient client)
    {
        var activities = new List<Activity>();
        await foreach (var activity in client.GetActivitiesAsync(None))
            activities.Add(activity);
        return activities;
    }

    private static async Task<List<Deal>> Deals(PipedriveClient client)
    {
        var deals = new List<Deal>();
        await foreach (var deal in client.GetDealsAsync(None))
            deals.Add(deal);
        return deals;
    }

    [SkippableFact]
    public async Task Campaign_files_become_one_deal_each_and_engaged_persons_one_touchpoint_each_however_often_it_runs()
    {
        await using var stage = await StartAsync();
        var staging = stage.Get<StagingStore>();
        // An inventory and a push report name campaign c1 both; c2 and c3 are only in the inventory, c3 with an over-long name.
        SourceCampaign[] inventory =
        [
            new() { Key = "c1", Name = "Spring sale", Type = "PUSH", Status = "SENDING" },
            new() { Key = "c2", Name = "Welcome", Type = "EMAIL", Status = "DRAFT" },
            new() { Key = "c3", Name = new string('x', 300), Type = "EMAIL", Status = "FINISHED" },
        ];
        SourceCampaign[] report = [new() { Key = "c1", Status = "FINISHED", Stats = [new("IOS", 120, 4, 30)], Metrics = new Dictionary<string, long> { ["Delivered"] = 110 } }];
        await staging.WriteLinesAsync(stage.RunId, "staged/inventory/campaigns-000000.ndjson.gz", inventory, None);
        await staging.WriteLinesAsync(stage.RunId, "staged/inventory/campaigns-000003.ndjson.gz", report, None);
        var schema = await stage.ApproveAndProvisionAsync([.. inventory, .. report]);
        // Someone deletes the Draft stage in Pipedrive after provisioning: the draft campaign's deal is refused.
        await stage.Client.DeleteStageAsync(schema.CampaignPipeline!.Stage("Draft")!.Id, None);

        var plan = await stage.Get<PlanCampaignsActivity>().ExecuteAsync(new PlanCampaignsInput(stage.RunId, 2), None);
        var deals = await stage.LoadAsync<LoadCampaignsBatchActivity>(Phase.LoadCampaigns, plan.BatchCount);

        Assert.Equal(new PlanCampaignsResult(2, 3, 4), plan);
        Assert.Equal(new PhaseCounts(3, 2, 0, 0, 1), deals);
        var inPipedrive = await Deals(stage.Client);
        Assert.Equal(2, inPipedrive.Count);
        var c1 = Assert.Single(inPipedrive, d => d.Title == "Spring sale");
        Assert.Equal(new string('x', 255), Assert.Single(inPipedrive, d => d != c1).Title); // cut at Pipedrive's limit, not refused
        Assert.Equal(schema.CampaignPipeline.Id, c1.PipelineId);
        Assert.Equal(schema.CampaignPipeline.Stage("Finished")!.Id, c1.StageId); // the report's newer status
        Assert.Equal("120", MappedValues.Actual(c1.CustomFields![schema.Field("deal", "Campaign: Sent")!.Key], schema.Field("deal", "Campaign: Sent")!));
        Assert.Equal("110", MappedValues.Actual(c1.CustomFields![schema.Field("deal", "Campaign: Delivered")!.Key], schema.Field("deal", "Campaign: Delivered")!));
        var rejected = Assert.Single(await stage.Get<RejectStore>().ListAsync(stage.RunId, Phase.LoadCampaigns, None));
        Assert.Equal(("c2", "pipedrive_validation"), (rejected.SourceId, rejected.ReasonCode));
        Assert.Contains("stage", rejected.Detail, StringComparison.Ordinal);

        // Person batch 0: u1 and u2 were created, u3 was not. The routed extras, written by hand here.
        var persons = await stage.PersonsAsync(0, ["u1", "u2"]);
        PersonExtras[] extras =
        [
            new() { ExtId = "u1", PushResults = [Row("c1", "u1", "SUCCESS", 0), Row("c1", "u1", "CLICKED", 42), Row("c2", "u1", "SHOWN", 3), Row("c3", "u1", "CLICKED", 5)] },
            new() { ExtId = "u2", PushResults = [Row("c1", "u2", "DELIVERED", 1)] },
            new() { ExtId = "u3", PushResults = [Row("c1", "u3", "CLICKED", 2)] },
        ];
        await staging.WriteLinesAsync(stage.RunId, StagedBatch.Name(StagedBatch.PersonExtras, 0), extras, None);

        var first = await stage.LoadAsync<LoadTouchpointsBatchActivity>(Phase.LoadTouchpoints, 1);
        var afterFirst = await Activities(stage.Client);
        var second = await stage.LoadAsync<LoadTouchpointsBatchActivity>(Phase.LoadTouchpoints, 1);

        // Five pairs: two touchpoints (u1 on c1 and c3), c2 has no deal, u2 did not engage, u3 was not migrated.
        Assert.Equal(new PhaseCounts(5, 2, 0, 3, 0), first);
        Assert.Equal(first, second);
        var activities = await Activities(stage.Client);
        Assert.Equal(afterFirst.Select(a => a.Id), activities.Select(a => a.Id)); // the rerun created nothing
        Assert.Equal(2, activities.Count);
        var type = schema.ActivityType(SchemaRequirements.CampaignTouchpointType)!.KeyString;
        var clicked = Assert.Single(activities, a => a.DealId == c1.Id);
        Assert.Equal(("Spring sale: CLICKED", type, persons["u1"], true), (clicked.Subject, clicked.Type, clicked.PersonId, clicked.Done));
        Assert.Equal(("2025-06-01", "10:42"), (clicked.DueDate, clicked.DueTime![..5]));
        var other = Assert.Single(activities, a => a.DealId != c1.Id);
        Assert.Equal((inPipedrive.Single(d => d != c1).Id, persons["u1"], 255), (other.DealId!.Value, other.PersonId!.Value, other.Subject!.Length));
        var checkpoints = (await stage.Get<CheckpointStore>().TotalsAsync(stage.RunId, None));
        Assert.True(checkpoints[Phase.LoadTouchpoints].Balances);
        Assert.Equal(deals, checkpoints[Phase.LoadCampaigns]);
    }
}
