using System.Net;
using System.Text.Json;
using Migration.Sandbox.Dataset;

namespace Migration.Sandbox.Tests.Netmera;

/// <summary>getPushStats and getPushResult against the dataset's campaigns and delivery rows.</summary>
public sealed class PushStatisticsTests(NetmeraFixture fixture) : IClassFixture<NetmeraFixture>
{
    private const string AllTime = "&start=0&end=4102444800000";

    private NetmeraSimulator Simulator => fixture.Simulator;

    private HttpClient Client => fixture.Client;

    private SourceCampaign Sent(string channel) => Simulator.Catalog.Campaigns.First(c => c.WasSent && c.Channel == channel);

    [Fact]
    public async Task Stats_by_key_match_the_delivery_rows()
    {
        foreach (var campaign in Simulator.Catalog.Campaigns.Where(c => c.WasSent))
        {
            var reply = await Client.GetJsonAsync($"/rest/3.0/getPushStats?notificationKey={campaign.Key}");
            Assert.Equal(HttpStatusCode.OK, reply.Status);
            Assert.Equal(campaign.Key, reply.Body.GetProperty("notificationKey").GetInt32());
            Assert.Equal(campaign.Status, reply.Body.GetProperty("status").GetString());
            Assert.Equal(campaign.SendAt, reply.Body.GetProperty("startDate").GetInt64());

            var rows = Simulator.Users.SelectMany(u => SourceActivity.DeliveriesOf(u, campaign, NetmeraFixture.Seed).Rows).ToList();
            var stats = reply.Body.GetProperty("stats").EnumerateArray().ToList();
            Assert.Equal(rows.Count(r => r.Status is "SUCCESS" or "FAILED"), stats.Sum(s => s.GetProperty("sent").GetInt32()));
            Assert.Equal(rows.Count(r => r.Status == "FAILED"), stats.Sum(s => s.GetProperty("failed").GetInt32()));
            Assert.Equal(rows.Count(r => r.Status == "CLICKED"), stats.Sum(s => s.GetProperty("clicked").GetInt32()));
        }

        // Web push is reported as one platform, WP.
        var web = Simulator.Catalog.Campaigns.First(c => c.WasSent && c.Platforms.Contains("CHROME"));
        var webStats = await Client.GetJsonAsync($"/rest/3.0/getPushStats?notificationKey={web.Key}");
        Assert.Equal(new[] { "IOS", "ANDROID", "WP" }, webStats.Body.GetProperty("stats").EnumerateArray().Select(s => s.GetProperty("platform").GetString()!).ToArray());
    }

    [Fact]
    public async Task Stats_by_date_range_list_the_sent_messages_newest_first()
    {
        var all = await Client.GetJsonAsync("/rest/3.0/getPushStats?start=0&end=4102444800000");
        var keys = all.Body.GetProperty("messages").EnumerateArray().Select(m => m.GetProperty("notificationKey").GetInt32()).ToList();
        Assert.Equal(Simulator.Catalog.Campaigns.Where(c => c.WasSent).OrderByDescending(c => c.SendAt).Select(c => c.Key), keys);

        var newest = Simulator.Catalog.Campaigns.Where(c => c.WasSent).MaxBy(c => c.SendAt)!;
        var window = await Client.GetJsonAsync($"/rest/3.0/getPushStats?start={newest.SendAt}&end={newest.SendAt}");
        Assert.Equal(newest.Key, Assert.Single(window.Body.GetProperty("messages").EnumerateArray()).GetProperty("notificationKey").GetInt32());
    }

    [Fact]
    public async Task An_unsent_campaign_has_its_status_and_zero_counts()
    {
        var scheduled = Simulator.Catalog.Campaigns.First(c => c.Status == "SCHEDULED");
        var reply = await Client.GetJsonAsync($"/rest/3.0/getPushStats?notificationKey={scheduled.Key}");
        Assert.Equal("SCHEDULED", reply.Body.GetProperty("status").GetString());
        Assert.False(reply.Body.TryGetProperty("startDate", out _));
        Assert.All(reply.Body.GetProperty("stats").EnumerateArray(), s => Assert.Equal(0, s.GetProperty("sent").GetInt32()));
    }

    [Fact]
    public async Task Results_by_key_page_through_every_row_once()
    {
        var campaign = Sent(SourceChannel.Push);
        var pages = await fixture.AllPagesAsync($"/rest/3.0/getPushResult?notificationKey={campaign.Key}&max=7{AllTime}");
        var rows = pages.SelectMany(p => p.Body.GetProperty("list").EnumerateArray()).ToList();
        var expected = Simulator.Users.SelectMany(u => SourceActivity.DeliveriesOf(u, campaign, NetmeraFixture.Seed).Rows).ToList();
        Assert.Equal(expected.Count, rows.Count);
        Assert.Equal(expected.Select(r => (r.ExtId, r.InstallationId, r.Status, r.Time)),
            rows.Select(r => (r.GetProperty("extId").GetString()!, (string?)r.GetProperty("installationId").GetString(), r.GetProperty("status").GetString()!, r.GetProperty("timeStamp").GetInt64())));
        Assert.All(pages.SkipLast(1), p => Assert.Equal(7, p.Body.GetProperty("list").GetArrayLength()));

        // nextPage carries only an opaque offset and max, as Netmera's does; the filter travels inside the offset.
        var next = new Uri(pages[0].Body.GetProperty("nextPage").GetString()!);
        var query = System.Web.HttpUtility.ParseQueryString(next.Query);
        Assert.Equal(new[] { "offset", "max" }, query.AllKeys.Select(k => k!).ToArray());
        Assert.False(long.TryParse(query["offset"], out _));

        var failed = rows.First(r => r.GetProperty("status").GetString() == "FAILED");
        Assert.False(string.IsNullOrEmpty(failed.GetProperty("errorMsg").GetString()));
        Assert.False(failed.TryGetProperty("errorMessage", out _));
        Assert.Equal(campaign.Title, failed.GetProperty("msgTitle").GetString());
    }

    [Fact]
    public async Task Results_by_extId_cover_all_channels_and_default_to_the_last_two_weeks()
    {
        var user = Simulator.Users.First(u => Simulator.Catalog.Campaigns.Count(c => SourceActivity.DeliveriesOf(u, c, NetmeraFixture.Seed).Rows.Count > 0) >= 5);
        var expected = Simulator.Catalog.Campaigns.SelectMany(c => SourceActivity.DeliveriesOf(user, c, NetmeraFixture.Seed).Rows).ToList();
        var rows = (await fixture.AllPagesAsync($"/rest/3.0/getPushResult?extId={user.ExtId}&max=3{AllTime}"))
            .SelectMany(p => p.Body.GetProperty("list").EnumerateArray()).ToList();
        Assert.Equal(expected.Count, rows.Count);
        Assert.All(rows, r => Assert.Equal(user.ExtId, r.GetProperty("extId").GetString()));

        // The simulator's clock starts at the dataset's as-of instant: two weeks back hold only the newest campaign.
        var recent = (await fixture.AllPagesAsync($"/rest/3.0/getPushResult?extId={user.ExtId}&max=50"))
            .SelectMany(p => p.Body.GetProperty("list").EnumerateArray()).ToList();
        var twoWeeksAgo = SourceDataset.AsOf.AddDays(-14).ToUnixTimeMilliseconds();
        Assert.Equal(expected.Count(r => r.Time >= twoWeeksAgo), recent.Count);
        Assert.All(recent, r => Assert.True(r.GetProperty("timeStamp").GetInt64() >= twoWeeksAgo));
    }

    [Fact]
    public async Task Results_by_token_are_that_devices_rows()
    {
        var campaign = Sent(SourceChannel.Push);
        var row = Simulator.Users.SelectMany(u => SourceActivity.DeliveriesOf(u, campaign, NetmeraFixture.Seed).Rows).First();
        var rows = (await fixture.AllPagesAsync($"/rest/3.0/getPushResult?token={row.Token}&max=2{AllTime}"))
            .SelectMany(p => p.Body.GetProperty("list").EnumerateArray()).ToList();
        Assert.NotEmpty(rows);
        Assert.All(rows, r => Assert.Equal(row.InstallationId, r.GetProperty("installationId").GetString()));
    }

    [Theory]
    [InlineData("/rest/3.0/getPushStats", 2020)]
    [InlineData("/rest/3.0/getPushStats?start=1", 2020)]
    [InlineData("/rest/3.0/getPushStats?notificationKey=abc", 2004)]
    [InlineData("/rest/3.0/getPushStats?notificationKey=1", 5003)]
    [InlineData("/rest/3.0/getPushResult", 2009)]
    [InlineData("/rest/3.0/getPushResult?max=10&start=0", 2009)]
    [InlineData("/rest/3.0/getPushResult?notificationKey=1", 5003)]
    [InlineData("/rest/3.0/getPushResult?extId=nobody", 5016)]
    [InlineData("/rest/3.0/getPushResult?extId=nm-000001&start=10&end=5", 2004)]
    [InlineData("/rest/3.0/getPushResult?extId=nm-000001&start=yesterday", 2004)]
    [InlineData("/rest/3.0/getPushResult?offset=bm90LWEtdG9rZW4&max=10", 2004)]
    public async Task Errors_carry_the_documented_codes(string uri, int code)
    {
        var reply = await Client.GetJsonAsync(uri);
        Assert.Equal(HttpStatusCode.BadRequest, reply.Status);
        Assert.Equal(code, reply.Body.GetProperty("code").GetInt32());
        Assert.Equal(JsonValueKind.String, reply.Body.GetProperty("error").ValueKind);
    }
}
