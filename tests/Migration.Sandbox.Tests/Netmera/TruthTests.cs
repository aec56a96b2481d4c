using System.Net;
using System.Text.Json;
using Migration.Sandbox.Dataset;

namespace Migration.Sandbox.Tests.Netmera;

/// <summary><c>/_sandbox/truth</c> and <c>/_sandbox/stats</c>: the ground truth other projects' tests compare against.</summary>
public sealed class TruthTests(NetmeraFixture fixture) : IClassFixture<NetmeraFixture>
{
    private NetmeraSimulator Simulator => fixture.Simulator;

    private async Task<JsonElement> TruthAsync()
    {
        using var admin = JsonHttp.Client(Simulator.BaseAddress);
        var reply = await admin.GetJsonAsync("/_sandbox/truth");
        Assert.Equal(HttpStatusCode.OK, reply.Status);
        return reply.Body;
    }

    [Fact]
    public async Task Population_counts_match_the_users_and_the_rest_surface()
    {
        var truth = await TruthAsync();
        var users = Simulator.Users;
        Assert.Equal(users.Count, truth.GetProperty("users").GetInt32());
        Assert.Equal(users.Count, truth.GetProperty("knownUserCount").GetInt32());
        Assert.Equal(users.Count(u => u.IsEu), truth.GetProperty("euUsers").GetInt32());
        Assert.Equal(users.Count(u => u.Email is null), truth.GetProperty("usersWithoutEmail").GetInt32());
        Assert.Equal(users.Count(u => u.IsDormant), truth.GetProperty("dormantUsers").GetInt32());
        Assert.Equal(users.Sum(u => u.Devices.Count), truth.GetProperty("installations").GetProperty("installed").GetInt32());

        // The coverage the Discover phase computes: 100 % for All users, below 95 % for the active-users segment.
        var segments = truth.GetProperty("segments").EnumerateArray().ToDictionary(s => s.GetProperty("id").GetInt32());
        Assert.Equal(1.0, segments[NetmeraSimulator.AllUsersSegmentId].GetProperty("coverage").GetDouble());
        Assert.InRange(segments[NetmeraSimulator.ActiveUsersSegmentId].GetProperty("coverage").GetDouble(), 0.85, 0.94);
        Assert.Equal(JsonValueKind.Null, segments[1004].GetProperty("coverage").ValueKind);
        Assert.Equal(truth.GetProperty("euUsers").GetInt32(), segments[1002].GetProperty("userCount").GetInt32());
    }

    [Fact]
    public async Task Duplicate_groups_are_different_extIds_sharing_a_normalised_email_or_a_device()
    {
        var truth = await TruthAsync();
        var byExtId = Simulator.Users.ToDictionary(u => u.ExtId);

        var byEmail = truth.GetProperty("duplicates").GetProperty("byEmail").EnumerateArray().ToList();
        Assert.NotEmpty(byEmail);
        foreach (var group in byEmail)
        {
            var extIds = group.GetProperty("extIds").EnumerateArray().Select(e => e.GetString()!).ToList();
            Assert.True(extIds.Count >= 2 && extIds.Distinct().Count() == extIds.Count);
            Assert.All(extIds, id => Assert.Equal(group.GetProperty("email").GetString(), byExtId[id].Email!.Trim().ToLowerInvariant()));
        }

        var byDevice = truth.GetProperty("duplicates").GetProperty("byDevice").EnumerateArray().ToList();
        Assert.NotEmpty(byDevice);
        foreach (var group in byDevice)
        {
            var extIds = group.GetProperty("extIds").EnumerateArray().Select(e => e.GetString()!).ToList();
            Assert.True(extIds.Count >= 2);
            Assert.All(extIds, id => Assert.Contains(byExtId[id].Devices, d =>
                d.InstallationId == group.GetProperty("installationId").GetString() && d.Token == group.GetProperty("token").GetString()));
        }

        Assert.Equal(byEmail.Sum(g => g.GetProperty("extIds").GetArrayLength() - 1), truth.GetProperty("duplicates").GetProperty("extraUsersByEmail").GetInt32());
    }

    [Fact]
    public async Task Events_campaigns_tags_surveys_and_widgets_are_counted()
    {
        var truth = await TruthAsync();
        var events = truth.GetProperty("events");
        var byEvent = events.GetProperty("byEvent").EnumerateArray().ToList();
        Assert.Equal(events.GetProperty("total").GetInt64(), events.GetProperty("significant").GetInt64() + events.GetProperty("highFrequency").GetInt64());
        Assert.Equal(events.GetProperty("total").GetInt64(), byEvent.Sum(e => e.GetProperty("count").GetInt64()));
        Assert.True(events.GetProperty("highFrequency").GetInt64() > 3 * events.GetProperty("significant").GetInt64());
        Assert.True(events.GetProperty("withoutExternalId").GetInt64() > 0);

        var campaigns = truth.GetProperty("campaigns");
        Assert.Equal(Simulator.Catalog.Campaigns.Select(c => c.Key), campaigns.GetProperty("keys").EnumerateArray().Select(k => k.GetInt32()));
        Assert.Equal(Simulator.Catalog.Campaigns.Count(c => c.WasSent), campaigns.GetProperty("sentKeys").GetArrayLength());

        var tags = truth.GetProperty("tags");
        Assert.Equal(Simulator.Users.Sum(u => u.Tags.Count), tags.GetProperty("assignments").GetInt32());
        Assert.Equal(Simulator.Users.Count(u => u.Tags.Contains("VIP")),
            tags.GetProperty("vocabulary").EnumerateArray().Single(t => t.GetProperty("name").GetString() == "VIP").GetProperty("userCount").GetInt32());

        Assert.All(truth.GetProperty("surveys").EnumerateArray(), s => Assert.True(s.GetProperty("respondents").GetInt32() > 0));
        var overLimit = truth.GetProperty("widgets").GetProperty("overLimit").EnumerateArray().ToList();
        Assert.Contains(overLimit, a => a.GetProperty("kind").GetString() == "IMAGE" && a.GetProperty("sizeBytes").GetInt64() > SourceWidgetAsset.ImageLimitBytes);
        Assert.Contains(overLimit, a => a.GetProperty("kind").GetString() == "VIDEO" && a.GetProperty("sizeBytes").GetInt64() > SourceWidgetAsset.VideoLimitBytes);
        Assert.NotEmpty(truth.GetProperty("journeys").EnumerateArray());
    }

    [Fact]
    public async Task Stats_count_requests_per_operation_and_show_the_clock()
    {
        await using var simulator = await NetmeraSimulator.StartAsync(new NetmeraSimulatorOptions { Users = 20, Seed = 1, ApiKey = "k" });
        using var client = JsonHttp.Client(simulator.BaseAddress, "X-netmera-api-key", "k");
        using var admin = JsonHttp.Client(simulator.BaseAddress);
        await client.GetJsonAsync("/rest/3.0/getDeviceTokens");
        await client.GetJsonAsync("/rest/3.0/getDeviceTokens?offset=10");
        await client.GetJsonAsync("/rest/3.0/app/events");

        var stats = (await admin.GetJsonAsync("/_sandbox/stats")).Body;
        Assert.Equal(3, stats.GetProperty("requests").GetInt64());
        Assert.Equal(2, stats.GetProperty("requestsByOperation").GetProperty("GET /rest/3.0/getDeviceTokens").GetInt64());
        Assert.Equal(SourceDataset.AsOf, stats.GetProperty("asOf").GetDateTimeOffset());
        Assert.InRange(stats.GetProperty("now").GetDateTimeOffset(), SourceDataset.AsOf, SourceDataset.AsOf.AddHours(1));
    }
}
