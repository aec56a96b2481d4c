using System.Net;
using System.Text.Json;
using Migration.Sandbox.Dataset;

namespace Migration.Sandbox.Tests.Netmera;

public sealed class NetmeraSimulatorTests : IAsyncLifetime
{
    private const string Key = "test-netmera-key";
    private const int Users = 500;

    private NetmeraSimulator simulator = null!;
    private HttpClient client = null!;

    public async Task InitializeAsync()
    {
        simulator = await NetmeraSimulator.StartAsync(new NetmeraSimulatorOptions { Users = Users, Seed = 7, ApiKey = Key });
        client = JsonHttp.Client(simulator.BaseAddress, "X-netmera-api-key", Key);
    }

    public async Task DisposeAsync()
    {
        client.Dispose();
        await simulator.DisposeAsync();
    }

    private static string SegmentUsers(int id, string? extra = null) => $"/rest/3.0/getSegmentUsers?id={id}{extra}";

    [Fact]
    public async Task Paging_all_users_visits_every_user_exactly_once()
    {
        var seen = new List<string>();
        var pages = 0;
        string? next = SegmentUsers(NetmeraSimulator.AllUsersSegmentId, "&max=100");
        var visitedUrls = new HashSet<string>();
        while (next is not null)
        {
            Assert.True(visitedUrls.Add(next), $"nextPage repeated: {next}");
            var page = await client.GetJsonAsync(next);
            Assert.Equal(HttpStatusCode.OK, page.Status);
            Assert.Equal("All users", page.Body.GetProperty("name").GetString());
            seen.AddRange(page.Body.GetProperty("list").EnumerateArray().Select(m => m.GetProperty("externalId").GetString()!));
            pages++;
            next = page.Body.TryGetProperty("nextPage", out var nextPage) ? nextPage.GetString() : null;
            if (next is not null)
            {
                // Absolute, on the host that served the request, with an opaque (non-numeric) offset.
                var uri = new Uri(next);
                Assert.Equal(simulator.BaseAddress.Authority, uri.Authority);
                var offset = System.Web.HttpUtility.ParseQueryString(uri.Query)["offset"];
                Assert.False(string.IsNullOrEmpty(offset));
                Assert.False(int.TryParse(offset, out _), $"offset {offset} is a bare number");
            }
        }

        Assert.Equal(5, pages);
        Assert.Equal(simulator.Users.Select(u => u.ExtId), seen);
        Assert.Equal(Users, seen.Distinct().Count());
    }

    [Fact]
    public async Task Paging_is_deterministic()
    {
        var first = await client.GetJsonAsync(SegmentUsers(NetmeraSimulator.AllUsersSegmentId, "&max=150"));
        var again = await client.GetJsonAsync(SegmentUsers(NetmeraSimulator.AllUsersSegmentId, "&max=150"));
        Assert.Equal(first.Body.GetRawText(), again.Body.GetRawText());
    }

    [Fact]
    public async Task Max_is_clamped_to_100_through_1000()
    {
        var small = await client.GetJsonAsync(SegmentUsers(NetmeraSimulator.AllUsersSegmentId, "&max=5"));
        Assert.Equal(100, small.Body.GetProperty("list").GetArrayLength());
        var defaulted = await client.GetJsonAsync(SegmentUsers(NetmeraSimulator.AllUsersSegmentId));
        Assert.Equal(100, defaulted.Body.GetProperty("list").GetArrayLength());

        await using var large = await NetmeraSimulator.StartAsync(new NetmeraSimulatorOptions { Users = 1200, Seed = 7, ApiKey = Key });
        using var largeClient = JsonHttp.Client(large.BaseAddress, "X-netmera-api-key", Key);
        var big = await largeClient.GetJsonAsync(SegmentUsers(NetmeraSimulator.AllUsersSegmentId, "&max=5000"));
        Assert.Equal(1000, big.Body.GetProperty("list").GetArrayLength());
        var rest = await largeClient.GetJsonAsync(big.Body.GetProperty("nextPage").GetString()!);
        Assert.Equal(200, rest.Body.GetProperty("list").GetArrayLength());
        Assert.False(rest.Body.TryGetProperty("nextPage", out _), "the last page must not carry nextPage");
    }

    [Fact]
    public async Task Members_carry_externalId_and_omit_missing_contacts()
    {
        var page = await client.GetJsonAsync(SegmentUsers(NetmeraSimulator.AllUsersSegmentId, "&max=1000"));
        var members = page.Body.GetProperty("list").EnumerateArray().ToDictionary(m => m.GetProperty("externalId").GetString()!);
        foreach (var user in simulator.Users)
        {
            var member = members[user.ExtId];
            Assert.False(member.TryGetProperty("extId", out _));
            Assert.Equal(user.Email, member.TryGetProperty("email", out var email) ? email.GetString() : null);
            Assert.Equal(user.Msisdn, member.TryGetProperty("msisdn", out var msisdn) ? msisdn.GetString() : null);
        }
    }

    [Fact]
    public async Task Segments_list_the_full_population_three_subsets_and_a_connector()
    {
        var list = (await client.GetJsonAsync("/rest/3.0/getSegments")).Body.GetProperty("list").EnumerateArray().ToList();
        var all = list.Single(s => s.GetProperty("id").GetInt32() == NetmeraSimulator.AllUsersSegmentId);
        Assert.Equal(("All users", "STANDARD", Users), (all.GetProperty("name").GetString(), all.GetProperty("type").GetString(), all.GetProperty("userCount").GetInt32()));
        Assert.Equal(4, list.Count(s => s.GetProperty("type").GetString() == "STANDARD"));
        Assert.Equal(NetmeraSimulator.ActiveUsersSegmentId, list[0].GetProperty("id").GetInt32()); // newest first
        var connector = list.Single(s => s.GetProperty("type").GetString() == "CONNECTORS_SEGMENT");
        Assert.Equal(JsonValueKind.Null, connector.GetProperty("userCount").ValueKind);

        var eu = list.Single(s => s.GetProperty("name").GetString() == "EU users");
        var euPage = await client.GetJsonAsync(SegmentUsers(eu.GetProperty("id").GetInt32(), "&max=1000"));
        var euIds = euPage.Body.GetProperty("list").EnumerateArray().Select(m => m.GetProperty("externalId").GetString()).ToList();
        Assert.Equal(simulator.Users.Where(u => u.IsEu).Select(u => u.ExtId), euIds);
        Assert.Equal(eu.GetProperty("userCount").GetInt32(), euIds.Count);
        Assert.InRange(euIds.Count, 1, Users - 1);

        var push = list.Single(s => s.GetProperty("name").GetString() == "Push permitted users");
        var pushPage = await client.GetJsonAsync(SegmentUsers(push.GetProperty("id").GetInt32(), "&max=1000"));
        Assert.Equal(simulator.Users.Where(u => u.HasPushPermittedDevice).Select(u => u.ExtId),
            pushPage.Body.GetProperty("list").EnumerateArray().Select(m => m.GetProperty("externalId").GetString()));

        // The coverage case: a STANDARD segment missing ~10 % of the users (the dormant ones), so below 95 %.
        var active = list.Single(s => s.GetProperty("id").GetInt32() == NetmeraSimulator.ActiveUsersSegmentId);
        Assert.Equal("STANDARD", active.GetProperty("type").GetString());
        var activePage = await client.GetJsonAsync(SegmentUsers(NetmeraSimulator.ActiveUsersSegmentId, "&max=1000"));
        var activeIds = activePage.Body.GetProperty("list").EnumerateArray().Select(m => m.GetProperty("externalId").GetString()).ToList();
        Assert.Equal(simulator.Users.Where(u => !u.IsDormant).Select(u => u.ExtId), activeIds);
        Assert.InRange(activeIds.Count / (double)Users, 0.85, 0.94);
    }

    [Fact]
    public async Task Bad_or_missing_key_is_refused_with_2010()
    {
        using var anonymous = JsonHttp.Client(simulator.BaseAddress);
        using var wrong = JsonHttp.Client(simulator.BaseAddress, "X-netmera-api-key", "nope");
        using var lowerCase = JsonHttp.Client(simulator.BaseAddress, "x-netmera-api-key", Key);

        foreach (var reply in new[] { await anonymous.GetJsonAsync("/rest/3.0/getSegments"), await wrong.GetJsonAsync("/rest/3.0/getSegments") })
        {
            Assert.Equal(HttpStatusCode.Forbidden, reply.Status);
            Assert.Equal(2010, reply.Body.GetProperty("code").GetInt32());
            Assert.False(string.IsNullOrEmpty(reply.Body.GetProperty("error").GetString()));
        }

        Assert.Equal(HttpStatusCode.OK, (await lowerCase.GetJsonAsync("/rest/3.0/getSegments")).Status);
    }

    [Theory]
    [InlineData("/rest/3.0/getSegmentUsers", 2020)]
    [InlineData("/rest/3.0/getSegmentUsers?id=", 2020)]
    [InlineData("/rest/3.0/getSegmentUsers?id=424242", 5042)]
    [InlineData("/rest/3.0/getSegmentUsers?id=abc", 5042)]
    [InlineData("/rest/3.0/getSegmentUsers?id=1004", 2001)]
    [InlineData("/rest/3.0/getSegmentUsers?id=1001&offset=bm90LWEtdG9rZW4", 2004)]
    [InlineData("/rest/3.0/getProfileAttributes", 2020)]
    [InlineData("/rest/3.0/getProfileAttributes?extId=nm-999999", 5016)]
    [InlineData("/rest/3.0/getDevices", 2020)]
    [InlineData("/rest/3.0/getDevices?extId=nm-000001&pushPermitted=maybe", 2004)]
    public async Task Errors_carry_the_documented_code_with_http_400(string uri, int code)
    {
        var reply = await client.GetJsonAsync(uri);
        Assert.Equal(HttpStatusCode.BadRequest, reply.Status);
        Assert.Equal(code, reply.Body.GetProperty("code").GetInt32());
    }

    [Fact]
    public async Task An_offset_token_from_another_segment_is_refused()
    {
        var eu = await client.GetJsonAsync(SegmentUsers(1002, "&max=100"));
        Assert.True(eu.Body.TryGetProperty("nextPage", out _), "the EU segment must span two pages for this test");
        var foreignOffset = System.Web.HttpUtility.ParseQueryString(new Uri(eu.Body.GetProperty("nextPage").GetString()!).Query)["offset"];
        var reply = await client.GetJsonAsync(SegmentUsers(NetmeraSimulator.AllUsersSegmentId, "&offset=" + foreignOffset));
        Assert.Equal(2004, reply.Body.GetProperty("code").GetInt32());
    }

    [Fact]
    public async Task Profiles_use_readable_names_and_omit_empty_fields()
    {
        foreach (var user in simulator.Users.Take(100))
        {
            var reply = await client.GetJsonAsync("/rest/3.0/getProfileAttributes?extId=" + user.ExtId);
            Assert.Equal(user.ExtId, reply.Body.GetProperty("extId").GetString());
            var profile = reply.Body.GetProperty("profile");
            Assert.Equal(user.Name, profile.TryGetProperty("name", out var name) ? name.GetString() : null);
            Assert.Equal(user.Email, profile.TryGetProperty("email", out var email) ? email.GetString() : null);
            Assert.Equal(user.DateOfBirth, profile.TryGetProperty("dateOfBirth", out var dob) ? dob.GetInt64() : null);
            Assert.Equal(user.FavoriteCategories.Count > 0, profile.TryGetProperty("favoriteCategories", out _));
            Assert.All(profile.EnumerateObject(), p => Assert.NotEqual(JsonValueKind.Null, p.Value.ValueKind));
            if (user.LoyaltyPoints is { } points)
            {
                // Numeric in the definitions, but some apps stored it as text: both must reach the client as stored.
                var loyalty = profile.GetProperty("loyaltyPoints");
                Assert.Equal(points.StoredAsText ? JsonValueKind.String : JsonValueKind.Number, loyalty.ValueKind);
            }
        }

        Assert.Contains(simulator.Users.Take(100), u => u.LoyaltyPoints is { StoredAsText: true });
    }

    [Fact]
    public async Task Devices_filter_on_push_permission_and_unknown_users_get_none()
    {
        var user = simulator.Users.First(u => u.Devices.Any(d => d.PushPermitted) && u.Devices.Any(d => !d.PushPermitted));
        var all = await client.GetJsonAsync("/rest/3.0/getDevices?extId=" + user.ExtId);
        var permitted = await client.GetJsonAsync($"/rest/3.0/getDevices?extId={user.ExtId}&pushPermitted=true");
        var explicitAll = await client.GetJsonAsync($"/rest/3.0/getDevices?extId={user.ExtId}&pushPermitted=false");

        Assert.Equal(user.Devices.Select(d => d.Token), all.Body.GetProperty("devices").EnumerateArray().Select(d => d.GetProperty("token").GetString()));
        Assert.Equal(user.Devices.Where(d => d.PushPermitted).Select(d => d.Token),
            permitted.Body.GetProperty("devices").EnumerateArray().Select(d => d.GetProperty("token").GetString()));
        Assert.Equal(user.Devices.Count, explicitAll.Body.GetProperty("devices").GetArrayLength());
        Assert.Equal(user.Devices[0].InstallationId, all.Body.GetProperty("devices")[0].GetProperty("installationId").GetString());

        var unknown = await client.GetJsonAsync("/rest/3.0/getDevices?extId=nobody");
        Assert.Equal(HttpStatusCode.OK, unknown.Status);
        Assert.Equal("nobody", unknown.Body.GetProperty("extId").GetString());
        Assert.Equal(0, unknown.Body.GetProperty("devices").GetArrayLength());
    }

    [Fact]
    public async Task Profile_attribute_definitions_list_standard_and_custom_attributes()
    {
        var reply = await client.GetJsonAsync("/rest/3.0/app/profile-attributes");
        var standard = reply.Body.GetProperty("standardProfileAttributes").EnumerateArray().ToList();
        var custom = reply.Body.GetProperty("customProfileAttributes").EnumerateArray().ToList();
        Assert.Contains(standard, a => a.GetProperty("code").GetString() == "dateOfBirth" && a.GetProperty("dataType").GetString() == "DATE");
        Assert.Contains(custom, a => a.GetProperty("code").GetString() == "loyaltyPoints" && a.GetProperty("dataType").GetString() == "DOUBLE");
        Assert.Contains(custom, a => a.GetProperty("code").GetString() == "favoriteCategories" && a.GetProperty("isArray").GetBoolean());
        Assert.All(standard.Concat(custom), a => Assert.False(string.IsNullOrEmpty(a.GetProperty("name").GetString())));
    }

    [Fact]
    public async Task Unknown_routes_answer_with_rfc9457_problems()
    {
        foreach (var (method, uri, status) in new[] { (HttpMethod.Get, "/rest/3.0/getEverything", 404), (HttpMethod.Post, "/rest/3.0/getSegments", 405) })
        {
            var reply = await client.SendJsonAsync(method, uri, null);
            Assert.Equal(status, (int)reply.Status);
            Assert.Equal("application/problem+json", reply.ContentType);
            Assert.Equal(status, reply.Body.GetProperty("status").GetInt32());
            foreach (var member in new[] { "type", "title", "detail", "instance" })
            {
                Assert.Equal(JsonValueKind.String, reply.Body.GetProperty(member).ValueKind);
            }
        }
    }

    [Fact]
    public async Task Admin_routes_show_ground_truth_and_count_requests_without_a_key()
    {
        using var anonymous = JsonHttp.Client(simulator.BaseAddress);
        await client.GetJsonAsync("/rest/3.0/getSegments");
        await client.GetJsonAsync("/rest/3.0/getDevices?extId=nm-000001");

        var users = await anonymous.GetJsonAsync("/_sandbox/users");
        Assert.Equal(HttpStatusCode.OK, users.Status);
        var truth = users.Body.EnumerateArray().ToList();
        Assert.Equal(Users, truth.Count);
        var expected = SourceDataset.UserAt(41, 7);
        Assert.Equal(expected.ExtId, truth[41].GetProperty("extId").GetString());
        Assert.Equal(expected.Email, truth[41].GetProperty("email").GetString());
        Assert.Equal(expected.Devices.Count, truth[41].GetProperty("devices").GetArrayLength());
        Assert.Contains(truth, u => u.GetProperty("email").ValueKind == JsonValueKind.Null);

        var stats = await anonymous.GetJsonAsync("/_sandbox/stats");
        Assert.Equal(Users, stats.Body.GetProperty("users").GetInt32());
        Assert.Equal(2, stats.Body.GetProperty("requests").GetInt64());
    }
}
