using System.Globalization;
using Migration.Sandbox.Hosting;

namespace Migration.Sandbox.Pipedrive;

internal enum CredentialKind
{
    ApiToken,
    OAuth,
}

/// <summary>
/// Who is calling, as the limits see it: burst windows are per token (RL), and an OAuth bearer token is a
/// different credential from the same string sent as an API token. Identified by a short fingerprint so
/// /_sandbox/usage never echoes a token.
/// </summary>
internal sealed record Credential(CredentialKind Kind, string Fingerprint)
{
    public string Label => $"{(Kind == CredentialKind.OAuth ? "oauth" : "api_token")}:{Fingerprint}";
}

internal enum AdmissionOutcome
{
    Allowed,
    TooManyRequests,
    Blocked,
}

internal enum RefusalReason
{
    Burst,
    Search,
    DailyBudget,
}

/// <summary>
/// What the rate-limit headers say: the window that applies to this request, and for API-token requests the
/// POST/PUT fair-use count (pipedrive-api.md §10).
/// </summary>
internal sealed record RateLimitHeaders(int Limit, int Remaining, int ResetSeconds, int? DailyRequestsLeft);

internal sealed record Admission(AdmissionOutcome Outcome, RefusalReason? Reason, RateLimitHeaders? Headers);

/// <summary>
/// Pipedrive's token-based limits for one company: every admitted request pays its operation's x-token-cost from
/// the daily budget (30,000 × plan multiplier × seats + top-ups, reset at midnight in the configured zone), and
/// stays inside its token's rolling 2-second window (plan burst, ×4 for OAuth; search operations also 10 per
/// window). Refused requests cost nothing and take no window slot. A token that keeps sending into 429s is
/// blocked for a while. All time comes from the simulator's clock.
/// </summary>
internal sealed class TokenBudget
{
    private readonly Lock gate = new();
    private readonly PipedriveSimulatorOptions options;
    private readonly TimeProvider clock;
    private readonly PlanLimits plan;
    private readonly Dictionary<Credential, CredentialState> credentials = [];
    private readonly Dictionary<RefusalReason, long> refusals = [];
    private long spentToday;
    private DateOnly budgetDay;
    private long blockedRefusals;

    public TokenBudget(PipedriveSimulatorOptions options, TimeProvider clock)
    {
        this.options = options;
        this.clock = clock;
        plan = PlanLimits.For(options.Plan);
        budgetDay = LocalDay(clock.GetUtcNow());
    }

    public long DailyBudget => plan.DailyBudget(options.Seats, options.TopUpTokens);

    /// <summary>Admits or refuses one vendor request, charging it when admitted.</summary>
    public Admission Admit(Credential credential, SimulatedOperation operation)
    {
        lock (gate)
        {
            var now = clock.GetUtcNow();
            RollDay(now);
            var state = State(credential);
            state.Prune(now);

            if (state.BlockedUntil is { } until)
            {
                if (until > now)
                {
                    blockedRefusals++;
                    return new Admission(AdmissionOutcome.Blocked, null, null);
                }

                state.BlockedUntil = null;
                state.Consecutive429 = 0;
            }

            var burst = plan.BurstPerWindow * (credential.Kind == CredentialKind.OAuth ? PlanLimits.OAuthBurstFactor : 1);
            if (options.EnforceRateLimits)
            {
                RefusalReason? reason =
                    spentToday + operation.TokenCost > DailyBudget ? RefusalReason.DailyBudget
                    : state.Window.Count >= burst ? RefusalReason.Burst
                    : operation.IsSearch && state.SearchWindow.Count >= PlanLimits.SearchPerWindow ? RefusalReason.Search
                    : null;
                if (reason is { } refused)
                {
                    refusals[refused] = refusals.GetValueOrDefault(refused) + 1;
                    state.Consecutive429++;
                    if (state.Consecutive429 >= options.BlockAfterConsecutive429)
                    {
                        state.BlockedUntil = now + options.BlockDuration;
                    }

                    return new Admission(AdmissionOutcome.TooManyRequests, refused, Headers(state, credential, operation, burst, now));
                }
            }

            state.Window.Enqueue(now);
            if (operation.IsSearch)
            {
                state.SearchWindow.Enqueue(now);
            }

            spentToday += operation.TokenCost;
            state.Consecutive429 = 0;
            state.Requests++;
            if (operation.Method is "POST" or "PUT")
            {
                state.CountPostPut(now);
            }

            return new Admission(AdmissionOutcome.Allowed, null, options.EnforceRateLimits ? Headers(state, credential, operation, burst, now) : null);
        }
    }

    public void Reset()
    {
        lock (gate)
        {
            credentials.Clear();
            refusals.Clear();
            spentToday = 0;
            blockedRefusals = 0;
            budgetDay = LocalDay(clock.GetUtcNow());
        }
    }

    public BudgetUsage Usage()
    {
        lock (gate)
        {
            var now = clock.GetUtcNow();
            RollDay(now);
            var tokens = credentials.OrderBy(c => c.Key.Label, StringComparer.Ordinal).Select(pair =>
            {
                var (credential, state) = pair;
                state.Prune(now);
                var burst = plan.BurstPerWindow * (credential.Kind == CredentialKind.OAuth ? PlanLimits.OAuthBurstFactor : 1);
                return new TokenUsage(
                    credential.Label,
                    credential.Kind == CredentialKind.OAuth ? "oauth" : "apiToken",
                    state.Requests,
                    state.Window.Count,
                    state.SearchWindow.Count,
                    burst,
                    state.Consecutive429,
                    state.BlockedUntil > now ? state.BlockedUntil : null,
                    credential.Kind == CredentialKind.ApiToken ? state.PostPutLeft(now) : null);
            }).ToList();

            return new BudgetUsage(
                options.Plan.ToString(),
                options.Seats,
                options.TopUpTokens,
                options.EnforceRateLimits,
                options.BudgetTimeZone.Id,
                now,
                DailyBudget,
                spentToday,
                Math.Max(0, DailyBudget - spentToday),
                budgetDay.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
                NextReset(now),
                new RefusalCounts(
                    refusals.GetValueOrDefault(RefusalReason.Burst),
                    refusals.GetValueOrDefault(RefusalReason.Search),
                    refusals.GetValueOrDefault(RefusalReason.DailyBudget),
                    refusals.Values.Sum()),
                blockedRefusals,
                [.. tokens.Where(t => t.BlockedUntil is not null).Select(t => t.Credential)],
                tokens);
        }
    }

    /// <summary>The next midnight in the budget's zone, as an instant.</summary>
    public DateTimeOffset NextReset(DateTimeOffset now)
    {
        var zone = options.BudgetTimeZone;
        var tomorrow = LocalDay(now).AddDays(1).ToDateTime(TimeOnly.MinValue, DateTimeKind.Unspecified);

        // A midnight skipped by a DST change is not a valid local time; the first valid minute after it is.
        while (zone.IsInvalidTime(tomorrow))
        {
            tomorrow = tomorrow.AddMinutes(1);
        }

        return new DateTimeOffset(tomorrow, zone.GetUtcOffset(tomorrow)).ToUniversalTime();
    }

    private RateLimitHeaders Headers(CredentialState state, Credential credential, SimulatedOperation operation, int burst, DateTimeOffset now)
    {
        // A search request reports the search window: it is the one that binds it.
        var (window, limit) = operation.IsSearch ? (state.SearchWindow, PlanLimits.SearchPerWindow) : (state.Window, burst);
        var reset = window.TryPeek(out var oldest) ? (int)Math.Ceiling((oldest + PlanLimits.Window - now).TotalSeconds) : 0;
        return new RateLimitHeaders(limit, Math.Max(0, limit - window.Count), Math.Max(0, reset), credential.Kind == CredentialKind.ApiToken ? state.PostPutLeft(now) : null);
    }

    private CredentialState State(Credential credential)
    {
        if (!credentials.TryGetValue(credential, out var state))
        {
            credentials[credential] = state = new CredentialState();
        }

        return state;
    }

    private void RollDay(DateTimeOffset now)
    {
        var today = LocalDay(now);
        if (today != budgetDay)
        {
            budgetDay = today;
            spentToday = 0;
        }
    }

    private DateOnly LocalDay(DateTimeOffset now) => DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(now, options.BudgetTimeZone).DateTime);

    /// <summary>One token's windows and standing; only touched under the budget's lock.</summary>
    private sealed class CredentialState
    {
        private DateOnly postPutDay;
        private int postPutUsed;

        public Queue<DateTimeOffset> Window { get; } = new();

        public Queue<DateTimeOffset> SearchWindow { get; } = new();

        public int Consecutive429 { get; set; }

        public DateTimeOffset? BlockedUntil { get; set; }

        public long Requests { get; set; }

        /// <summary>A request stays in the window for 2 seconds after it was admitted.</summary>
        public void Prune(DateTimeOffset now)
        {
            foreach (var queue in new[] { Window, SearchWindow })
            {
                while (queue.TryPeek(out var oldest) && oldest + PlanLimits.Window <= now)
                {
                    queue.Dequeue();
                }
            }
        }

        /// <summary>The fair-use count is per UTC day, whatever zone the token budget uses (RL).</summary>
        public void CountPostPut(DateTimeOffset now)
        {
            RollPostPut(now);
            postPutUsed++;
        }

        public int PostPutLeft(DateTimeOffset now)
        {
            RollPostPut(now);
            return Math.Max(0, PlanLimits.DailyPostPutPerUser - postPutUsed);
        }

        private void RollPostPut(DateTimeOffset now)
        {
            var today = DateOnly.FromDateTime(now.UtcDateTime);
            if (today != postPutDay)
            {
                postPutDay = today;
                postPutUsed = 0;
            }
        }
    }
}

internal sealed record RefusalCounts(long Burst, long Search, long DailyBudget, long Total);

internal sealed record TokenUsage(
    string Credential,
    string Kind,
    long Requests,
    int RequestsInWindow,
    int SearchRequestsInWindow,
    int BurstLimit,
    int Consecutive429,
    DateTimeOffset? BlockedUntil,
    int? PostPutRequestsLeftToday);

internal sealed record BudgetUsage(
    string Plan,
    int Seats,
    long TopUpTokens,
    bool RateLimitsEnforced,
    string BudgetTimeZone,
    DateTimeOffset Now,
    long DailyBudget,
    long TokensSpentToday,
    long TokensLeftToday,
    string BudgetDay,
    DateTimeOffset NextBudgetReset,
    RefusalCounts TooManyRequests,
    long BlockedRefusals,
    IReadOnlyList<string> BlockedTokens,
    IReadOnlyList<TokenUsage> Tokens);
