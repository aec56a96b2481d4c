using System.Net;
using Microsoft.Extensions.Time.Testing;

namespace Migration.Pipedrive.Tests;

/// <summary>
/// The governor spends a client's allowance as Pipedrive counts it, on a fake clock: token costs per
/// operation, the rolling 2-second burst window, the search window, refunds and a stop on 429s.
/// </summary>
public sealed class GovernorTests
{
    private static readonly DateTimeOffset Start = new(2026, 11, 28, 10, 0, 0, TimeSpan.Zero);

    private sealed class Answering(Func<HttpRequestMessage, HttpResponseMessage> answer) : HttpMessageHandler
    {
        public int Sent;

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref Sent);
            return Task.FromResult(answer(request));
        }
    }

    /// <summary>A governed client over a server that answers at once, or, given <paramref name="answersHeldUntil"/>, not before it completes.</summary>
    private static (HttpMessageInvoker Http, PipedriveGovernor Governor, Answering Server) Governed(
        FakeTimeProvider clock, PipedriveAllowance allowance, Func<HttpRequestMessage, HttpResponseMessage>? answer = null, Task? answersHeldUntil = null)
    {
        var governor = new PipedriveGovernor(allowance, clock);
        var server = new Answering(answer ?? (_ => new HttpResponseMessage(HttpStatusCode.OK)));
        HttpMessageHandler inner = answersHeldUntil is null ? server : new Held(answersHeldUntil, server);
        return (new HttpMessageInvoker(new PipedriveGovernorHandler(governor) { InnerHandler = inner }), governor, server);
    }

    private static Task<HttpResponseMessage> Send(HttpMessageInvoker http, HttpMethod method, string path) =>
        http.SendAsync(new HttpRequestMessage(method, "https://acme.pipedrive.com" + path), CancellationToken.None);

    [Fact]
    public async Task Requests_pay_their_operations_token_cost()
    {
        var clock = new FakeTimeProvider(Start);
        var (http, governor, _) = Governed(clock, new PipedriveAllowance(40, 10, 10_000, Start.AddDays(1)));

        await Send(http, HttpMethod.Post, "/api/v2/persons");
        await Send(http, HttpMethod.Get, "/api/v2/persons/17");
        await Send(http, HttpMethod.Get, "/api/v2/persons/search");
        await Send(http, HttpMethod.Get, "/api/v2/personFields");
        await Send(http, HttpMethod.Post, "/api/v1/notes");

        Assert.Equal(5 + 1 + 20 + 10 + 10, governor.Usage.Tokens);
        Assert.Equal(5, governor.Usage.Requests);
    }

    [Fact]
    public async Task No_more_than_the_burst_limit_goes_out_in_any_two_seconds()
    {
        var clock = new FakeTimeProvider(Start);
        var (http, _, server) = Governed(clock, new PipedriveAllowance(40, 10, 100_000, Start.AddDays(1)));

        var sends = Enumerable.Range(0, 45).Select(_ => Send(http, HttpMethod.Post, "/api/v2/persons")).ToList();
        await Task.Delay(50);
        Assert.Equal(40, server.Sent);

        // Answered at once, so each slot is held a whole window from its answer.
        var window = RateLimits.Window;
        clock.Advance(window - TimeSpan.FromMilliseconds(1));
        await Task.Delay(50);
        Assert.Equal(40, server.Sent);

        clock.Advance(TimeSpan.FromMilliseconds(1));
        await Task.WhenAll(sends);
        Assert.Equal(45, server.Sent);
    }

    [Fact]
    public async Task A_slot_is_held_until_a_window_after_its_answer_however_late_the_answer()
    {
        // Pipedrive counts arrivals; a request not yet answered may still be on its way (or delayed in a busy
        // process before it left), so its slot stays taken until a whole window after its answer.
        var clock = new FakeTimeProvider(Start);
        var answers = new TaskCompletionSource();
        var (http, _, server) = Governed(clock, new PipedriveAllowance(2, 1, 10_000, Start.AddDays(1)), answersHeldUntil: answers.Task);

        var first = Enumerable.Range(0, 2).Select(_ => Send(http, HttpMethod.Post, "/api/v2/persons")).ToList();
        var third = Send(http, HttpMethod.Post, "/api/v2/persons");
        await Task.Delay(50);
        clock.Advance(TimeSpan.FromSeconds(5));
        await Task.Delay(50);
        Assert.False(third.IsCompleted);

        answers.SetResult();
        await Task.WhenAll(first);
        await LeavesAWindowLater(clock, third);
        Assert.Equal(3, server.Sent);
    }

    [Fact]
    public async Task A_request_cancelled_while_waiting_for_a_slot_pays_nothing_and_holds_nothing()
    {
        var clock = new FakeTimeProvider(Start);
        var (http, governor, server) = Governed(clock, new PipedriveAllowance(1, 1, 10_000, Start.AddDays(1)));
        await Send(http, HttpMethod.Post, "/api/v2/persons");

        using var cancel = new CancellationTokenSource();
        var waiting = http.SendAsync(new HttpRequestMessage(HttpMethod.Post, "https://acme.pipedrive.com/api/v2/persons"), cancel.Token);
        await Task.Delay(50);
        await cancel.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => waiting);

        clock.Advance(RateLimits.Window);
        Assert.Equal(HttpStatusCode.OK, (await Send(http, HttpMethod.Post, "/api/v2/persons")).StatusCode);
        Assert.Equal(2, server.Sent);
        Assert.Equal(10, governor.Usage.Tokens);
    }

    [Fact]
    public async Task An_answer_frees_its_slot_a_window_after_it_came_back()
    {
        var clock = new FakeTimeProvider(Start);
        var answers = new TaskCompletionSource();
        var (http, _, server) = Governed(clock, new PipedriveAllowance(1, 1, 10_000, Start.AddDays(1)), answersHeldUntil: answers.Task);

        var first = Send(http, HttpMethod.Post, "/api/v2/persons");
        var second = Send(http, HttpMethod.Post, "/api/v2/persons");
        await Task.Delay(50);
        clock.Advance(TimeSpan.FromMilliseconds(30));
        answers.SetResult();
        await first;

        // The waiting request is woken by the answer and leaves a window after it.
        await LeavesAWindowLater(clock, second);
        Assert.Equal(2, server.Sent);
    }

    private static HttpResponseMessage Remaining(int remaining, int resetSeconds)
    {
        var answer = new HttpResponseMessage(HttpStatusCode.OK);
        answer.Headers.Add("x-ratelimit-remaining", remaining.ToString(System.Globalization.CultureInfo.InvariantCulture));
        answer.Headers.Add("x-ratelimit-reset", resetSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture));
        return answer;
    }

    [Fact]
    public async Task A_window_we_filled_ourselves_frees_when_our_oldest_slot_does_not_at_the_servers_whole_second_reset()
    {
        // Burst 2: the first request at 0 s, the second at 1.5 s fills the window (remaining 0, reset in 1 s, rounded
        // up). Our own window knows the first slot frees at 2.0 s; waiting for the server's reset would idle to 2.5 s.
        var clock = new FakeTimeProvider(Start);
        var sent = 0;
        var (http, _, _) = Governed(clock, new PipedriveAllowance(2, 1, 10_000, Start.AddDays(1)), _ => Remaining(1 - sent++, 1));

        await Send(http, HttpMethod.Post, "/api/v2/persons");
        clock.Advance(TimeSpan.FromMilliseconds(1500));
        await Send(http, HttpMethod.Post, "/api/v2/persons");
        var third = Send(http, HttpMethod.Post, "/api/v2/persons");
        await Task.Delay(50);
        Assert.False(third.IsCompleted);

        clock.Advance(TimeSpan.FromMilliseconds(500));
        Assert.Same(third, await Task.WhenAny(third, Task.Delay(TimeSpan.FromSeconds(5))));
    }

    [Fact]
    public async Task A_window_another_client_filled_pauses_until_the_servers_reset()
    {
        // Burst 40 and one request of ours, yet the server says the window is full: someone else shares the token.
        var clock = new FakeTimeProvider(Start);
        var (http, _, server) = Governed(clock, new PipedriveAllowance(40, 10, 10_000, Start.AddDays(1)), _ => Remaining(0, 2));

        await Send(http, HttpMethod.Post, "/api/v2/persons");
        var next = Send(http, HttpMethod.Post, "/api/v2/persons");
        clock.Advance(TimeSpan.FromMilliseconds(1999));
        await Task.Delay(50);
        Assert.Equal(1, server.Sent);
        clock.Advance(TimeSpan.FromMilliseconds(1));
        await next;
        Assert.Equal(2, server.Sent);
    }

    [Fact]
    public async Task Search_has_its_own_window_of_ten()
    {
        var clock = new FakeTimeProvider(Start);
        var (http, _, server) = Governed(clock, new PipedriveAllowance(120, 10, 100_000, Start.AddDays(1)));

        var sends = Enumerable.Range(0, 12).Select(_ => Send(http, HttpMethod.Get, "/api/v2/persons/search")).ToList();
        await Task.Delay(50);
        Assert.Equal(10, server.Sent);
        clock.Advance(RateLimits.Window);
        await Task.WhenAll(sends);
        Assert.Equal(12, server.Sent);
    }

    [Fact]
    public async Task A_spent_allowance_is_refused_before_anything_is_sent()
    {
        var clock = new FakeTimeProvider(Start);
        var (http, governor, server) = Governed(clock, new PipedriveAllowance(40, 10, 12, Start.AddDays(1)));

        await Send(http, HttpMethod.Post, "/api/v2/persons");
        await Send(http, HttpMethod.Post, "/api/v2/persons");
        var refused = await Assert.ThrowsAsync<PipedriveBudgetExhaustedException>(() => Send(http, HttpMethod.Post, "/api/v2/persons"));

        Assert.Equal(BudgetExhaustion.AllowanceSpent, refused.Reason);
        Assert.Equal(2, server.Sent);
        Assert.Equal(10, governor.Usage.Tokens);
    }

    [Fact]
    public async Task Refused_requests_are_refunded_and_five_refused_windows_in_a_row_stop_the_client_until_the_reset()
    {
        var clock = new FakeTimeProvider(Start);
        var reset = Start.AddHours(14);
        var (http, governor, server) = Governed(clock, new PipedriveAllowance(40, 10, 10_000, reset),
            _ => new HttpResponseMessage(HttpStatusCode.TooManyRequests));

        for (var i = 0; i < PipedriveGovernor.ConsecutiveRateLimitsBeforeStop; i++)
        {
            var pending = Send(http, HttpMethod.Post, "/api/v2/persons");
            clock.Advance(RateLimits.Window);
            Assert.Equal(HttpStatusCode.TooManyRequests, (await pending).StatusCode);
        }
        var stopped = await Assert.ThrowsAsync<PipedriveBudgetExhaustedException>(() => Send(http, HttpMethod.Post, "/api/v2/persons"));

        Assert.Equal(BudgetExhaustion.ServerRefused, stopped.Reason);
        Assert.Equal(reset, stopped.Until);
        Assert.Equal(PipedriveGovernor.ConsecutiveRateLimitsBeforeStop, server.Sent);
        Assert.Equal(0, governor.Usage.Tokens);
        Assert.Equal(PipedriveGovernor.ConsecutiveRateLimitsBeforeStop, governor.Usage.RateLimited);
    }

    [Fact]
    public async Task A_round_in_flight_refused_by_one_full_window_does_not_stop_the_client()
    {
        // Eight requests of one round leave together; the server's window was already full, so all
        // eight come back 429. That is one refused window, not eight: the client waits and goes on.
        var clock = new FakeTimeProvider(Start);
        var refuse = 8;
        var gate = new TaskCompletionSource();
        var (http, governor, _) = Governed(clock, new PipedriveAllowance(40, 10, 10_000, Start.AddDays(1)),
            _ => Interlocked.Decrement(ref refuse) >= 0 ? new HttpResponseMessage(HttpStatusCode.TooManyRequests) : new HttpResponseMessage(HttpStatusCode.OK),
            gate.Task);

        var round = Enumerable.Range(0, 8).Select(_ => Send(http, HttpMethod.Post, "/api/v2/persons")).ToList();
        await Task.Delay(50);
        gate.SetResult();
        Assert.All(await Task.WhenAll(round), r => Assert.Equal(HttpStatusCode.TooManyRequests, r.StatusCode));

        clock.Advance(RateLimits.Window);
        var next = await Send(http, HttpMethod.Post, "/api/v2/persons");

        Assert.Equal(HttpStatusCode.OK, next.StatusCode);
        Assert.Equal(8, governor.Usage.RateLimited);
        Assert.Equal(5, governor.Usage.Tokens);
    }

    /// <summary>The waiting request goes out exactly one window from now, not a millisecond sooner.</summary>
    private static async Task LeavesAWindowLater(FakeTimeProvider clock, Task<HttpResponseMessage> waiting)
    {
        clock.Advance(RateLimits.Window - TimeSpan.FromMilliseconds(1));
        await Task.Delay(50);
        Assert.False(waiting.IsCompleted);
        clock.Advance(TimeSpan.FromMilliseconds(1));
        await waiting;
    }

    /// <summary>Holds every request until the gate opens, so a whole round is on its way at once.</summary>
    private sealed class Held(Task gate, HttpMessageHandler inner) : DelegatingHandler(inner)
    {
        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            await gate;
            return await base.SendAsync(request, cancellationToken);
        }
    }

    [Fact]
    public async Task After_a_429_nothing_is_sent_for_a_whole_window()
    {
        var clock = new FakeTimeProvider(Start);
        var answers = new Queue<HttpStatusCode>([HttpStatusCode.TooManyRequests, HttpStatusCode.OK]);
        var (http, _, server) = Governed(clock, new PipedriveAllowance(40, 10, 10_000, Start.AddDays(1)),
            _ => new HttpResponseMessage(answers.Dequeue()));

        await Send(http, HttpMethod.Post, "/api/v2/persons");
        var next = Send(http, HttpMethod.Post, "/api/v2/persons");
        await Task.Delay(50);
        Assert.Equal(1, server.Sent);
        clock.Advance(RateLimits.Window);
        Assert.Equal(HttpStatusCode.OK, (await next).StatusCode);
    }

    [Fact]
    public async Task An_operation_without_a_known_cost_is_never_sent()
    {
        var (http, _, server) = Governed(new FakeTimeProvider(Start), new PipedriveAllowance(40, 10, 10_000, Start.AddDays(1)));
        await Assert.ThrowsAsync<InvalidOperationException>(() => Send(http, HttpMethod.Post, "/api/v1/persons"));
        Assert.Equal(0, server.Sent);
    }

    [Theory]
    [InlineData(PipedrivePlan.Lite, 1, 0, false, 30_000, 20)]
    [InlineData(PipedrivePlan.Growth, 3, 0, false, 180_000, 40)]
    [InlineData(PipedrivePlan.Premium, 2, 5_000, false, 305_000, 100)]
    [InlineData(PipedrivePlan.Ultimate, 1, 0, true, 210_000, 480)]
    [InlineData(PipedrivePlan.Professional, 1, 0, false, 90_000, 80)]
    public void Plans_seats_and_top_ups_give_the_documented_limits(PipedrivePlan plan, int seats, long topUp, bool oauth, long daily, int burst)
    {
        var limits = new RateLimits { Plan = plan, Seats = seats, TopUpTokens = topUp, OAuth = oauth };
        Assert.Equal(daily, limits.DailyTokens);
        Assert.Equal(burst, limits.BurstPerWindow);
    }

    [Fact]
    public void The_budget_resets_at_the_servers_midnight()
    {
        var istanbul = TimeZoneInfo.FindSystemTimeZoneById("Europe/Istanbul"); // UTC+3 all year
        var limits = new RateLimits { Plan = PipedrivePlan.Lite, BudgetTimeZone = istanbul };
        var now = new DateTimeOffset(2026, 11, 28, 22, 30, 0, TimeSpan.Zero); // 01:30 on the 29th in Istanbul

        Assert.Equal(new DateOnly(2026, 11, 29), limits.BudgetDay(now));
        Assert.Equal(new DateTimeOffset(2026, 11, 29, 21, 0, 0, TimeSpan.Zero), limits.NextReset(now));
        Assert.Equal(PipedrivePlan.Premium, RateLimits.ParsePlan("Power"));
    }

    [Fact]
    public void A_daily_cap_leaves_the_rest_of_the_companys_budget_to_other_integrations()
    {
        var capped = new RateLimits { Plan = PipedrivePlan.Growth, Seats = 2, DailyTokenCap = 50_000 };
        Assert.Equal(120_000, capped.CompanyDailyTokens);
        Assert.Equal(50_000, capped.DailyTokens);
        // A cap above the budget cannot buy more than the company has.
        Assert.Equal(120_000, (capped with { DailyTokenCap = 500_000 }).DailyTokens);
    }

    [Theory]
    [InlineData("UTC+05:30", 2026, 11, 28, 18, 30)]
    [InlineData("UTC-03:00", 2026, 11, 29, 3, 0)]
    [InlineData("UTC+14", 2026, 11, 28, 10, 0)]
    public void A_measured_utc_offset_names_the_servers_midnight(string zone, int year, int month, int day, int hour, int minute)
    {
        var limits = new RateLimits { Plan = PipedrivePlan.Lite, BudgetTimeZone = RateLimits.ParseBudgetTimeZone(zone) };
        var now = new DateTimeOffset(2026, 11, 28, 9, 0, 0, TimeSpan.Zero);
        Assert.Equal(new DateTimeOffset(year, month, day, hour, minute, 0, TimeSpan.Zero), limits.NextReset(now));
    }

    [Theory]
    [InlineData("UTC+15:00")]
    [InlineData("UTC+5h")]
    [InlineData("Mars/Olympus_Mons")]
    public void An_unreadable_budget_zone_is_refused(string zone) =>
        Assert.ThrowsAny<Exception>(() => RateLimits.ParseBudgetTimeZone(zone));
}
