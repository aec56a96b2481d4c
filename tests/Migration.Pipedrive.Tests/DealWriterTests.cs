using System.Text.Json;
using Microsoft.Extensions.Logging.Abstractions;
using Migration.Domain.Campaigns;
using Migration.Domain.Ledger;
using Migration.Domain.Mapping;
using Migration.Domain.Reconciliation;
using Migration.Domain.Source;
using Migration.Sandbox;

namespace Migration.Pipedrive.Tests;

/// <summary>Campaign deals, exactly once (DESIGN §4.1), checked by what the Pipedrive simulator ends up holding.</summary>
public sealed class DealWriterTests
{
    private static readonly CancellationToken None = CancellationToken.None;
    private static readonly LedgerBatch Batch = new("run-d", "deal", "000000");
    private static readonly string[] Statuses = ["DRAFT", "SCHEDULED", "SENDING", "FINISHED"];

    private static List<SourceCampaign> Campaigns(int count) =>
        Enumerable.Range(0, count).Select(i => new SourceCampaign
        {
            Key = (1000 + i).ToString(System.Globalization.CultureInfo.InvariantCulture),
            Name = $"Campaign {i}",
            Type = i % 2 == 0 ? "PUSH" : "EMAIL",
            Status = Statuses[i % 4],
            Stats = i % 4 < 2 ? [] : [new CampaignPlatformStats("IOS", 10 * i, i, 2 * i), new CampaignPlatformStats("ANDROID", 5, 1, 1)],
            Metrics = i % 4 < 2 ? new Dictionary<string, long>() : new Dictionary<string, long> { ["Delivered"] = 9 * i },
        }).ToList();

    private static async Task<(FieldMap Map, ProvisionedSchema Schema)> Provision(PipedriveAccount account, IReadOnlyList<SourceCampaign> campaigns)
    {
        var map = FieldMapProposal.Propose(SourceItems.From(new SourceDefinitions { Campaigns = campaigns }), new Dictionary<string, ValueProfile>(), new MappingOptions());
        return (map, await new SchemaProvisioner(account.Client).ProvisionAsync(SchemaRequirements.From(map), None));
    }

    private static List<DealDraft> Drafts(IEnumerable<SourceCampaign> campaigns, FieldMap map) => campaigns.Select(c => CampaignMapping.Map(c, map).Deal).ToList();

    private static DealWriter Writer(PipedriveAccount account, IIdLedger ledger) => new(account.Client, ledger, NullLogger<DealWriter>.Instance);

    private static async Task<List<Deal>> AllDeals(PipedriveClient client)
    {
        var deals = new List<Deal>();
        await foreach (var deal in client.GetDealsAsync(None))
            deals.Add(deal);
        return deals;
    }

    private static string? Text(Deal deal, ProvisionedSchema schema, string field) =>
        deal.CustomFields!.GetValueOrDefault(schema.Field("deal", field)!.Key) is { } v ? MappedValues.Actual(v, schema.Field("deal", field)!) : null;

    [Fact]
    public async Task Deals_land_once_in_the_campaign_pipeline_at_their_status_stage_with_their_metrics()
    {
        await using var account = await PipedriveAccount.StartAsync();
        var campaigns = Campaigns(8);
        var (map, schema) = await Provision(account, campaigns);
        var ledger = new MemoryLedger();

        var first = await Writer(account, ledger).WriteAsync(Batch, Drafts(campaigns, map), schema, None);
        var second = await Writer(account, ledger).WriteAsync(Batch, Drafts(campaigns, map), schema, None);

        Assert.Equal(new PhaseCounts(8, 8, 0, 0, 0), first.Counts);
        Assert.Equal(first.Counts, second.Counts);
        var deals = await AllDeals(account.Client);
        Assert.Equal(8, deals.Count);
        var pipeline = schema.CampaignPipeline!;
        var stamp = schema.NetmeraId("deal").Key;
        foreach (var campaign in campaigns)
        {
            var deal = Assert.Single(deals, d => d.CustomFields![stamp]?.GetString() == campaign.Key);
            Assert.Equal(campaign.Name, deal.Title);
            Assert.Equal(pipeline.Id, deal.PipelineId);
            Assert.Equal(pipeline.Stage(campaign.Status!)!.Id, deal.StageId);
            Assert.Equal("open", deal.Status);
            Assert.Equal(campaign.Type, Text(deal, schema, "Campaign: Type"));
        }
        var finished = Assert.Single(deals, d => d.Title == "Campaign 7");
        Assert.Equal("75", Text(finished, schema, "Campaign: Sent")); // 70 on iOS + 5 on Android
        Assert.Equal("15", Text(finished, schema, "Campaign: Clicked"));
        Assert.Equal("63", Text(finished, schema, "Campaign: Delivered"));
        Assert.Equal("", Text(Assert.Single(deals, d => d.Title == "Campaign 0"), schema, "Campaign: Sent") ?? "");
    }

    [Fact]
    public async Task An_open_intent_whose_post_was_committed_is_resolved_by_the_stamp_not_created_again()
    {
        await using var account = await PipedriveAccount.StartAsync();
        var campaigns = Campaigns(4);
        var (map, schema) = await Provision(account, campaigns);
        var drafts = Drafts(campaigns, map);
        var ledger = new MemoryLedger();
        // The process died after Pipedrive committed deal 1002 and before the ledger heard of it.
        await ledger.RecordIntentsAsync(Batch, drafts.Select(d => LedgerEntry.Intent(d.NetmeraId, d.PayloadHash())).ToList(), None);
        var committed = await account.Client.CreateDealAsync(DealWriter.ToWrite(drafts[2], schema), None);
        // Someone's deal holds the same text in another field: only the Netmera ID stamp counts.
        await account.Client.CreateDealAsync(new DealWrite { Title = "1003" }, None);

        var result = await Writer(account, ledger).WriteAsync(Batch, drafts, schema, None);

        Assert.Equal(new PhaseCounts(4, 4, 0, 0, 0), result.Counts);
        Assert.Equal(5, (await AllDeals(account.Client)).Count);
        Assert.Equal(committed.Id, (await ledger.ReadBatchAsync(Batch, None))["1002"].TargetId);
    }

    [Fact]
    public async Task Posts_committed_then_lost_on_the_way_back_leave_one_deal_each()
    {
        await using var account = await PipedriveAccount.StartAsync(simulator: o => o with
        {
            Faults = new PipedriveFaults { CommitThenFailShare = 0.4, Seed = 11 },
        });
        var campaigns = Campaigns(20);
        var ledger = new MemoryLedger();
        FieldMap map = null!;
        ProvisionedSchema schema = null!;
        // Provisioning writes too: a lost answer there fails the attempt, and the next one finds what was made.
        for (var attempt = 0; schema is null; attempt++)
        {
            try
            {
                (map, schema) = await Provision(account, campaigns);
            }
            catch (PipedriveTransientException) when (attempt < 20)
            {
            }
        }

        DealBatchResult? result = null;
        for (var run = 0; result is null || result.Counts.Created < 20; run++)
        {
            Assert.True(run < 10, "the batch should finish within a few reruns");
            try
            {
                result = await Writer(account, ledger).WriteAsync(Batch, Drafts(campaigns, map), schema, None);
            }
            catch (PipedriveTransientException)
            {
                // Three lost answers in a row for one deal: the batch runs again, as the orchestrator would.
            }
        }

        Assert.Equal(new PhaseCounts(20, 20, 0, 0, 0), result.Counts);
        var stamp = schema.NetmeraId("deal").Key;
        var deals = await AllDeals(account.Client);
        Assert.Equal(campaigns.Select(c => c.Key).Order(), deals.Select(d => d.CustomFields![stamp]!.Value.GetString()).Order());
    }

    [Fact]
    public async Task A_deal_that_does_not_fit_the_schema_is_rejected_with_its_reason_and_not_sent()
    {
        await using var account = await PipedriveAccount.StartAsync();
        var campaigns = Campaigns(3);
        var (map, schema) = await Provision(account, campaigns);
        var drafts = Drafts(campaigns, map);
        drafts[1] = drafts[1] with { Stage = "Archived" };
        drafts[2] = drafts[2] with { Title = new string('x', 300) };

        var result = await Writer(account, new MemoryLedger()).WriteAsync(Batch, drafts, schema, None);

        Assert.Equal(new PhaseCounts(3, 1, 0, 0, 2), result.Counts);
        Assert.Contains("'Archived' is not a stage", Assert.Single(result.Rejected, r => r.SourceId == "1001").ReasonDetail, StringComparison.Ordinal);
        Assert.StartsWith("Pipedrive 400", Assert.Single(result.Rejected, r => r.SourceId == "1002").ReasonDetail, StringComparison.Ordinal);
        Assert.Single(await AllDeals(account.Client));
    }

    [Fact]
    public void The_write_names_pipeline_stage_status_and_the_stamp_by_the_accounts_keys()
    {
        var schema = new ProvisionedSchema(
            [new ProvisionedField("deal", "Netmera ID", "varchar", "k-stamp", false) { Purpose = FieldPurposes.NetmeraId }],
            [], [], new ProvisionedPipeline("Netmera campaigns", 7, false, [new ProvisionedStage("Draft", 70, false), new ProvisionedStage("Finished", 73, false)]));

        var json = JsonSerializer.Serialize(DealWriter.ToWrite(new DealDraft("42", "Spring sale") { Stage = "finished" }, schema), PipedriveJson.Options);

        Assert.Equal("""{"title":"Spring sale","pipeline_id":7,"stage_id":73,"status":"open","custom_fields":{"k-stamp":"42"}}""", json);
    }
}
