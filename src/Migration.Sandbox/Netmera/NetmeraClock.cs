namespace Migration.Sandbox.Netmera;

/// <summary>
/// The simulator's default clock: it starts at the dataset's as-of instant and runs in real time from there, so
/// "the last two weeks" (getPushResult's default window) holds the dataset's newest campaigns, and quota minutes pass
/// as real minutes. Tests that need to move time supply their own <see cref="TimeProvider"/> instead.
/// </summary>
internal sealed class NetmeraClock(TimeProvider inner, DateTimeOffset start) : TimeProvider
{
    private readonly long started = inner.GetTimestamp();

    public override TimeZoneInfo LocalTimeZone => TimeZoneInfo.Utc;

    public override long TimestampFrequency => inner.TimestampFrequency;

    public override long GetTimestamp() => inner.GetTimestamp();

    public override DateTimeOffset GetUtcNow() => start + inner.GetElapsedTime(started);

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period) =>
        inner.CreateTimer(callback, state, dueTime, period);
}
