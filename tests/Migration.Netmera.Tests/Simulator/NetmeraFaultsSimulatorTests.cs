using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Time.Testing;
using Migration.Sandbox;

namespace Migration.Netmera.Tests.Simulator;

/// <summary>Quota, server faults and paging refusals, each on its own simulator.</summary>
public sealed class NetmeraFaultsSimulatorTests
{
    private const string Key = "faults-key";

    [Fact]
    public async Task The_quota_refusal_5022_surfaces_as_a_pause_of_the_configured_length()
    {
        await using var simulator = await NetmeraSimulator.StartAsync(new NetmeraSimulatorOptions
        {
            Users = 50, Seed = 2, ApiKey = Key, QuotaPerMinute = 3, Clock = new FakeTimeProvider(new DateTimeOffset(2025, 7, 1, 0, 0, 10, TimeSpan.Zero)),
        });
        var client = SimulatorFixture.Build(simulator.BaseAddress, Key, new Dictionary<string, string?> { ["Netmera:QuotaPause"] = "00:02:00" });

        for (var i = 0; i < 3; i++)
            Assert.NotNull(await client.GetProfileAsync(simulator.Users[i].ExtId, CancellationToken.None));
        var before = DateTimeOffset.UtcNow;
        var error = await Assert.ThrowsAsync<NetmeraQuotaExceededException>(() => client.GetProfileAsync(simulator.Users[4].ExtId, CancellationToken.None));

        Assert.Equal(NetmeraApiException.QuotaExceeded, error.Code);
        Assert.InRange(error.ResumeAt, before.AddMinutes(2), DateTimeOffset.UtcNow.AddMinutes(2));
        Assert.False(error.RequiresOperator);

        using var admin = new HttpClient { BaseAddress = simulator.BaseAddress };
        (await admin.PostAsJsonAsync("/_sandbox/quota", new { quotaPerMinute = 0 })).EnsureSuccessStatusCode();
        Assert.NotNull(await client.GetProfileAsync(simulator.Users[4].ExtId, CancellationToken.None));
    }

    [Fact]
    public async Task Server_errors_are_retried_with_backoff_so_every_read_still_succeeds()
    {
        await using var simulator = await NetmeraSimulator.StartAsync(new NetmeraSimulatorOptions
        {
            Users = 40, Seed = 3, ApiKey = Key, Faults = new NetmeraFaults { ServerErrorShare = 0.25, Seed = 8 },
        });
        var client = SimulatorFixture.Build(simulator.BaseAddress, Key);

        var members = simulator.Users.Take(30).Select(u => new NetmeraSegmentMember(u.ExtId, u.Msisdn, u.Email)).ToList();
        var users = await client.ReadUsersAsync(members, 4, CancellationToken.None);

        Assert.All(users, Assert.NotNull);
        using var admin = new HttpClient { BaseAddress = simulator.BaseAddress };
        var stats = (await admin.GetFromJsonAsync<JsonObject>("/_sandbox/stats"))!;
        Assert.True(stats["requests"]!.GetValue<long>() > 60, "some requests failed with 5xx and were sent again");
    }

    [Fact]
    public async Task A_wrong_key_on_every_endpoint_is_2010_and_needs_an_operator()
    {
        await using var simulator = await NetmeraSimulator.StartAsync(new NetmeraSimulatorOptions { Users = 10, Seed = 1, ApiKey = Key });
        var client = SimulatorFixture.Build(simulator.BaseAddress, "not-the-key");
        Func<Task>[] calls =
        [
            () => client.GetEventDefinitionsAsync(CancellationToken.None),
            () => client.GetDeviceTokensPageAsync(10, null, CancellationToken.None),
            () => client.GetPushStatsAsync(1, CancellationToken.None),
            () => client.GetPushResultsPageAsync(NetmeraPushResultQuery.ForUser("x"), 10, null, CancellationToken.None),
            () => client.CountUsersAsync(new JsonObject(), CancellationToken.None),
            () => client.CountUsersByAsync(NetmeraGroupBy.ByInstallation("platform"), null, CancellationToken.None),
        ];
        foreach (var call in calls)
        {
            var error = await Assert.ThrowsAsync<NetmeraApiException>(call);
            Assert.Equal(NetmeraApiException.InvalidApiKey, error.Code);
            Assert.True(error.RequiresOperator);
        }
    }

    [Fact]
    public async Task Invalid_targeting_and_a_tampered_page_token_are_refused_with_Netmeras_codes()
    {
        await using var simulator = await NetmeraSimulator.StartAsync(new NetmeraSimulatorOptions { Users = 30, Seed = 1, ApiKey = Key });
        var client = SimulatorFixture.Build(simulator.BaseAddress, Key);

        var unknownAttribute = await Assert.ThrowsAsync<NetmeraApiException>(() =>
            client.CountUsersWithAttributeAsync("noSuchAttribute", true, CancellationToken.None));
        Assert.Equal(NetmeraApiException.FieldTypeMismatch, unknownAttribute.Code);

        var first = await client.GetPushResultsPageAsync(NetmeraPushResultQuery.ForUser(simulator.Users[0].ExtId, new DateTimeOffset(2000, 1, 1, 0, 0, 0, TimeSpan.Zero)), 1, null, CancellationToken.None);
        Assert.NotNull(first.NextPage);
        var tampered = first.NextPage!.Replace("offset=", "offset=x", StringComparison.Ordinal);
        var error = await Assert.ThrowsAsync<NetmeraApiException>(() => client.GetPushResultsPageAsync(NetmeraPushResultQuery.ForUser("ignored"), 1, tampered, CancellationToken.None));
        Assert.Equal(NetmeraApiException.FieldTypeMismatch, error.Code);
    }
}
