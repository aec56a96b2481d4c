using System.Net;

namespace Migration.Sandbox.Tests.Pipedrive;

public sealed class PipelineTests : PipedriveSession
{
    [Fact]
    public async Task A_fresh_company_has_one_pipeline_with_five_stages_and_new_ones_go_last()
    {
        var pipelines = await Fetched("/api/v2/pipelines");
        var sales = Assert.Single(pipelines.EnumerateArray());
        Assert.Equal("Sales pipeline", sales.GetProperty("name").GetString());
        Assert.Equal(5, (await AllPages("/api/v2/stages?pipeline_id=1")).Count);

        var partners = await Created("/api/v2/pipelines", new { name = "Partners", is_deal_probability_enabled = true });
        Assert.Equal(2, partners.GetProperty("order_nr").GetInt32());
        Assert.True(partners.GetProperty("is_deal_probability_enabled").GetBoolean());
        AssertRejected(await Client.PostJsonAsync("/api/v2/pipelines", new { is_deal_probability_enabled = false }), "name is required");
        AssertRejected(await Client.PostJsonAsync("/api/v2/pipelines", new { name = "P", order_nr = 0 }), "order_nr is not a known pipeline property");

        Clock.Advance(TimeSpan.FromSeconds(5));
        var renamed = await Patched($"/api/v2/pipelines/{Id(partners)}", new { name = "Partner deals" });
        Assert.Equal("Partner deals", renamed.GetProperty("name").GetString());
        Assert.Equal("2025-03-01T09:00:05Z", renamed.GetProperty("update_time").GetString());
    }

    [Fact]
    public async Task Stages_need_a_live_pipeline_and_sort_by_order()
    {
        var pipeline = Id(await Created("/api/v2/pipelines", new { name = "Partners" }));
        var b = Id(await Created("/api/v2/stages", new { name = "B", pipeline_id = pipeline, deal_probability = 40 }));
        var a = Id(await Created("/api/v2/stages", new { name = "A", pipeline_id = pipeline }));
        await Patched($"/api/v2/stages/{b}", new { name = "B (renamed)" });

        Assert.Equal([b, a], await AllPages($"/api/v2/stages?pipeline_id={pipeline}&sort_by=order_nr"));
        Assert.Equal([a, b], await AllPages($"/api/v2/stages?pipeline_id={pipeline}&sort_by=order_nr&sort_direction=desc"));
        AssertRejected(await Client.PostJsonAsync("/api/v2/stages", new { name = "X" }), "pipeline_id are required");
        AssertRejected(await Client.PostJsonAsync("/api/v2/stages", new { name = "X", pipeline_id = 99 }), "pipeline 99 does not exist");
        AssertRejected(await Client.PostJsonAsync("/api/v2/stages", new { name = "X", pipeline_id = pipeline, deal_probability = 101 }), "deal_probability");
        AssertRejected(await Client.PostJsonAsync("/api/v2/stages", new { name = "X", pipeline_id = pipeline, days_to_rotten = 0 }), "days_to_rotten");

        // Moving a stage to another pipeline puts it at that pipeline's end.
        var moved = await Patched($"/api/v2/stages/{a}", new { pipeline_id = 1 });
        Assert.Equal(6, moved.GetProperty("order_nr").GetInt32());
        Assert.Equal([b], await AllPages($"/api/v2/stages?pipeline_id={pipeline}"));
    }

    [Fact]
    public async Task A_deleted_pipeline_takes_its_stages_and_takes_no_new_deals()
    {
        var pipeline = Id(await Created("/api/v2/pipelines", new { name = "Doomed" }));
        var stage = Id(await Created("/api/v2/stages", new { name = "Only", pipeline_id = pipeline }));
        var deal = Id(await Created("/api/v2/deals", new { title = "Stays", stage_id = stage }));

        Assert.Equal(pipeline, Id((await Client.DeleteJsonAsync($"/api/v2/pipelines/{pipeline}")).Data));
        Assert.Equal([1], await AllPages("/api/v2/pipelines"));
        Assert.True((await Fetched($"/api/v2/pipelines/{pipeline}")).GetProperty("is_deleted").GetBoolean());
        Assert.True((await Fetched($"/api/v2/stages/{stage}")).GetProperty("is_deleted").GetBoolean());
        Assert.Empty(await AllPages($"/api/v2/stages?pipeline_id={pipeline}"));
        AssertRejected(await Client.PostJsonAsync("/api/v2/deals", new { title = "New", pipeline_id = pipeline }), $"pipeline {pipeline} does not exist");
        Assert.Equal(stage, (await Fetched($"/api/v2/deals/{deal}")).GetProperty("stage_id").GetInt32());
        Assert.Equal(HttpStatusCode.NotFound, (await Client.DeleteJsonAsync($"/api/v2/stages/{stage}")).Status);
    }
}
