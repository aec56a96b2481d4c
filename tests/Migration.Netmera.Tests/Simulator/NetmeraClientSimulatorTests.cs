using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Migration.Sandbox;

namespace Migration.Netmera.Tests.Simulator;

/// <summary>The Netmera client against the simulator: paging, per-user reads and error codes.</summary>
public sealed class NetmeraClientTests : IAsyncLifetime
{
    private const string Key = "netmera-tests-key";
    private NetmeraSimulator simulator = null!;

    public async Task InitializeAsync() =>
        simulator = await NetmeraSimulator.StartAsync(new NetmeraSimulatorOptions { Users = 2345, Seed = 9, ApiKey = Key });

    public async Task DisposeAsync() => await simulator.DisposeAsync();

    private NetmeraClient Client(string key = Key, string? baseUrl = null)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Netmera:Connections:test:BaseUrl"] = baseUrl ?? simulator.BaseAddress.ToString(),
            ["Netmera:Connections:test:ApiKey"] = key,
        });
        builder.AddNetmeraServices();
        return builder.Build().Services.GetRequiredService<NetmeraClientFactory>().Create("test");
    }

    [Fact]
    public async Task Paging_the_full_segment_visits_every_user_exactly_once()
    {
        var client = Client();
        var seen = new List<string>();
        string? next = null;
        var pages = 0;
        do
        {
            var page = await client.GetSegmentUsersPageAsync(NetmeraSimulator.AllUsersSegmentId, 1000, next, CancellationToken.None);
            seen.AddRange(page.List!.Select(m => m.ExternalId!));
            next = page.NextPage;
            pages++;
        }
        while (next is not null);

        Assert.Equal(3, pages);
        Assert.Equal(2345, seen.Count);
        Assert.Equal(2345, seen.Distinct().Count());
        Assert.Equal(simulator.Users.Select(u => u.ExtId).Order(), seen.Order());
    }

    [Fact]
    public async Task A_users_profile_and_devices_are_read_as_netmera_holds_them()
    {
        using var http = new HttpClient();
        var truth = (await http.GetFromJsonAsync<JsonArray>(new Uri(simulator.BaseAddress, "/_sandbox/users")))!
            .Select(u => u!.AsObject()).First(u => u["devices"]!.AsArray().Count > 0 && u["name"] is not null);
        var extId = truth["extId"]!.GetValue<string>();

        var client = Client();
        var profile = await client.GetProfileAsync(extId, CancellationToken.None);
        var devices = await client.GetDevicesAsync(extId, CancellationToken.None);

        Assert.Equal(truth["name"]!.GetValue<string>(), profile!["name"].GetString());
        Assert.Equal(truth["devices"]!.AsArray().Count, devices.Count);
        Assert.All(devices, d => Assert.False(string.IsNullOrEmpty(d.Platform)));
    }

    [Fact]
    public async Task An_unknown_user_reads_as_absent_not_as_an_error()
    {
        Assert.Null(await Client().GetProfileAsync("nobody-here", CancellationToken.None));
    }

    [Fact]
    public async Task A_wrong_key_fails_with_code_2010_and_says_what_to_check()
    {
        var error = await Assert.ThrowsAsync<NetmeraApiException>(() => Client(key: "wrong").GetSegmentsAsync(CancellationToken.None));
        Assert.Equal(NetmeraApiException.InvalidApiKey, error.Code);
        Assert.Contains("key is invalid", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("wrong", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unknown_segment_fails_with_code_5042()
    {
        var error = await Assert.ThrowsAsync<NetmeraApiException>(() => Client().GetSegmentUsersPageAsync(424242, 100, null, CancellationToken.None));
        Assert.Equal(NetmeraApiException.SegmentNotFound, error.Code);
    }

    [Fact]
    public async Task A_next_page_on_another_host_is_refused_so_the_key_never_leaves()
    {
        var error = await Assert.ThrowsAsync<NetmeraPagingException>(() =>
            Client().GetSegmentUsersPageAsync(1001, 100, "https://elsewhere.example/rest/3.0/getSegmentUsers?offset=abc", CancellationToken.None));
        Assert.Contains("another host", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Segments_and_attribute_definitions_are_listed()
    {
        var client = Client();
        var segments = await client.GetSegmentsAsync(CancellationToken.None);
        var all = Assert.Single(segments, s => s.Id == NetmeraSimulator.AllUsersSegmentId);
        Assert.Equal(2345, all.UserCount);
        Assert.Contains(segments, s => !s.IsListable);

        var definitions = await client.GetProfileAttributeDefinitionsAsync(CancellationToken.None);
        Assert.Contains(definitions, d => !d.IsCustom && d.Code == "name");
        Assert.Contains(definitions, d => d.IsCustom);
    }
}
