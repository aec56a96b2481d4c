using System.Net;

namespace Migration.Sandbox.Tests.Netmera;

/// <summary>targeting/count and targeting/count-batch: distinct user counts by profile attribute and platform.</summary>
public sealed class TargetingTests(NetmeraFixture fixture) : IClassFixture<NetmeraFixture>
{
    private NetmeraSimulator Simulator => fixture.Simulator;

    private async Task<long> CountAsync(string body)
    {
        var reply = await fixture.Client.SendJsonAsync(HttpMethod.Post, "/rest/3.0/targeting/count", body);
        Assert.Equal(HttpStatusCode.OK, reply.Status);
        return reply.Body.GetProperty("count").GetInt64();
    }

    private async Task<Dictionary<string, long>> CountBatchAsync(string body)
    {
        var reply = await fixture.Client.SendJsonAsync(HttpMethod.Post, "/rest/3.0/targeting/count-batch", body);
        Assert.Equal(HttpStatusCode.OK, reply.Status);
        return reply.Body.GetProperty("counts").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetInt64());
    }

    [Theory]
    [InlineData("""{"target":{}}""")]
    [InlineData("""{"target":{"profile":{}}}""")]
    public async Task An_empty_target_counts_the_whole_population(string body)
    {
        Assert.Equal(NetmeraFixture.Users, await CountAsync(body));
    }

    [Fact]
    public async Task Profile_conditions_match_values_arrays_and_exists()
    {
        var users = Simulator.Users;
        Assert.Equal(users.Count(u => u.Country == "TR"), await CountAsync("""{"target":{"profile":{"country":"TR"}}}"""));
        Assert.Equal(users.Count(u => u.Country is "DE" or "FR"), await CountAsync("""{"target":{"profile":{"country":["DE","FR"]}}}"""));
        Assert.Equal(users.Count(u => u.Name is null), await CountAsync("""{"target":{"profile":{"name":{"$exists":false}}}}"""));
        Assert.Equal(users.Count(u => u.Country == "TR" && u.IsSubscribed == true), await CountAsync("""{"target":{"profile":{"country":"TR","isSubscribed":true}}}"""));
        Assert.Equal(users.Count(u => u.FavoriteCategories.Contains("books")), await CountAsync("""{"target":{"profile":{"favoriteCategories":"books"}}}"""));
        Assert.Equal(users.Count(u => u.Gender == 1), await CountAsync("""{"target":{"profile":{"gender":1}}}"""));
    }

    [Fact]
    public async Task Numbers_stored_as_text_match_as_the_number_they_spell()
    {
        var textual = Simulator.Users.First(u => u.LoyaltyPoints is { StoredAsText: true });
        var value = textual.LoyaltyPoints!.Value.Value.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var expected = Simulator.Users.Count(u => u.LoyaltyPoints?.Value == textual.LoyaltyPoints!.Value.Value);
        Assert.Equal(expected, await CountAsync("{\"target\":{\"profile\":{\"loyaltyPoints\":" + value + "}}}"));
        Assert.Equal(expected, await CountAsync("{\"target\":{\"profile\":{\"loyaltyPoints\":\"" + value + "\"}}}"));
    }

    [Fact]
    public async Task Count_batch_groups_by_profile_value_and_by_installation_platform()
    {
        var byCountry = await CountBatchAsync("""{"groupBy":{"profile":"country"}}""");
        Assert.Equal(Simulator.Users.Where(u => u.Country is not null).GroupBy(u => u.Country!).ToDictionary(g => g.Key, g => (long)g.Count()), byCountry);

        var some = await CountBatchAsync("""{"groupBy":{"profile":"country"},"values":["TR","DE","XX"]}""");
        Assert.Equal(new Dictionary<string, long> { ["DE"] = byCountry["DE"], ["TR"] = byCountry["TR"], ["XX"] = 0 }, some);

        var byPlatform = await CountBatchAsync("""{"groupBy":{"installation":"platform"}}""");
        Assert.Equal(Simulator.Users.Count(u => u.Devices.Any(d => d.Platform == "IOS")), byPlatform["IOS"]);
        Assert.Equal(Simulator.Users.Count(u => u.Devices.Any(d => d.Platform == "ANDROID")), byPlatform["ANDROID"]);

        var categories = await CountBatchAsync("""{"groupBy":{"profile":"favoriteCategories"}}""");
        Assert.Equal(Simulator.Users.Count(u => u.FavoriteCategories.Contains("ev & yaşam")), categories["ev & yaşam"]);
    }

    [Theory]
    [InlineData("""{"groupBy":{"profile":"loyaltyPoints","buckets":[[0,999],[1000,20000]]}}""")]
    [InlineData("""{"groupBy":{"profile":"loyaltyPoints"},"buckets":[[0,999],[1000,20000]]}""")]
    public async Task Count_batch_buckets_numbers_inside_or_beside_groupBy(string body)
    {
        var counts = await CountBatchAsync(body);
        Assert.Equal(Simulator.Users.Count(u => u.LoyaltyPoints?.Value is >= 0 and <= 999), counts["0-999"]);
        Assert.Equal(Simulator.Users.Count(u => u.LoyaltyPoints?.Value is >= 1000 and <= 20000), counts["1000-20000"]);
    }

    [Theory]
    [InlineData("targeting/count", "{not json", 2009)]
    [InlineData("targeting/count", "{}", 2020)]
    [InlineData("targeting/count", """{"target":"everyone"}""", 2004)]
    [InlineData("targeting/count", """{"target":{"tag":"VIP"}}""", 2004)]
    [InlineData("targeting/count", """{"target":{"profile":{"shoeSize":42}}}""", 2004)]
    [InlineData("targeting/count", """{"target":{"profile":{"country":{"$regex":"T.*"}}}}""", 2004)]
    [InlineData("targeting/count-batch", "[", 2009)]
    [InlineData("targeting/count-batch", """{"values":["TR"]}""", 2020)]
    [InlineData("targeting/count-batch", """{"groupBy":{}}""", 2020)]
    [InlineData("targeting/count-batch", """{"groupBy":{"profile":"country","installation":"platform"}}""", 2004)]
    [InlineData("targeting/count-batch", """{"groupBy":{"installation":"deviceModel"}}""", 2004)]
    [InlineData("targeting/count-batch", """{"groupBy":{"profile":"shoeSize"}}""", 2004)]
    [InlineData("targeting/count-batch", """{"groupBy":{"profile":"loyaltyPoints","buckets":[[1]]}}""", 2004)]
    public async Task Bad_queries_are_refused_with_400(string operation, string body, int code)
    {
        var reply = await fixture.Client.SendJsonAsync(HttpMethod.Post, "/rest/3.0/" + operation, body);
        Assert.Equal(HttpStatusCode.BadRequest, reply.Status);
        Assert.Equal(code, reply.Body.GetProperty("code").GetInt32());
    }
}
