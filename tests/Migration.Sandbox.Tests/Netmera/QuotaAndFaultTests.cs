using System.Diagnostics;
using System.Net;
using Microsoft.Extensions.Time.Testing;

namespace Migration.Sandbox.Tests.Netmera;

/// <summary>The 5022 quota knob, injected 5xx faults and latency: what a client's pause and retry logic is tested against.</summary>
public sealed class QuotaAndFaultTests
{
    private const string Key = "quota-key";

    private static async Task<(NetmeraSimulator Simulator, HttpClient Client, HttpClient Admin)> StartAsync(NetmeraSimulatorOptions options)
    {
        var simulator = await NetmeraSimulator.StartAsync(options with { Users = 40, Seed = 5, ApiKey = Key });
        return (simulator, JsonHttp.Client(simulator.BaseAddress, "X-netmera-api-key", Key), JsonHttp.Client(simulator.BaseAddress));
    }

    [Fact]
    public async Task Requests_over_the_quota_get_5022_until_the_next_minute()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2025, 7, 1, 12, 0, 10, TimeSpan.Zero));
        var (simulator, client, admin) = await StartAsync(new NetmeraSimulatorOptions { QuotaPerMinute = 5, Clock = clock });
        await using var _ = simulator;
        using var __ = client;
        using var ___ = admin;

        for (var i = 0; i < 5; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await client.GetJsonAsync("/rest/3.0/getSegments")).Status);
            await admin.GetJsonAsync("/_sandbox/stats"); // admin routes never count
        }

        var refused = await client.GetJsonAsync("/rest/3.0/getDevices?extId=nm-000001");
        Assert.Equal(HttpStatusCode.BadRequest, refused.Status);
        Assert.Equal(5022, refused.Body.GetProperty("code").GetInt32());
        Assert.Equal("Service usage quota is exceeded", refused.Body.GetProperty("error").GetString());

        // A bad key is still told so: the key check comes first.
        using var wrong = JsonHttp.Client(simulator.BaseAddress, "X-netmera-api-key", "nope");
        Assert.Equal(2010, (await wrong.GetJsonAsync("/rest/3.0/getSegments")).Body.GetProperty("code").GetInt32());

        var state = await admin.GetJsonAsync("/_sandbox/quota");
        Assert.Equal((5, 5, 1L), (state.Body.GetProperty("quotaPerMinute").GetInt32(), state.Body.GetProperty("usedInWindow").GetInt32(), state.Body.GetProperty("refused").GetInt64()));
        Assert.Equal(new DateTimeOffset(2025, 7, 1, 12, 1, 0, TimeSpan.Zero), state.Body.GetProperty("windowEnd").GetDateTimeOffset());

        clock.Advance(TimeSpan.FromSeconds(50));
        Assert.Equal(HttpStatusCode.OK, (await client.GetJsonAsync("/rest/3.0/getSegments")).Status);
    }

    [Fact]
    public async Task The_quota_can_be_switched_at_run_time()
    {
        var (simulator, client, admin) = await StartAsync(new NetmeraSimulatorOptions());
        await using var _ = simulator;
        using var __ = client;
        using var ___ = admin;

        for (var i = 0; i < 10; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await client.GetJsonAsync("/rest/3.0/getSegments")).Status);
        }

        var set = await admin.PostJsonAsync("/_sandbox/quota", new { quotaPerMinute = 1 });
        Assert.Equal(1, set.Body.GetProperty("quotaPerMinute").GetInt32());
        Assert.Equal(HttpStatusCode.OK, (await client.GetJsonAsync("/rest/3.0/getSegments")).Status);
        Assert.Equal(5022, (await client.SendJsonAsync(HttpMethod.Post, "/rest/3.0/targeting/count", """{"target":{}}""")).Body.GetProperty("code").GetInt32());

        await admin.PostJsonAsync("/_sandbox/quota", new { quotaPerMinute = 0 });
        Assert.Equal(HttpStatusCode.OK, (await client.GetJsonAsync("/rest/3.0/getSegments")).Status);
        Assert.Equal(HttpStatusCode.BadRequest, (await admin.PostJsonAsync("/_sandbox/quota", new { quotaPerMinute = -1 })).Status);
    }

    [Fact]
    public async Task A_full_fault_share_answers_every_rest_call_with_a_5xx_and_spares_admin_routes()
    {
        var (simulator, client, admin) = await StartAsync(new NetmeraSimulatorOptions { Faults = new NetmeraFaults { ServerErrorShare = 1 } });
        await using var _ = simulator;
        using var __ = client;
        using var ___ = admin;

        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 30; i++)
        {
            using var response = await client.GetAsync(new Uri("/rest/3.0/getSegments", UriKind.Relative));
            statuses.Add(response.StatusCode);
            var text = await response.Content.ReadAsStringAsync();
            if (response.StatusCode == HttpStatusCode.InternalServerError)
            {
                Assert.Contains("\"code\":2001", text, StringComparison.Ordinal);
            }
            else
            {
                Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
                Assert.Equal("text/plain", response.Content.Headers.ContentType?.MediaType);
            }
        }

        Assert.Contains(HttpStatusCode.InternalServerError, statuses);
        Assert.Contains(HttpStatusCode.ServiceUnavailable, statuses);
        Assert.Equal(HttpStatusCode.OK, (await admin.GetJsonAsync("/_sandbox/users")).Status);
        Assert.Equal(30, (await admin.GetJsonAsync("/_sandbox/faults")).Body.GetProperty("serverErrorsInjected").GetInt64());

        await admin.PostJsonAsync("/_sandbox/faults", new { serverErrorShare = 0 });
        Assert.Equal(HttpStatusCode.OK, (await client.GetJsonAsync("/rest/3.0/getSegments")).Status);
        Assert.Equal(HttpStatusCode.BadRequest, (await admin.PostJsonAsync("/_sandbox/faults", new { serverErrorShare = 2 })).Status);
    }

    [Fact]
    public async Task Faults_are_drawn_from_their_seed()
    {
        async Task<List<HttpStatusCode>> SequenceAsync()
        {
            var (simulator, client, admin) = await StartAsync(new NetmeraSimulatorOptions { Faults = new NetmeraFaults { ServerErrorShare = 0.4, Seed = 99 } });
            await using var _ = simulator;
            using var __ = client;
            using var ___ = admin;
            var statuses = new List<HttpStatusCode>();
            for (var i = 0; i < 25; i++)
            {
                using var response = await client.GetAsync(new Uri("/rest/3.0/getSegments", UriKind.Relative));
                statuses.Add(response.StatusCode);
            }

            return statuses;
        }

        var first = await SequenceAsync();
        Assert.Equal(first, await SequenceAsync());
        Assert.InRange(first.Count(s => s != HttpStatusCode.OK), 3, 18);
    }

    [Fact]
    public async Task Latency_delays_rest_calls_only()
    {
        var (simulator, client, admin) = await StartAsync(new NetmeraSimulatorOptions { Latency = TimeSpan.FromMilliseconds(300) });
        await using var _ = simulator;
        using var __ = client;
        using var ___ = admin;

        await admin.GetJsonAsync("/_sandbox/stats"); // warm up the connection
        var watch = Stopwatch.StartNew();
        await client.GetJsonAsync("/rest/3.0/getSegments");
        Assert.True(watch.Elapsed >= TimeSpan.FromMilliseconds(290), $"took {watch.Elapsed}");
        Assert.Equal(300, (await admin.GetJsonAsync("/_sandbox/faults")).Body.GetProperty("latencyMs").GetInt64());
    }

    [Fact]
    public async Task Options_out_of_range_are_refused()
    {
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => NetmeraSimulator.StartAsync(new NetmeraSimulatorOptions { QuotaPerMinute = -1 }));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => NetmeraSimulator.StartAsync(new NetmeraSimulatorOptions { Faults = new NetmeraFaults { ServerErrorShare = 1.5 } }));
    }
}
