namespace Migration.Sandbox.Netmera;

/// <summary>What <c>/_sandbox/quota</c> shows: the knob, the current window and what was refused so far.</summary>
internal sealed record QuotaState(int QuotaPerMinute, DateTimeOffset WindowStart, DateTimeOffset WindowEnd, int UsedInWindow, long Refused);

/// <summary>
/// Netmera's "service usage quota" (error 5022) as requests per minute per API key. Netmera publishes no numbers, so the
/// knob is ours: fixed windows on whole minutes of the simulator's clock (a client that waits for the next minute gets
/// through), counted for requests that passed the key check; refused requests do not count.
/// </summary>
internal sealed class NetmeraQuota(TimeProvider clock, int quotaPerMinute)
{
    private readonly Lock gate = new();
    private int perMinute = quotaPerMinute;
    private long window = long.MinValue;
    private int used;
    private long refused;

    /// <summary>False when the request goes over this minute's quota (and is then not counted as used).</summary>
    public bool TryTake()
    {
        lock (gate)
        {
            Roll();
            if (perMinute > 0 && used >= perMinute)
            {
                refused++;
                return false;
            }

            used++;
            return true;
        }
    }

    /// <summary>A new quota starts a fresh window; 0 lifts it.</summary>
    public QuotaState Configure(int newPerMinute)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(newPerMinute);
        lock (gate)
        {
            perMinute = newPerMinute;
            used = 0;
            window = CurrentWindow();
            return StateLocked();
        }
    }

    public QuotaState State()
    {
        lock (gate)
        {
            Roll();
            return StateLocked();
        }
    }

    private QuotaState StateLocked()
    {
        var start = DateTimeOffset.FromUnixTimeMilliseconds(window * 60_000);
        return new QuotaState(perMinute, start, start.AddMinutes(1), used, refused);
    }

    private void Roll()
    {
        var current = CurrentWindow();
        if (current != window)
        {
            window = current;
            used = 0;
        }
    }

    private long CurrentWindow() => Math.DivRem(clock.GetUtcNow().ToUnixTimeMilliseconds(), 60_000, out var rest) - (rest < 0 ? 1 : 0);
}
