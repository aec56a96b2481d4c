using Migration.Domain.Campaigns;
using Migration.Domain.Mapping;
using Migration.Domain.Source;

namespace Migration.Domain.Tests.Campaigns;

/// <summary>Campaign files merged by key, and a merged campaign turned into a deal by the proposed map.</summary>
public class CampaignTests
{
    private static readonly DateTimeOffset May1 = new(2025, 5, 1, 9, 30, 0, TimeSpan.Zero);

    /// <summary>What the inventory file says about campaign 101: name, content, schedule; no counts.</summary>
    private static SourceCampaign Inventory(string key = "101") => new()
    {
        Key = key,
        Name = "Spring sale",
        Type = "PUSH",
        Status = "SCHEDULED",
        Start = May1,
        Message = "Hello {{name}} 🌸",
        Details = new Dictionary<string, string> { ["category"] = "Promotions" },
    };

    /// <summary>A push report's summary row of campaign 101, with one platform's counts.</summary>
    private static SourceCampaign Report(string platform, long sent, long failed, long clicked, long delivered, string status = "FINISHED") => new()
    {
        Key = "101",
        Name = "Spring sale (report)",
        Status = status,
        Start = May1.AddHours(1),
        Stats = [new CampaignPlatformStats(platform, sent, failed, clicked)],
        Metrics = new Dictionary<string, long> { ["Delivered"] = delivered },
    };

    [Fact]
    public void Records_of_one_key_in_one_report_add_up_and_reports_of_one_campaign_in_two_files_do_not()
    {
        // The report split campaign 101 over two rows (two platforms), and a second export of the same report came later.
        var report = new[] { Report("IOS", 100, 5, 30, 90), Report("ANDROID", 200, 10, 40, 180) };
        var laterReport = new[] { Report("ALL", 310, 15, 75, 275) };

        var merged = Assert.Single(CampaignMerge.Merge([[Inventory()], report, laterReport]));

        Assert.Equal("101", merged.Key);
        Assert.Equal("Spring sale", merged.Name); // the first file's name: the inventory was imported first
        Assert.Equal("Hello {{name}} 🌸", merged.Message);
        Assert.Equal("FINISHED", merged.Status); // furthest in the lifecycle, whatever the file order
        Assert.Equal(May1, merged.Start); // earliest
        // The later report's "ALL" row is the fuller snapshot: kept whole, never added to the per-platform rows.
        Assert.Equal([new CampaignPlatformStats("ALL", 310, 15, 75)], merged.Stats);
        Assert.Equal(275, merged.Metrics["Delivered"]); // larger snapshot across files, not 270 + 275
        Assert.Equal("Promotions", merged.Details["category"]);
    }

    [Fact]
    public void The_merge_does_not_depend_on_file_order_for_counts_and_status_and_orders_by_key()
    {
        var files = new IReadOnlyList<SourceCampaign>[] { [Report("ALL", 300, 15, 70, 270, "SENDING")], [Inventory(), Inventory("099") with { Status = "DRAFT" }] };

        var forward = CampaignMerge.Merge(files);
        var backward = CampaignMerge.Merge(files.Reverse());

        Assert.Equal(["099", "101"], forward.Select(c => c.Key));
        Assert.Equal(forward.Select(c => (c.Key, c.Status, c.Start, c.Stats.Sum(s => s.Sent), c.Metrics.GetValueOrDefault("Delivered"))),
            backward.Select(c => (c.Key, c.Status, c.Start, c.Stats.Sum(s => s.Sent), c.Metrics.GetValueOrDefault("Delivered"))));
        Assert.Equal("SENDING", forward[1].Status);
    }

    private static FieldMap ProposedMap(params SourceCampaign[] campaigns) => FieldMapProposal.Propose(
        SourceItems.From(new SourceDefinitions { Campaigns = campaigns }), new Dictionary<string, ValueProfile>(), new MappingOptions());

    [Fact]
    public void The_proposed_map_puts_the_campaign_in_the_stage_of_its_status_with_metrics_in_deal_fields()
    {
        var campaign = CampaignMerge.Merge([[Inventory()], [Report("IOS", 100, 5, 30, 90)], [Report("ANDROID", 200, 10, 40, 180)]]).Single();
        var map = ProposedMap(campaign);

        var outcome = CampaignMapping.Map(campaign, map);

        Assert.True(CampaignMapping.MovesCampaigns(map));
        Assert.Empty(outcome.Dropped);
        var deal = outcome.Deal;
        Assert.Equal("101", deal.NetmeraId);
        Assert.Equal("Spring sale", deal.Title);
        Assert.Equal("Finished", deal.Stage);
        var values = deal.CustomValues.ToDictionary(v => v.FieldName);
        // Per-platform snapshots from two files: the fuller one (ANDROID's 200) is kept whole.
        Assert.Equal(200m, values["Campaign: Sent"].Number);
        Assert.Equal(10m, values["Campaign: Failed"].Number);
        Assert.Equal(40m, values["Campaign: Clicked"].Number);
        Assert.Equal(180m, values["Campaign: Delivered"].Number);
        Assert.Equal(["PUSH"], values["Campaign: Type"].Options);
        Assert.Equal("Hello {{name}} 🌸", values["Campaign: Message"].Text);
        Assert.Equal(new DateOnly(2025, 5, 1), values["Campaign: Start"].Date);
        Assert.Equal("Promotions", values["Campaign: category"].Text);
    }

    [Fact]
    public void A_campaign_without_a_name_is_titled_by_its_key_and_an_unknown_status_leaves_the_stage_to_the_pipeline()
    {
        var map = ProposedMap(Inventory(), Inventory("7") with { Status = "PAUSED" });
        var nameless = new SourceCampaign { Key = "7", Name = "  ", Status = "PAUSED" };

        var outcome = CampaignMapping.Map(nameless, map);

        Assert.Equal("7", outcome.Deal.Title);
        Assert.Null(outcome.Deal.Stage);
        Assert.Contains(outcome.Dropped, d => d.SourceId == "campaign:status" && d.Reason.Contains("PAUSED", StringComparison.Ordinal));
        Assert.DoesNotContain(outcome.Deal.CustomValues, v => v.FieldName == "Campaign: Sent"); // no counts, no value
    }

    [Fact]
    public void A_map_that_sends_no_campaign_item_to_a_deal_moves_no_campaigns()
    {
        var proposed = ProposedMap(Inventory());
        var edited = proposed with
        {
            Lines = proposed.Lines.Select(l => l.Source.Kind == SourceKinds.Campaign ? l with { Target = FieldTarget.NotMoved, Transform = Transforms.None } : l).ToList(),
        };

        Assert.False(CampaignMapping.MovesCampaigns(edited));
    }

    [Fact]
    public void The_payload_hash_changes_with_any_value_and_not_otherwise()
    {
        var map = ProposedMap(Inventory());
        var a = CampaignMapping.Map(Inventory(), map).Deal;
        var b = CampaignMapping.Map(Inventory(), map).Deal;
        var c = CampaignMapping.Map(Inventory() with { Message = "Changed" }, map).Deal;

        Assert.Equal(a.PayloadHash(), b.PayloadHash());
        Assert.NotEqual(a.PayloadHash(), c.PayloadHash());
    }
}
