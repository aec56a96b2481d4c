using Migration.Sandbox.Dataset;
using Migration.Sandbox.Hosting;

namespace Migration.Sandbox.Pipedrive;

internal enum FaultKind
{
    None,
    ServerError,
    TooManyRequests,
    CommitThenFail,
}

/// <summary>What happens to one request: nothing, an answer instead of the API's, or a lost answer after the write.</summary>
internal sealed record FaultDecision(FaultKind Kind, int Status = 0, bool DropConnection = false)
{
    public static readonly FaultDecision None = new(FaultKind.None);
}

/// <summary>
/// The fault knobs and their seeded draws. One draw per vendor request decides its fate (see
/// <see cref="PipedriveFaults"/>); the knobs and the added latency can be changed while the simulator runs.
/// </summary>
internal sealed class FaultInjector
{
    private static readonly int[] ServerErrors = [StatusCodes.Status500InternalServerError, StatusCodes.Status502BadGateway, StatusCodes.Status503ServiceUnavailable];

    private readonly Lock gate = new();
    private readonly int defaultSeed;
    private PipedriveFaults faults;
    private TimeSpan latency;
    private DeterministicRandom draws;
    private long serverErrors;
    private long tooManyRequests;
    private long commitThenFailErrors;
    private long commitThenFailDropped;

    public FaultInjector(PipedriveFaults faults, TimeSpan latency, int defaultSeed)
    {
        this.defaultSeed = defaultSeed;
        this.faults = faults;
        this.latency = latency;
        draws = Seeded(faults);
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

    /// <summary>New knobs (and a fresh generator from their seed); counters keep counting.</summary>
    public void Configure(PipedriveFaults knobs, TimeSpan? newLatency)
    {
        lock (gate)
        {
            faults = knobs;
            latency = newLatency ?? latency;
            draws = Seeded(knobs);
        }
    }

    public FaultDecision Draw(SimulatedOperation operation)
    {
        lock (gate)
        {
            var roll = draws.NextDouble();
            if (roll < faults.ServerErrorShare)
            {
                serverErrors++;
                return new FaultDecision(FaultKind.ServerError, ServerErrors[draws.Next(ServerErrors.Length)]);
            }

            roll -= faults.ServerErrorShare;
            if (roll < faults.TooManyRequestsShare)
            {
                tooManyRequests++;
                return new FaultDecision(FaultKind.TooManyRequests, StatusCodes.Status429TooManyRequests);
            }

            roll -= faults.TooManyRequestsShare;
            if (operation.IsWrite && roll < faults.CommitThenFailShare)
            {
                var drop = draws.NextDouble() < faults.CommitThenFailDropShare;
                return new FaultDecision(FaultKind.CommitThenFail, ServerErrors[draws.Next(ServerErrors.Length)], drop);
            }

            return FaultDecision.None;
        }
    }

    /// <summary>Counted when the write really landed and its answer was then lost, not when the draw was made.</summary>
    public void CountCommitThenFail(bool dropped)
    {
        lock (gate)
        {
            if (dropped)
            {
                commitThenFailDropped++;
            }
            else
            {
                commitThenFailErrors++;
            }
        }
    }

    public FaultUsage Usage()
    {
        lock (gate)
        {
            return new FaultUsage(
                new FaultKnobs(faults.ServerErrorShare, faults.TooManyRequestsShare, faults.CommitThenFailShare, faults.CommitThenFailDropShare,
                    faults.Seed ?? defaultSeed, latency.TotalMilliseconds),
                new FaultCounts(serverErrors, tooManyRequests, commitThenFailErrors, commitThenFailDropped));
        }
    }

    /// <summary>Counters to zero and the generator back to its seed; the knobs stay.</summary>
    public void Reset()
    {
        lock (gate)
        {
            draws = Seeded(faults);
            serverErrors = tooManyRequests = commitThenFailErrors = commitThenFailDropped = 0;
        }
    }

    private DeterministicRandom Seeded(PipedriveFaults knobs) => DeterministicRandom.For(knobs.Seed ?? defaultSeed, 0xFA17);
}

internal sealed record FaultKnobs(
    double ServerErrorShare,
    double TooManyRequestsShare,
    double CommitThenFailShare,
    double CommitThenFailDropShare,
    int Seed,
    double LatencyMs);

internal sealed record FaultCounts(long ServerErrors, long TooManyRequests, long CommitThenFailServerErrors, long CommitThenFailDropped);

internal sealed record FaultUsage(FaultKnobs Knobs, FaultCounts Injected);
