using Migration.Sandbox.Hosting;
using Migration.Sandbox.Pipedrive;

namespace Migration.Sandbox;

/// <summary>
/// A Pipedrive simulator (v2, plus the v1 operations v2 lacks) for one company on 127.0.0.1, with Pipedrive's
/// token costs, burst windows, daily budget, plan caps and optional faults.
/// <code>await using var pipedrive = await PipedriveSimulator.StartAsync(new PipedriveSimulatorOptions { Seed = 7 }, ct);</code>
/// </summary>
public sealed class PipedriveSimulator : IAsyncDisposable
{
    private readonly WebApplication app;

    private PipedriveSimulator(WebApplication app, Uri baseAddress, TimeProvider clock)
    {
        this.app = app;
        BaseAddress = baseAddress;
        Clock = clock;
    }

    /// <summary>Every vendor operation the simulator implements, with its spec path template and x-token-cost.</summary>
    public static IReadOnlyList<SimulatedOperation> Operations => PipedriveOperations.All;

    /// <summary>e.g. <c>http://127.0.0.1:50124</c>; the APIs are under <c>/api/v2/</c> and <c>/api/v1/</c>.</summary>
    public Uri BaseAddress { get; }

    /// <summary>The clock the simulator runs on: the caller's, or its own <see cref="SimulatedClock"/>.</summary>
    public TimeProvider Clock { get; }

    public static async Task<PipedriveSimulator> StartAsync(PipedriveSimulatorOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentException.ThrowIfNullOrEmpty(options.ApiToken);
        ArgumentNullException.ThrowIfNull(options.Clock);
        ArgumentNullException.ThrowIfNull(options.BudgetTimeZone);
        ArgumentNullException.ThrowIfNull(options.Faults);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.Seats, 1);
        ArgumentOutOfRangeException.ThrowIfNegative(options.TopUpTokens);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.BlockAfterConsecutive429, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.BlockDuration, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.Latency, TimeSpan.Zero);
        if (options.Faults.Problem() is { } problem)
        {
            throw new ArgumentException(problem, nameof(options));
        }

        // The caller's clock is theirs to move; only the simulator's own clock is scaled and advanced.
        var ownsClock = ReferenceEquals(options.Clock, TimeProvider.System);
        if (!ownsClock && options.TimeScale != 1)
        {
            throw new ArgumentException("TimeScale applies to the simulator's own clock; leave Clock at TimeProvider.System to use it", nameof(options));
        }

        TimeProvider clock = ownsClock ? new SimulatedClock(TimeProvider.System, options.TimeScale) : options.Clock;
        var account = new PipedriveAccount(options.Seed, clock, options.Plan, options.Seats);
        var tally = new RequestTally();
        var budget = new TokenBudget(options, clock);
        var faults = new FaultInjector(options.Faults, options.Latency, options.Seed);

        var builder = SimulatorHost.CreateBuilder("Migration.Sandbox.Pipedrive", options.Port);
        var app = builder.Build();
        app.UsePipedrivePipeline(new CredentialGate(options.ApiToken, tally), new FaultInjection(faults, clock), new RateLimiting(budget));
        app.MapPipedrive(account);
        app.MapSandboxAdmin(account, tally, budget, faults, clock);

        try
        {
            var baseAddress = await SimulatorHost.StartAsync(app, cancellationToken).ConfigureAwait(false);
            return new PipedriveSimulator(app, baseAddress, clock);
        }
        catch
        {
            await app.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync().ConfigureAwait(false);
        await app.DisposeAsync().ConfigureAwait(false);
    }
}
