using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Microsoft.Extensions.Time.Testing;

namespace Migration.Sandbox.Tests.Pipedrive;

/// <summary>Burst windows, the daily budget, the headers and the block, on a fake clock so every edge is exact.</summary>
public sealed class RateLimitTests : IAsyncLifetime
{
    private const string Token = "limits-token";

    private readonly List<IAsyncDisposable> started = [];

    private FakeTimeProvider clock = null!;

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        foreach (var simulator in started)
        {
            await simulator.DisposeAsync();
        }
    }

    private async Task<(PipedriveSimulator Simulator, HttpClient Client, HttpClient Admin)> Start(
        PipedriveSimulatorPlan plan, DateTimeOffset? now = null, TimeZoneInfo? zone = null, int seats = 1)
    {
        clock = new FakeTimeProvider(now ?? new DateTimeOffset(2025, 3, 1, 9, 0, 0, TimeSpan.Zero));
        var simulator = await PipedriveSimulator.StartAsync(new PipedriveSimulatorOptions
        {
            ApiToken = Token,
            Clock = clock,
            Plan = plan,
            Seats = seats,
            EnforceRateLimits = true,
            BudgetTimeZone = zone ?? TimeZoneInfo.Utc,
        });
        started.Add(simulator);
        return (simulator, JsonHttp.Client(simulator.BaseAddress), JsonHttp.Client(simulator.BaseAddress));
    }

    private static async Task<HttpResponseMessage> Send(HttpClient client, string path, bool oauth = false, HttpMethod? method = null, object? body = null)
    {
        // The same token string, as an API token or as an OAuth bearer token: two credentials with their own windows.
        using var request = new HttpRequestMessage(method ?? HttpMethod.Get, path);
        if (oauth)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", Token);
        }
        else
        {
            request.Headers.Add("x-api-token", Token);
        }

        if (body is not null)
        {
            request.Content = new StringContent(JsonSerializer.Serialize(body), System.Text.Encoding.UTF8, "application/json");
        }

        var response = await client.SendAsync(request);
        await response.Content.LoadIntoBufferAsync();
        return response;
    }

    private static async Task<List<HttpStatusCode>> Burst(HttpClient client, int count, string path, bool oauth = false)
    {
        var statuses = new List<HttpStatusCode>(count);
        for (var i = 0; i < count; i++)
        {
            using var response = await Send(client, path, oauth);
            statuses.Add(response.StatusCode);
        }

        return statuses;
    }

    private static string Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) ? string.Join(",", values) : "(absent)";

    private static async Task<JsonElement> Usage(HttpClient admin) => (await admin.GetJsonAsync("/_sandbox/usage")).Body;

    [Theory]
    [InlineData(PipedriveSimulatorPlan.Lite, 20)]
    [InlineData(PipedriveSimulatorPlan.Growth, 40)]
    public async Task The_burst_allowance_is_spent_then_429_until_the_window_slides(PipedriveSimulatorPlan plan, int burst)
    {
        var (_, client, admin) = await Start(plan);
        Assert.All(await Burst(client, burst, "/api/v2/pipelines"), s => Assert.Equal(HttpStatusCode.OK, s));

        using var refused = await Send(client, "/api/v2/pipelines");
        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        var body = JsonDocument.Parse(await refused.Content.ReadAsStringAsync()).RootElement;
        Assert.False(body.GetProperty("success").GetBoolean());
        Assert.Equal("Please check developers.pipedrive.com", body.GetProperty("error_info").GetString());
        Assert.Equal("0", Header(refused, "x-ratelimit-remaining"));
        Assert.Equal("2", Header(refused, "x-ratelimit-reset"));

        clock.Advance(TimeSpan.FromMilliseconds(1_999));
        using (var stillFull = await Send(client, "/api/v2/pipelines"))
        {
            Assert.Equal(HttpStatusCode.TooManyRequests, stillFull.StatusCode);
        }

        clock.Advance(TimeSpan.FromMilliseconds(1));
        Assert.All(await Burst(client, burst, "/api/v2/pipelines"), s => Assert.Equal(HttpStatusCode.OK, s));
        Assert.Equal(2, (await Usage(admin)).GetProperty("tooManyRequests").GetProperty("burst").GetInt64());
    }

    [Fact]
    public async Task The_window_rolls_request_by_request()
    {
        var (_, client, _) = await Start(PipedriveSimulatorPlan.Lite);
        await Burst(client, 10, "/api/v2/pipelines");
        clock.Advance(TimeSpan.FromSeconds(1));
        await Burst(client, 10, "/api/v2/pipelines");
        Assert.Equal(HttpStatusCode.TooManyRequests, (await Send(client, "/api/v2/pipelines")).StatusCode);

        // At t=2 s the first ten leave the window, the second ten stay.
        clock.Advance(TimeSpan.FromSeconds(1));
        var statuses = await Burst(client, 11, "/api/v2/pipelines");
        Assert.Equal(10, statuses.Count(s => s == HttpStatusCode.OK));
        Assert.Equal(HttpStatusCode.TooManyRequests, statuses[^1]);
    }

    [Fact]
    public async Task Search_is_held_to_10_per_window_even_on_Ultimate()
    {
        var (_, client, admin) = await Start(PipedriveSimulatorPlan.Ultimate);
        var searches = await Burst(client, 11, "/api/v2/persons/search?term=ab");
        Assert.Equal(10, searches.Count(s => s == HttpStatusCode.OK));
        Assert.Equal(HttpStatusCode.TooManyRequests, searches[^1]);
        Assert.Equal(HttpStatusCode.TooManyRequests, (await Send(client, "/api/v2/itemSearch?term=ab")).StatusCode);

        // The plan's own window still has room for everything else.
        Assert.Equal(HttpStatusCode.OK, (await Send(client, "/api/v2/persons")).StatusCode);
        using var search = await Send(client, "/api/v2/deals/search?term=ab");
        Assert.Equal(HttpStatusCode.TooManyRequests, search.StatusCode);
        Assert.Equal(("10", "0"), (Header(search, "x-ratelimit-limit"), Header(search, "x-ratelimit-remaining")));
        Assert.Equal(3, (await Usage(admin)).GetProperty("tooManyRequests").GetProperty("search").GetInt64());

        clock.Advance(TimeSpan.FromSeconds(2));
        Assert.Equal(HttpStatusCode.OK, (await Send(client, "/api/v2/organizations/search?term=ab")).StatusCode);
    }

    [Fact]
    public async Task OAuth_gets_four_times_the_burst_in_its_own_window()
    {
        var (_, client, _) = await Start(PipedriveSimulatorPlan.Lite);
        var oauth = await Burst(client, 81, "/api/v2/pipelines", oauth: true);
        Assert.Equal(80, oauth.Count(s => s == HttpStatusCode.OK));
        Assert.Equal(HttpStatusCode.TooManyRequests, oauth[^1]);

        using var withToken = await Send(client, "/api/v2/pipelines");
        Assert.Equal(HttpStatusCode.OK, withToken.StatusCode);
        Assert.Equal("20", Header(withToken, "x-ratelimit-limit"));
        Assert.Equal("19", Header(withToken, "x-ratelimit-remaining"));
    }

    [Fact]
    public async Task Headers_report_the_window_and_the_post_put_count_of_api_tokens_only()
    {
        var (_, client, _) = await Start(PipedriveSimulatorPlan.Growth);
        using var first = await Send(client, "/api/v2/persons", method: HttpMethod.Post, body: new { name = "A" });
        Assert.Equal(("40", "39", "2", "9999"), (Header(first, "x-ratelimit-limit"), Header(first, "x-ratelimit-remaining"), Header(first, "x-ratelimit-reset"), Header(first, "x-daily-requests-left")));

        clock.Advance(TimeSpan.FromMilliseconds(1_200));
        using var read = await Send(client, "/api/v2/persons");
        Assert.Equal(("38", "1", "9999"), (Header(read, "x-ratelimit-remaining"), Header(read, "x-ratelimit-reset"), Header(read, "x-daily-requests-left")));

        using var patch = await Send(client, "/api/v2/persons/1", method: HttpMethod.Patch, body: new { name = "B" });
        Assert.Equal("9999", Header(patch, "x-daily-requests-left"));
        using var post = await Send(client, "/api/v2/organizations", method: HttpMethod.Post, body: new { name = "O" });
        Assert.Equal("9998", Header(post, "x-daily-requests-left"));

        using var oauth = await Send(client, "/api/v2/persons", oauth: true);
        Assert.Equal("160", Header(oauth, "x-ratelimit-limit"));
        Assert.Equal("(absent)", Header(oauth, "x-daily-requests-left"));

        // Neither Retry-After nor a daily-token header: the real API documents neither.
        Assert.Null(read.Headers.RetryAfter);
        Assert.DoesNotContain(read.Headers, h => h.Key.Contains("token", StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public async Task Without_enforcement_nothing_is_refused_and_no_header_is_sent_but_tokens_are_counted()
    {
        clock = new FakeTimeProvider(new DateTimeOffset(2025, 3, 1, 9, 0, 0, TimeSpan.Zero));
        var simulator = await PipedriveSimulator.StartAsync(new PipedriveSimulatorOptions { ApiToken = Token, Clock = clock, Plan = PipedriveSimulatorPlan.Lite });
        started.Add(simulator);
        using var client = JsonHttp.Client(simulator.BaseAddress);
        using var admin = JsonHttp.Client(simulator.BaseAddress);

        Assert.All(await Burst(client, 25, "/api/v2/pipelines"), s => Assert.Equal(HttpStatusCode.OK, s));
        using var response = await Send(client, "/api/v2/pipelines");
        Assert.Equal("(absent)", Header(response, "x-ratelimit-limit"));
        Assert.Equal(26 * 5, (await Usage(admin)).GetProperty("tokensSpentToday").GetInt64());
    }

    [Fact]
    public async Task Every_request_pays_its_operation_cost_and_refused_ones_pay_nothing()
    {
        var (_, client, admin) = await Start(PipedriveSimulatorPlan.Lite);
        using (await Send(client, "/api/v2/persons")) { }                                                      // 10
        using (await Send(client, "/api/v2/persons", method: HttpMethod.Post, body: new { name = "A" })) { }   // 5
        using (await Send(client, "/api/v2/persons/1")) { }                                                    // 1
        using (await Send(client, "/api/v2/persons/search?term=ab")) { }                                       // 20
        using (await Send(client, "/api/v1/users")) { }                                                        // 20
        using (await Send(client, "/api/v1/notes/77")) { }                                                     // 2, a 404 still costs
        using (await Send(client, "/api/v2/persons", method: HttpMethod.Post, body: new { })) { }              // 5, a 400 still costs
        Assert.Equal(63, (await Usage(admin)).GetProperty("tokensSpentToday").GetInt64());

        // 401s, 429s and unknown routes cost nothing.
        using var anonymous = JsonHttp.Client(Assert.Single(started.OfType<PipedriveSimulator>()).BaseAddress);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetJsonAsync("/api/v2/persons")).Status);
        await Burst(client, 30, "/api/v2/pipelines");
        Assert.Equal(HttpStatusCode.NotFound, (await Send(client, "/api/v2/products")).StatusCode);
        var usage = await Usage(admin);
        Assert.Equal(63 + (13 * 5), usage.GetProperty("tokensSpentToday").GetInt64());
        Assert.Equal(17, usage.GetProperty("tooManyRequests").GetProperty("total").GetInt64());
    }

    [Fact]
    public async Task The_daily_budget_is_spent_exactly_then_every_request_waits_for_midnight()
    {
        var (_, client, admin) = await Start(PipedriveSimulatorPlan.Lite, new DateTimeOffset(2025, 3, 1, 20, 0, 0, TimeSpan.Zero));

        // Lite, one seat: 30,000 tokens = 750 user searches at 40, paced inside the OAuth window of 80.
        for (var i = 0; i < 750; i++)
        {
            if (i % 80 == 0)
            {
                clock.Advance(TimeSpan.FromSeconds(2));
            }

            using var response = await Send(client, "/api/v1/users/find?term=ay", oauth: true);
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"request {i}: {response.StatusCode}");
        }

        var spent = await Usage(admin);
        Assert.Equal(30_000, spent.GetProperty("dailyBudget").GetInt64());
        Assert.Equal(30_000, spent.GetProperty("tokensSpentToday").GetInt64());
        Assert.Equal("2025-03-02T00:00:00+00:00", spent.GetProperty("nextBudgetReset").GetString());

        clock.Advance(TimeSpan.FromSeconds(2));
        Assert.Equal(HttpStatusCode.TooManyRequests, (await Send(client, "/api/v1/users/find?term=ay", oauth: true)).StatusCode);
        Assert.Equal(HttpStatusCode.TooManyRequests, (await Send(client, "/api/v2/persons/1")).StatusCode);
        clock.SetUtcNow(new DateTimeOffset(2025, 3, 1, 23, 59, 59, TimeSpan.Zero));
        Assert.Equal(HttpStatusCode.TooManyRequests, (await Send(client, "/api/v2/persons/1")).StatusCode);
        Assert.Equal(3, (await Usage(admin)).GetProperty("tooManyRequests").GetProperty("dailyBudget").GetInt64());

        clock.SetUtcNow(new DateTimeOffset(2025, 3, 2, 0, 0, 0, TimeSpan.Zero));
        Assert.Equal(HttpStatusCode.OK, (await Send(client, "/api/v1/users/find?term=ay", oauth: true)).StatusCode);
        Assert.Equal(40, (await Usage(admin)).GetProperty("tokensSpentToday").GetInt64());
    }

    [Fact]
    public async Task The_budget_resets_at_midnight_in_the_configured_zone_and_scales_with_plan_seats_and_top_ups()
    {
        var istanbul = TimeZoneInfo.FindSystemTimeZoneById("Europe/Istanbul");
        var (_, client, admin) = await Start(PipedriveSimulatorPlan.Premium, new DateTimeOffset(2025, 3, 1, 20, 59, 0, TimeSpan.Zero), istanbul, seats: 3);
        using (await Send(client, "/api/v2/persons")) { }

        var before = await Usage(admin);
        Assert.Equal(30_000L * 5 * 3, before.GetProperty("dailyBudget").GetInt64());
        Assert.Equal(10, before.GetProperty("tokensSpentToday").GetInt64());
        Assert.Equal("2025-03-01T21:00:00+00:00", before.GetProperty("nextBudgetReset").GetString());

        clock.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal(0, (await Usage(admin)).GetProperty("tokensSpentToday").GetInt64());

        clock = new FakeTimeProvider(new DateTimeOffset(2025, 3, 1, 9, 0, 0, TimeSpan.Zero));
        await using var topped = await PipedriveSimulator.StartAsync(new PipedriveSimulatorOptions { ApiToken = Token, Clock = clock, Plan = PipedriveSimulatorPlan.Growth, Seats = 2, TopUpTokens = 1_234 });
        using var toppedAdmin = JsonHttp.Client(topped.BaseAddress);
        Assert.Equal((30_000L * 2 * 2) + 1_234, (await Usage(toppedAdmin)).GetProperty("dailyBudget").GetInt64());
    }

    [Fact]
    public async Task A_token_that_keeps_sending_into_429s_gets_the_HTML_block_page_until_the_block_ends()
    {
        var (_, client, admin) = await Start(PipedriveSimulatorPlan.Lite);
        await Burst(client, 20, "/api/v2/pipelines");
        var refused = await Burst(client, 20, "/api/v2/pipelines");
        Assert.All(refused, s => Assert.Equal(HttpStatusCode.TooManyRequests, s));

        using var blocked = await Send(client, "/api/v2/pipelines");
        Assert.Equal(HttpStatusCode.Forbidden, blocked.StatusCode);
        Assert.Equal("text/html", blocked.Content.Headers.ContentType?.MediaType);
        Assert.Contains("Cloudflare", await blocked.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal("(absent)", Header(blocked, "x-ratelimit-limit"));

        // The window has long slid, the block has not.
        clock.Advance(TimeSpan.FromMinutes(9));
        Assert.Equal(HttpStatusCode.Forbidden, (await Send(client, "/api/v2/pipelines")).StatusCode);
        var usage = await Usage(admin);
        Assert.Single(usage.GetProperty("blockedTokens").EnumerateArray());
        Assert.Equal(2, usage.GetProperty("blockedRefusals").GetInt64());
        Assert.Equal(20 * 5, usage.GetProperty("tokensSpentToday").GetInt64());

        // OAuth is another credential and is not blocked with the token.
        Assert.Equal(HttpStatusCode.OK, (await Send(client, "/api/v2/pipelines", oauth: true)).StatusCode);

        clock.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal(HttpStatusCode.OK, (await Send(client, "/api/v2/pipelines")).StatusCode);
        Assert.Empty((await Usage(admin)).GetProperty("blockedTokens").EnumerateArray());
    }

    [Fact]
    public async Task A_success_between_429s_starts_the_count_again()
    {
        var (_, client, _) = await Start(PipedriveSimulatorPlan.Lite);
        await Burst(client, 20, "/api/v2/pipelines");
        Assert.All(await Burst(client, 19, "/api/v2/pipelines"), s => Assert.Equal(HttpStatusCode.TooManyRequests, s));
        clock.Advance(TimeSpan.FromSeconds(2));
        await Burst(client, 20, "/api/v2/pipelines");
        Assert.All(await Burst(client, 19, "/api/v2/pipelines"), s => Assert.Equal(HttpStatusCode.TooManyRequests, s));
        Assert.Equal(HttpStatusCode.TooManyRequests, (await Send(client, "/api/v2/pipelines")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await Send(client, "/api/v2/pipelines")).StatusCode);
    }
}
