using Migration.Sandbox.Dataset;

namespace Migration.Sandbox.Netmera;

/// <summary>The knobs of <see cref="NetmeraFaults"/> plus latency, changeable at run time; counts what it injected.</summary>
internal sealed class NetmeraFaultInjector
{
    private readonly Lock gate = new();
    private readonly int defaultSeed;
    private NetmeraFaults faults;
    private TimeSpan latency;
    private DeterministicRandom draws;
    private long injected;

    public NetmeraFaultInjector(NetmeraFaults faults, TimeSpan latency, int defaultSeed)
    {
        Validate(faults, latency);
        this.defaultSeed = defaultSeed;
        this.faults = faults;
        this.latency = latency;
        draws = Seeded(faults, defaultSeed);
    }

    public TimeSpan Latency
    {
        get
        {
            lock (gate)
            {
                return latency;
            }
        }
    }

    public static void Validate(NetmeraFaults faults, TimeSpan latency)
    {
        ArgumentNullException.ThrowIfNull(faults);
        if (!double.IsFinite(faults.ServerErrorShare) || faults.ServerErrorShare is < 0 or > 1)
        {
            throw new ArgumentOutOfRangeException(nameof(faults), faults.ServerErrorShare, "ServerErrorShare must be within 0..1");
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(latency, TimeSpan.Zero);
    }

    public void Configure(NetmeraFaults knobs, TimeSpan newLatency)
    {
        Validate(knobs, newLatency);
        lock (gate)
        {
            faults = knobs;
            latency = newLatency;
            draws = Seeded(knobs, defaultSeed);
        }
    }

    /// <summary>The status to answer instead of the real one (500 or 503), or null to go on.</summary>
    public int? Draw()
    {
        lock (gate)
        {
            if (faults.ServerErrorShare <= 0 || !draws.Chance(faults.ServerErrorShare))
            {
                return null;
            }

            injected++;
            return draws.Next(3) < 2 ? StatusCodes.Status500InternalServerError : StatusCodes.Status503ServiceUnavailable;
        }
    }

    public FaultState State()
    {
        lock (gate)
        {
            return new FaultState(faults.ServerErrorShare, faults.Seed ?? defaultSeed, (long)latency.TotalMilliseconds, injected);
        }
    }

    private static DeterministicRandom Seeded(NetmeraFaults faults, int defaultSeed) =>
        DeterministicRandom.For(faults.Seed ?? defaultSeed, -77);
}

/// <summary>What <c>/_sandbox/faults</c> shows.</summary>
internal sealed record FaultState(double ServerErrorShare, int Seed, long LatencyMs, long ServerErrorsInjected);
