using System.Net;
using System.Text.Json;

namespace Migration.Sandbox.Tests.Pipedrive;

public sealed class DealTests : PipedriveSession
{
    [Fact]
    public async Task A_deal_with_only_a_title_lands_in_the_first_stage_of_the_default_pipeline()
    {
        var deal = await Created("/api/v2/deals", new { title = "Renewal" });

        Assert.Equal(1, deal.GetProperty("pipeline_id").GetInt32());
        Assert.Equal(1, deal.GetProperty("stage_id").GetInt32());
        Assert.Equal("open", deal.GetProperty("status").GetString());
        Assert.Equal("USD", deal.GetProperty("currency").GetString());
        Assert.Equal(0, deal.GetProperty("value").GetDecimal());
        Assert.Equal(1, deal.GetProperty("owner_id").GetInt32());
        Assert.Equal(JsonValueKind.Null, deal.GetProperty("person_id").ValueKind);
        Assert.Equal(JsonValueKind.Null, deal.GetProperty("won_time").ValueKind);
    }

    [Fact]
    public async Task Deal_bodies_are_validated()
    {
        var pipeline = Id(await Created("/api/v2/pipelines", new { name = "Other" }));
        var foreignStage = Id(await Created("/api/v2/stages", new { name = "Elsewhere", pipeline_id = pipeline }));

        AssertRejected(await Client.PostJsonAsync("/api/v2/deals", new { value = 5 }), "title is required");
        AssertRejected(await Client.PostJsonAsync("/api/v2/deals", new { title = " " }), "title");
        AssertRejected(await Client.PostJsonAsync("/api/v2/deals", new { title = "D", status = "deleted" }), "status must be one of open, won, lost");
        AssertRejected(await Client.PostJsonAsync("/api/v2/deals", new { title = "D", pipeline_id = 77 }), "pipeline 77 does not exist");
        AssertRejected(await Client.PostJsonAsync("/api/v2/deals", new { title = "D", stage_id = 77 }), "stage 77 does not exist");
        AssertRejected(await Client.PostJsonAsync("/api/v2/deals", new { title = "D", pipeline_id = 1, stage_id = foreignStage }), $"stage {foreignStage} is not in pipeline 1");
        AssertRejected(await Client.PostJsonAsync("/api/v2/deals", new { title = "D", value = "100" }), "value must be a number");
        AssertRejected(await Client.PostJsonAsync("/api/v2/deals", new { title = "D", currency = "euro" }), "currency");
        AssertRejected(await Client.PostJsonAsync("/api/v2/deals", new { title = "D", person_id = 5 }), "person 5 does not exist");
        AssertRejected(await Client.PostJsonAsync("/api/v2/deals", new { title = "D", org_id = 5 }), "organization 5 does not exist");
        AssertRejected(await Client.PostJsonAsync("/api/v2/deals", new { title = "D", is_deleted = true }), "is_deleted");
        AssertRejected(await Client.PostJsonAsync("/api/v2/deals", new { title = "D", probability = 120 }), "probability");
        AssertRejected(await Client.PostJsonAsync("/api/v2/deals", new { title = "D", expected_close_date = "30.06.2025" }), "YYYY-MM-DD");
        AssertRejected(await Client.PostJsonAsync("/api/v2/deals", new { title = "D", is_archived = "no" }), "is_archived must be a boolean");
        Assert.Empty((await Fetched("/api/v2/deals")).EnumerateArray());
    }

    [Fact]
    public async Task A_stage_implies_its_pipeline_and_a_pipeline_its_first_stage()
    {
        var pipeline = Id(await Created("/api/v2/pipelines", new { name = "Partners" }));
        var first = Id(await Created("/api/v2/stages", new { name = "Intro", pipeline_id = pipeline }));
        var second = Id(await Created("/api/v2/stages", new { name = "Signed", pipeline_id = pipeline }));

        var byPipeline = await Created("/api/v2/deals", new { title = "A", pipeline_id = pipeline });
        Assert.Equal(first, byPipeline.GetProperty("stage_id").GetInt32());
        var byStage = await Created("/api/v2/deals", new { title = "B", stage_id = second });
        Assert.Equal(pipeline, byStage.GetProperty("pipeline_id").GetInt32());

        Clock.Advance(TimeSpan.FromHours(1));
        var moved = await Patched($"/api/v2/deals/{Id(byPipeline)}", new { stage_id = second });
        Assert.Equal(second, moved.GetProperty("stage_id").GetInt32());
        Assert.Equal("2025-03-01T10:00:00Z", moved.GetProperty("stage_change_time").GetString());
        var back = await Patched($"/api/v2/deals/{Id(byPipeline)}", new { pipeline_id = 1 });
        Assert.Equal((1, 1), (back.GetProperty("pipeline_id").GetInt32(), back.GetProperty("stage_id").GetInt32()));
    }

    [Fact]
    public async Task Winning_and_losing_close_the_deal_and_reopening_clears_it()
    {
        var id = Id(await Created("/api/v2/deals", new { title = "Big one", value = 1250.75, currency = "EUR" }));
        Clock.Advance(TimeSpan.FromDays(2));
        var won = await Patched($"/api/v2/deals/{id}", new { status = "won" });
        Assert.Equal("2025-03-03T09:00:00Z", won.GetProperty("won_time").GetString());
        Assert.Equal("2025-03-03T09:00:00Z", won.GetProperty("close_time").GetString());
        Assert.Equal(1250.75m, won.GetProperty("value").GetDecimal());

        var lost = await Patched($"/api/v2/deals/{id}", new { status = "lost", lost_reason = "Price" });
        Assert.Equal(JsonValueKind.Null, lost.GetProperty("won_time").ValueKind);
        Assert.Equal("Price", lost.GetProperty("lost_reason").GetString());
        var reopened = await Patched($"/api/v2/deals/{id}", new { status = "open" });
        Assert.Equal(JsonValueKind.Null, reopened.GetProperty("close_time").ValueKind);
        Assert.Equal(JsonValueKind.Null, reopened.GetProperty("lost_reason").ValueKind);
    }

    [Fact]
    public async Task Status_filters_and_recently_deleted_deals()
    {
        var open = Id(await Created("/api/v2/deals", new { title = "Open" }));
        var won = Id(await Created("/api/v2/deals", new { title = "Won", status = "won" }));
        var gone = Id(await Created("/api/v2/deals", new { title = "Gone" }));
        Assert.Equal(HttpStatusCode.OK, (await Client.DeleteJsonAsync($"/api/v2/deals/{gone}")).Status);

        Assert.Equal([open, won], await AllPages("/api/v2/deals"));
        Assert.Equal([won], await AllPages("/api/v2/deals?status=won"));
        Assert.Equal([open, gone], await AllPages("/api/v2/deals?status=open,deleted"));
        AssertRejected(await Client.GetJsonAsync("/api/v2/deals?status=archived"), "status");

        // Deleted deals are listed for 30 days after their deletion, then no more.
        Clock.Advance(TimeSpan.FromDays(31));
        Assert.Empty(await AllPages("/api/v2/deals?status=deleted"));
        Assert.True((await Fetched($"/api/v2/deals/{gone}")).GetProperty("is_deleted").GetBoolean());
    }

    [Fact]
    public async Task Paging_visits_every_deal_once_and_filters_by_stage()
    {
        var stage2 = new List<int>();
        for (var i = 0; i < 45; i++)
        {
            var deal = await Created("/api/v2/deals", new { title = $"Deal {i}", stage_id = i % 3 == 0 ? 2 : 1 });
            if (i % 3 == 0)
            {
                stage2.Add(Id(deal));
            }
        }

        var all = await AllPages("/api/v2/deals?limit=7&sort_by=add_time&sort_direction=desc");
        Assert.Equal(45, all.Distinct().Count());
        Assert.Equal(45, all.Count);
        Assert.Equal(stage2, await AllPages("/api/v2/deals?stage_id=2&limit=4"));
    }
}

/// <summary>Lite with one seat: 2,500 deals, then 403 with the cap's code.</summary>
public sealed class DealCapTests : PipedriveSession
{
    protected override PipedriveSimulatorOptions Options => base.Options with { Plan = PipedriveSimulatorPlan.Lite };

    [Fact]
    public async Task The_plan_caps_deals_with_403_and_a_code_until_one_is_deleted()
    {
        const int cap = 2_500;
        for (var batch = 0; batch < cap / 50; batch++)
        {
            var replies = await Task.WhenAll(Enumerable.Range(0, 50).Select(i => Client.PostJsonAsync("/api/v2/deals", new { title = $"Deal {batch}-{i}" })));
            Assert.All(replies, r => Assert.Equal(HttpStatusCode.OK, r.Status));
        }

        var refused = await Client.PostJsonAsync("/api/v2/deals", new { title = "One too many" });
        AssertRejected(refused, "limit of 2500 deals", HttpStatusCode.Forbidden);
        Assert.Equal("feature_capping_deals_limit", refused.Body.GetProperty("code").GetString());

        Assert.Equal(HttpStatusCode.OK, (await Client.DeleteJsonAsync("/api/v2/deals/7")).Status);
        Assert.Equal(cap + 1, Id(await Created("/api/v2/deals", new { title = "Fits again" })));
    }
}
