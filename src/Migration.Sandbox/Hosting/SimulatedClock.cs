namespace Migration.Sandbox.Hosting;

/// <summary>
/// A clock that runs <c>scale</c> times faster than the one under it and can be moved forward on demand, so a
/// demo or benchmark can live through a day's token budget in minutes. Timers scale too: a 2-second wait on this
/// clock takes 2/scale real seconds, so everything that waits on it (latency, windows) speeds up together.
/// </summary>
public sealed class SimulatedClock : TimeProvider
{
    private readonly TimeProvider inner;
    private readonly DateTimeOffset origin;
    private readonly long originTimestamp;
    private long offsetTicks;

    public SimulatedClock(TimeProvider inner, double scale)
    {
        ArgumentNullException.ThrowIfNull(inner);
        if (!double.IsFinite(scale) || scale <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(scale), scale, "the time scale must be a positive number");
        }

        this.inner = inner;
        Scale = scale;
        origin = inner.GetUtcNow();
        originTimestamp = inner.GetTimestamp();
    }

    /// <summary>Simulated seconds per real second.</summary>
    public double Scale { get; }

    /// <summary>How far <see cref="Advance"/> has moved this clock ahead of the scaled one.</summary>
    public TimeSpan Offset => TimeSpan.FromTicks(Interlocked.Read(ref offsetTicks));

    public override TimeZoneInfo LocalTimeZone => TimeZoneInfo.Utc;

    public override long TimestampFrequency => TimeSpan.TicksPerSecond;

    public override DateTimeOffset GetUtcNow() => origin + Elapsed() + Offset;

    public override long GetTimestamp() => (Elapsed() + Offset).Ticks;

    /// <summary>Jumps forward (never back: windows and budgets assume time does not reverse).</summary>
    public void Advance(TimeSpan delta)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(delta, TimeSpan.Zero);
        Interlocked.Add(ref offsetTicks, delta.Ticks);
    }

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period) =>
        inner.CreateTimer(callback, state, Shrink(dueTime), Shrink(period));

    private TimeSpan Elapsed() => TimeSpan.FromTicks((long)(inner.GetElapsedTime(originTimestamp).Ticks * Scale));

    // Infinite stays infinite; anything else runs 1/scale as long in real time.
    private TimeSpan Shrink(TimeSpan span) =>
        span == Timeout.InfiniteTimeSpan || span <= TimeSpan.Zero ? span : TimeSpan.FromTicks(Math.Max(1, (long)(span.Ticks / Scale)));
}
