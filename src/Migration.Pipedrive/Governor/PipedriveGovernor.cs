using Migration.Domain.Budget;
using System.Globalization;
using System.Net;

namespace Migration.Pipedrive;

/// <summary>
/// Spends one client's allowance the way Pipedrive counts it (DESIGN §4.4): each request pays its
/// operation's token cost before it is sent, waits for a slot in the rolling 2-second burst window
/// (and in the search window for search calls), and a 429 is refunded and slows the client down.
/// After <see cref="ConsecutiveRateLimitsBeforeStop"/> refused windows in a row the governor stops
/// sending altogether (repeated 429s get an API token blocked) and answers "exhausted until the reset".
/// A window counts once: requests already in flight when a 429 came back (a round sends several at a
/// time) are refused by the same overfull window and say nothing new about the budget.
/// </summary>
public sealed class PipedriveGovernor
{
    /// <summary>
    /// Refused windows in a row before the client stops. Three were enough for a budget really spent, but a
    /// transient 429 (Pipedrive's edge, or the 5 % the fault proof injects) followed by two refused retries stopped
    /// a 5,000-user run's organizations batch until the next day; five in a row happen by chance about once in
    /// 160,000 refusals at that rate, and still send only a handful of requests into a spent budget.
    /// </summary>
    public const int ConsecutiveRateLimitsBeforeStop = 5;

    private readonly TimeProvider time;
    private readonly BurstLane lane;
    private readonly BurstLane? company;

    /// <summary>Every set of windows a request passes: its lane, then the company's when it has one.</summary>
    private readonly BurstLane[] passes;
    private long requests, tokens, retries, rateLimited, serverErrors;
    private int consecutiveRateLimits;
    private long lastRefusalTicks = long.MinValue;
    private volatile bool stopped;

    /// <summary>A governor with windows of its own (a client that lives alone).</summary>
    public PipedriveGovernor(PipedriveAllowance allowance, TimeProvider time)
        : this(allowance, BurstLane.Create(allowance.BurstPerWindow, allowance.SearchPerWindow, time), null, time)
    {
    }

    /// <summary>
    /// A governor whose windows carry over from earlier clients in the same lane, and that also passes
    /// the process-wide windows of the company, so clients with different shares in one process (a
    /// schema check beside four batches) can never add up to more than the plan allows.
    /// </summary>
    public PipedriveGovernor(PipedriveAllowance allowance, BurstLane lane, BurstLane? company, TimeProvider time)
    {
        Allowance = allowance;
        this.time = time;
        this.lane = lane;
        this.company = company;
        passes = company is null ? [lane] : [lane, company];
    }

    public PipedriveAllowance Allowance { get; }

    /// <summary>True once Pipedrive refused <see cref="ConsecutiveRateLimitsBeforeStop"/> windows in a row.</summary>
    public bool IsStopped => stopped;

    public ApiUsage Usage => new(
        Interlocked.Read(ref requests), Interlocked.Read(ref tokens), Interlocked.Read(ref retries),
        Interlocked.Read(ref rateLimited), Interlocked.Read(ref serverErrors));

    /// <summary>Tokens still allowed to this client.</summary>
    public long TokensLeft => Allowance.Tokens - Interlocked.Read(ref tokens);

    public void CountRetry() => Interlocked.Increment(ref retries);

    /// <summary>Pays for the request and waits for its slot; returns what it paid and when it left.</summary>
    public async Task<GovernedSend> BeforeSendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (stopped)
            throw Exhausted(BudgetExhaustion.ServerRefused);
        var path = request.RequestUri?.AbsolutePath ?? "";
        var cost = TokenCosts.For(request.Method, path)
            ?? throw new InvalidOperationException($"{request.Method} {path} has no token cost in TokenCosts; price it before calling it.");
        if (Interlocked.Add(ref tokens, cost) > Allowance.Tokens)
        {
            Interlocked.Add(ref tokens, -cost);
            throw Exhausted(BudgetExhaustion.AllowanceSpent);
        }

        var searching = TokenCosts.IsSearch(path);
        var held = new List<(RollingWindow, WindowSlot)>(4);
        try
        {
            foreach (var windows in passes)
            {
                held.Add((windows.Burst, await windows.Burst.EnterAsync(cancellationToken).ConfigureAwait(false)));
                if (searching)
                    held.Add((windows.Search, await windows.Search.EnterAsync(cancellationToken).ConfigureAwait(false)));
            }
        }
        catch (OperationCanceledException)
        {
            // Cancelled while waiting for a slot: nothing was sent, so nothing is paid and no slot is held.
            Interlocked.Add(ref tokens, -cost);
            Release(held, time.GetUtcNow());
            throw;
        }
        Interlocked.Increment(ref requests);
        return new GovernedSend(cost, time.GetUtcNow().UtcTicks, held, searching);
    }

    /// <summary>Learns from the answer: refunds a refusal, follows the server's view of the window.</summary>
    public void AfterResponse(HttpResponseMessage response, GovernedSend send)
    {
        var now = time.GetUtcNow();
        Release(send.Slots, now);
        if (response.StatusCode == HttpStatusCode.TooManyRequests)
        {
            // Refused requests are not charged; wait at least a whole window before the next one.
            Interlocked.Add(ref tokens, -send.Cost);
            Interlocked.Increment(ref rateLimited);
            var pause = now + Max(RateLimits.Window, ResetIn(response));
            foreach (var windows in passes)
                windows.PauseUntil(pause);
            if (!NewRefusedWindow(send.SentAtTicks, now.UtcTicks))
                return;
            if (Interlocked.Increment(ref consecutiveRateLimits) >= ConsecutiveRateLimitsBeforeStop)
                stopped = true;
            return;
        }

        Interlocked.Exchange(ref consecutiveRateLimits, 0);
        if ((int)response.StatusCode >= 500)
            Interlocked.Increment(ref serverErrors);
        // The server's count of the window this request was counted in (the search window for a search).
        var whole = company ?? lane;
        if (Header(response, "x-ratelimit-remaining") == 0 && !(send.Searching ? whole.Search : whole.Burst).IsFull)
        {
            // Our own window has room, so another client shares this token and filled it: honour the server's
            // count until its reset. When our window is full too, it was us, and our window already knows to the
            // millisecond when the next slot frees; the reset, in whole seconds, would idle up to a second.
            var pause = now + ResetIn(response);
            foreach (var windows in passes)
                (send.Searching ? windows.Search : windows.Burst).PauseUntil(pause);
        }
    }

    /// <summary>
    /// True when the request left after the last counted refusal came back, so its 429 is a window of
    /// its own; false when it was already on its way and shares that refusal's window.
    /// </summary>
    private bool NewRefusedWindow(long sentAtTicks, long nowTicks)
    {
        while (true)
        {
            var last = Interlocked.Read(ref lastRefusalTicks);
            if (sentAtTicks <= last)
                return false;
            if (Interlocked.CompareExchange(ref lastRefusalTicks, nowTicks, last) == last)
                return true;
        }
    }

    /// <summary>No answer came back (network fault, timeout): the request may have been counted, so it stays paid.</summary>
    public void AfterNoResponse(GovernedSend send, bool counted = true)
    {
        Release(send.Slots, time.GetUtcNow());
        if (counted)
            Interlocked.Increment(ref serverErrors);
    }

    private static void Release(IReadOnlyList<(RollingWindow Window, WindowSlot Slot)> slots, DateTimeOffset at)
    {
        foreach (var (window, slot) in slots)
            window.Settle(slot, at);
    }

    private PipedriveBudgetExhaustedException Exhausted(BudgetExhaustion reason) => new(reason,
        reason == BudgetExhaustion.ServerRefused ? Allowance.BudgetResetsAt : time.GetUtcNow(),
        reason == BudgetExhaustion.ServerRefused
            ? $"Pipedrive refused {ConsecutiveRateLimitsBeforeStop} windows in a row: the company's daily token budget looks spent; waiting until {Allowance.BudgetResetsAt:u}."
            : $"This worker's share of today's tokens ({Allowance.Tokens}) is used.");

    private static TimeSpan ResetIn(HttpResponseMessage response) =>
        Header(response, "x-ratelimit-reset") is { } seconds and > 0 ? TimeSpan.FromSeconds(seconds) : RateLimits.Window;

    private static long? Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values)
        && long.TryParse(values.FirstOrDefault(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) ? value : null;

    private static TimeSpan Max(TimeSpan a, TimeSpan b) => a > b ? a : b;
}

/// <summary>What a request paid, when it left (UTC ticks) and the window slots it holds, for the governor to settle by its answer.</summary>
public readonly record struct GovernedSend(int Cost, long SentAtTicks, IReadOnlyList<(RollingWindow Window, WindowSlot Slot)> Slots, bool Searching);

/// <summary>
/// The burst and search windows of one lane. Pipedrive's window is rolling, so a client that takes
/// over a lane must see what the lane's previous client sent in the last two seconds; lanes therefore
/// outlive clients (one per company, lane and share, in <see cref="PipedriveClientFactory"/>).
/// </summary>
public sealed record BurstLane(RollingWindow Burst, RollingWindow Search)
{
    public static BurstLane Create(int burstPerWindow, int searchPerWindow, TimeProvider time) => new(
        new RollingWindow(Math.Max(1, burstPerWindow), RateLimits.Window, time),
        new RollingWindow(Math.Max(1, searchPerWindow), RateLimits.Window, time));

    public void PauseUntil(DateTimeOffset until)
    {
        Burst.PauseUntil(until);
        Search.PauseUntil(until);
    }
}

/// <summary>Puts every request of one client through its <see cref="PipedriveGovernor"/>.</summary>
public sealed class PipedriveGovernorHandler(PipedriveGovernor governor) : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var send = await governor.BeforeSendAsync(request, cancellationToken).ConfigureAwait(false);
        HttpResponseMessage response;
        try
        {
            response = await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e)
        {
            governor.AfterNoResponse(send, counted: e is HttpRequestException or TaskCanceledException);
            throw;
        }
        governor.AfterResponse(response, send);
        return response;
    }
}
