using System.Net;

namespace Migration.Sandbox.Tests.Netmera;

/// <summary>The <c>/_sandbox/users</c> edits a cutover test makes: the REST reads answer the population as edited.</summary>
public sealed class PopulationEditTests
{
    private const string Key = "edit-key";

    [Fact]
    public async Task Added_changed_and_removed_users_show_in_the_segment_listing_and_the_per_user_reads()
    {
        await using var simulator = await NetmeraSimulator.StartAsync(new NetmeraSimulatorOptions { Users = 30, Seed = 8, ApiKey = Key });
        using var client = JsonHttp.Client(simulator.BaseAddress, "X-netmera-api-key", Key);
        using var admin = JsonHttp.Client(simulator.BaseAddress);
        var (changed, removed) = (simulator.Users[2].ExtId, simulator.Users[3].ExtId);

        Assert.Equal(HttpStatusCode.Created, (await admin.PostJsonAsync("/_sandbox/users", new { extId = "added-1", name = "Ada", email = "ada@example.org", country = "US" })).Status);
        Assert.Equal(HttpStatusCode.Conflict, (await admin.PostJsonAsync("/_sandbox/users", new { extId = "added-1" })).Status);
        Assert.Equal(HttpStatusCode.OK, (await admin.PatchJsonAsync($"/_sandbox/users/{changed}", new { city = "Izmir", email = (string?)null })).Status);
        Assert.Equal(HttpStatusCode.NoContent, (await admin.DeleteJsonAsync($"/_sandbox/users/{removed}")).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await admin.DeleteJsonAsync($"/_sandbox/users/{removed}")).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await admin.PatchJsonAsync("/_sandbox/users/nobody", new { city = "X" })).Status);

        var listed = (await client.GetJsonAsync($"/rest/3.0/getSegmentUsers?id={NetmeraSimulator.AllUsersSegmentId}&max=1000")).Body
            .GetProperty("list").EnumerateArray().Select(m => m.GetProperty("externalId").GetString()).ToList();
        Assert.Equal(30, listed.Count); // 30 − 1 + 1
        Assert.Equal("added-1", listed[^1]);
        Assert.DoesNotContain(removed, listed);

        var profile = (await client.GetJsonAsync($"/rest/3.0/getProfileAttributes?extId={changed}")).Body.GetProperty("profile");
        Assert.Equal("Izmir", profile.GetProperty("city").GetString());
        Assert.False(profile.TryGetProperty("email", out _));
        Assert.Equal("Ada", (await client.GetJsonAsync("/rest/3.0/getProfileAttributes?extId=added-1")).Body.GetProperty("profile").GetProperty("name").GetString());
        Assert.Equal(5016, (await client.GetJsonAsync($"/rest/3.0/getProfileAttributes?extId={removed}")).Body.GetProperty("code").GetInt32());

        var users = (await admin.GetJsonAsync("/_sandbox/users")).Body.EnumerateArray().Select(u => u.GetProperty("extId").GetString()).ToList();
        Assert.Equal(listed, users);
    }
}
