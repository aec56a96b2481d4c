using System.Net;
using System.Text.Json;

namespace Migration.Sandbox.Tests.Contracts;

/// <summary>
/// The Netmera simulator's read surface checked against netmera-rest-api.yaml (OpenAPI 3.1).
/// <c>app/profile-attributes</c> is not in that spec (only in Netmera's newer API reference), so it has
/// no contract test here; its shape is asserted in NetmeraSimulatorTests instead.
/// </summary>
[Collection(ContractCollection.Name)]
public sealed class NetmeraContractTests(ContractSpecs specs) : IAsyncLifetime
{
    private const string Key = "contract-key";

    private NetmeraSimulator simulator = null!;
    private HttpClient client = null!;

    public async Task InitializeAsync()
    {
        simulator = await NetmeraSimulator.StartAsync(new NetmeraSimulatorOptions { Users = 250, Seed = 11, ApiKey = Key });
        client = JsonHttp.Client(simulator.BaseAddress, "X-netmera-api-key", Key);
    }

    public async Task DisposeAsync()
    {
        client.Dispose();
        await simulator.DisposeAsync();
    }

    private OpenApiContract Spec => specs.Netmera;

    [SkippableFact]
    public async Task GetSegments_matches_the_spec()
    {
        var schema = Spec.Response("/rest/3.0/getSegments", "get", relaxations: KnownSpecGaps.Netmera);
        var segments = await client.GetJsonAsync("/rest/3.0/getSegments");
        Assert.Equal(HttpStatusCode.OK, segments.Status);
        schema.AssertValid(segments.Body, "getSegments");
    }

    [SkippableFact]
    public async Task GetSegmentUsers_pages_match_the_spec()
    {
        var schema = Spec.Response("/rest/3.0/getSegmentUsers", "get", relaxations: KnownSpecGaps.Netmera);
        var first = await client.GetJsonAsync($"/rest/3.0/getSegmentUsers?id={NetmeraSimulator.AllUsersSegmentId}&max=200");
        schema.AssertValid(first.Body, "getSegmentUsers (first page)");

        var last = await client.GetJsonAsync(first.Body.GetProperty("nextPage").GetString()!);
        Assert.False(last.Body.TryGetProperty("nextPage", out _));
        schema.AssertValid(last.Body, "getSegmentUsers (last page)");
    }

    [SkippableFact]
    public async Task GetProfileAttributes_matches_the_spec_for_every_user_shape()
    {
        var schema = Spec.Response("/rest/3.0/getProfileAttributes", "get", relaxations: KnownSpecGaps.Netmera);
        foreach (var user in simulator.Users.Take(60))
        {
            var profile = await client.GetJsonAsync("/rest/3.0/getProfileAttributes?extId=" + user.ExtId);
            Assert.Equal(HttpStatusCode.OK, profile.Status);
            schema.AssertValid(profile.Body, "getProfileAttributes " + user.ExtId);
        }
    }

    [SkippableFact]
    public async Task GetDevices_matches_the_spec()
    {
        var schema = Spec.Response("/rest/3.0/getDevices", "get", relaxations: KnownSpecGaps.Netmera);
        var withDevices = simulator.Users.First(u => u.Devices.Count >= 2);
        foreach (var query in new[] { $"extId={withDevices.ExtId}", $"extId={withDevices.ExtId}&pushPermitted=true", "extId=nobody" })
        {
            var devices = await client.GetJsonAsync("/rest/3.0/getDevices?" + query);
            Assert.Equal(HttpStatusCode.OK, devices.Status);
            schema.AssertValid(devices.Body, "getDevices?" + query);
        }
    }

    [SkippableFact]
    public async Task Error_bodies_match_the_ErrorResponse_schema()
    {
        var schema = Spec.Compile(Spec.ComponentSchema("ErrorResponse"));
        using var anonymous = JsonHttp.Client(simulator.BaseAddress);
        var replies = new[]
        {
            await anonymous.GetJsonAsync("/rest/3.0/getSegments"),
            await client.GetJsonAsync("/rest/3.0/getSegmentUsers"),
            await client.GetJsonAsync("/rest/3.0/getSegmentUsers?id=999"),
            await client.GetJsonAsync("/rest/3.0/getSegmentUsers?id=1004"),
            await client.GetJsonAsync("/rest/3.0/getProfileAttributes?extId=nobody"),
        };

        Assert.Equal([2010, 2020, 5042, 2001, 5016], replies.Select(r => r.Body.GetProperty("code").GetInt32()));
        foreach (var reply in replies)
        {
            Assert.Equal(JsonValueKind.String, reply.Body.GetProperty("error").ValueKind);
            schema.AssertValid(reply.Body, $"error {reply.Body.GetProperty("code")}");
        }
    }
}
