using System.Net;
using System.Text.Json;

namespace Migration.Sandbox.Tests.Netmera;

/// <summary>getDeviceTokens and app/events.</summary>
public sealed class DeviceTokenTests(NetmeraFixture fixture) : IClassFixture<NetmeraFixture>
{
    private NetmeraSimulator Simulator => fixture.Simulator;

    [Fact]
    public async Task Paging_visits_every_installation_once_and_the_distinct_extIds_are_the_population()
    {
        var pages = await fixture.AllPagesAsync("/rest/3.0/getDeviceTokens?max=250");
        var items = pages.SelectMany(p => p.Body.GetProperty("devices").EnumerateArray()).ToList();
        var expected = Simulator.Users.Sum(u => u.Devices.Count + u.UninstalledDevices.Count) + NetmeraFixture.Users / 25;
        Assert.Equal(expected, items.Count);

        // Each installation once per user it is linked to (the device-duplicate quirk links one to two users).
        Assert.Equal(items.Count, items.Select(i => (i.GetProperty("installationId").GetString(), i.TryGetProperty("extId", out var e) ? e.GetString() : null)).Distinct().Count());
        var extIds = items.Where(i => i.TryGetProperty("extId", out _)).Select(i => i.GetProperty("extId").GetString()!).ToHashSet();
        Assert.Equal(Simulator.Users.Select(u => u.ExtId).ToHashSet(), extIds);

        // Offsets are plain numbers in an absolute link, as the spec's example shows.
        var link = new Uri(pages[0].Body.GetProperty("nextPage").GetString()!);
        Assert.Equal("/rest/3.0/getDeviceTokens", link.AbsolutePath);
        Assert.Equal("offset=250&max=250", link.Query.TrimStart('?'));
        Assert.False(pages[^1].Body.TryGetProperty("nextPage", out _));
    }

    [Fact]
    public async Task Items_have_the_reference_shape_with_unlinked_uninstalled_and_tokenless_installations()
    {
        var items = (await fixture.AllPagesAsync("/rest/3.0/getDeviceTokens?max=1000")).SelectMany(p => p.Body.GetProperty("devices").EnumerateArray()).ToList();
        Assert.All(items, i => Assert.Subset(new HashSet<string> { "installationId", "platform", "extId", "deviceToken" }, i.EnumerateObject().Select(p => p.Name).ToHashSet()));
        Assert.All(items, i => Assert.NotEqual(JsonValueKind.Null, i.GetProperty("platform").ValueKind));
        Assert.Contains(items, i => !i.TryGetProperty("extId", out _));
        Assert.Contains(items, i => !i.TryGetProperty("deviceToken", out _));
        Assert.DoesNotContain(items, i => i.TryGetProperty("deviceToken", out var t) && t.GetString()!.Length == 0);

        var uninstalled = Simulator.Users.SelectMany(u => u.UninstalledDevices).First();
        Assert.Contains(items, i => i.GetProperty("installationId").GetString() == uninstalled.InstallationId);

        // No guaranteed order: not grouped by user.
        var firstTen = items.Take(10).Select(i => i.TryGetProperty("extId", out var e) ? e.GetString() : "").ToList();
        Assert.NotEqual(firstTen.Order().ToList(), firstTen);
    }

    [Fact]
    public async Task Total_is_an_estimate_and_defaults_are_ten_from_zero()
    {
        var page = await fixture.Client.GetJsonAsync("/rest/3.0/getDeviceTokens");
        Assert.Equal(10, page.Body.GetProperty("devices").GetArrayLength());
        var exact = Simulator.Users.Sum(u => u.Devices.Count + u.UninstalledDevices.Count) + NetmeraFixture.Users / 25;
        var total = page.Body.GetProperty("total").GetInt64();
        Assert.InRange(total, exact * 0.95, exact * 1.05);
        Assert.Equal(0, total % 10); // two significant digits
    }

    [Theory]
    [InlineData("max=ten")]
    [InlineData("offset=x")]
    [InlineData("offset=-5")]
    public async Task Bad_paging_parameters_answer_2004(string query)
    {
        var reply = await fixture.Client.GetJsonAsync("/rest/3.0/getDeviceTokens?" + query);
        Assert.Equal(HttpStatusCode.BadRequest, reply.Status);
        Assert.Equal(2004, reply.Body.GetProperty("code").GetInt32());
    }

    [Fact]
    public async Task An_offset_past_the_end_gives_an_empty_last_page()
    {
        var reply = await fixture.Client.GetJsonAsync("/rest/3.0/getDeviceTokens?offset=999999");
        Assert.Equal(0, reply.Body.GetProperty("devices").GetArrayLength());
        Assert.False(reply.Body.TryGetProperty("nextPage", out _));
    }

    [Fact]
    public async Task The_spec_shape_can_be_chosen_instead()
    {
        await using var simulator = await NetmeraSimulator.StartAsync(new NetmeraSimulatorOptions
        {
            Users = 50, Seed = 3, ApiKey = "k", DeviceTokenItems = DeviceTokenItemShape.Spec,
        });
        using var client = JsonHttp.Client(simulator.BaseAddress, "X-netmera-api-key", "k");
        var items = (await client.GetJsonAsync("/rest/3.0/getDeviceTokens?max=1000")).Body.GetProperty("devices").EnumerateArray().ToList();
        Assert.All(items, i => Assert.True(i.TryGetProperty("pushPermitted", out _) && i.TryGetProperty("deviceModel", out _) && !i.TryGetProperty("deviceToken", out _)));
        Assert.Contains(items, i => i.TryGetProperty("token", out _));
    }

    [Fact]
    public async Task Event_definitions_list_standard_and_custom_events_with_attributes()
    {
        var reply = await fixture.Client.GetJsonAsync("/rest/3.0/app/events");
        Assert.Equal(HttpStatusCode.OK, reply.Status);
        var standard = reply.Body.GetProperty("standardEvents").EnumerateArray().ToList();
        var custom = reply.Body.GetProperty("customEvents").EnumerateArray().ToList();
        var purchase = Assert.Single(standard, e => e.GetProperty("code").GetString() == "n:ph");
        Assert.Equal("Purchase", purchase.GetProperty("name").GetString());
        Assert.Contains(purchase.GetProperty("attributes").EnumerateArray(), a => a.GetProperty("code").GetString() == "revenue" && a.GetProperty("dataType").GetString() == "DOUBLE");
        Assert.NotEmpty(custom);
        Assert.Equal(Simulator.Catalog.Events.Count, standard.Count + custom.Count);
    }
}
