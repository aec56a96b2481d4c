namespace Migration.Sandbox;

/// <summary>How a Pipedrive simulator is started.</summary>
public sealed record PipedriveSimulatorOptions
{
    /// <summary>The token clients must send (<c>x-api-token</c>, <c>api_token</c>, or as an OAuth bearer token).</summary>
    public string ApiToken { get; init; } = "sandbox-pipedrive-token";

    /// <summary>TCP port on 127.0.0.1; 0 picks a free one.</summary>
    public int Port { get; init; }

    /// <summary>Seeds the account-specific values (custom field keys, label ids, user ids): same seed, same keys.</summary>
    public int Seed { get; init; } = 42;

    /// <summary>
    /// Clock for add_time / update_time, the burst window, the daily budget and the block time; tests may
    /// substitute a fake one. When left at <see cref="TimeProvider.System"/> the simulator runs its own
    /// <see cref="Hosting.SimulatedClock"/> (scaled by <see cref="TimeScale"/>, movable through /_sandbox/clock/advance).
    /// </summary>
    public TimeProvider Clock { get; init; } = TimeProvider.System;

    /// <summary>Simulated seconds per real second for the simulator's own clock; only with the system clock.</summary>
    public double TimeScale { get; init; } = 1;

    /// <summary>
    /// Added to every vendor call before it is answered, as a real account's round trip would be.
    /// Zero by default; the durability tests use it to keep a run in flight long enough to kill a host.
    /// Measured on <see cref="Clock"/>: with a fake clock it only passes when the test advances it.
    /// </summary>
    public TimeSpan Latency { get; init; }

    /// <summary>Sets the burst limit, the daily token multiplier and the caps on custom fields and deals.</summary>
    public PipedriveSimulatorPlan Plan { get; init; } = PipedriveSimulatorPlan.Ultimate;

    /// <summary>Paid seats: the daily budget and the deal cap scale with them.</summary>
    public int Seats { get; init; } = 1;

    /// <summary>Purchased tokens added to each day's budget.</summary>
    public long TopUpTokens { get; init; }

    /// <summary>
    /// Refuse requests over the burst window, the search window or the daily budget with 429 (and block a token
    /// that keeps going with an HTML 403), sending the rate-limit headers. Off by default so tests that are not
    /// about limits run at full speed; token spending is counted either way (/_sandbox/usage).
    /// </summary>
    public bool EnforceRateLimits { get; init; }

    /// <summary>The daily budget resets at midnight here; Pipedrive says "the server's timezone" and names none.</summary>
    public TimeZoneInfo BudgetTimeZone { get; init; } = TimeZoneInfo.Utc;

    /// <summary>After this many 429s in a row to one token, further requests get the HTML 403 block page.</summary>
    public int BlockAfterConsecutive429 { get; init; } = 20;

    /// <summary>How long a blocked token stays blocked.</summary>
    public TimeSpan BlockDuration { get; init; } = TimeSpan.FromMinutes(10);

    /// <summary>Injected 5xx, 429 and commit-then-fail; none by default. Can be changed at run time (POST /_sandbox/faults).</summary>
    public PipedriveFaults Faults { get; init; } = PipedriveFaults.None;
}
