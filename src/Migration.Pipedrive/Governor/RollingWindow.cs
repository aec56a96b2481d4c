namespace Migration.Pipedrive;

/// <summary>
/// At most <c>limit</c> requests in any rolling window: a log of send times, and a wait until the
/// oldest leaves the window when it is full. Exact rather than bucketed, because Pipedrive counts a
/// rolling 2-second window and a bucket boundary would let twice the limit through.
/// </summary>
public sealed class RollingWindow(int limit, TimeSpan window, TimeProvider time)
{
    private readonly Queue<DateTimeOffset> sent = new();
    private readonly SemaphoreSlim gate = new(1, 1);
    private DateTimeOffset pausedUntil = DateTimeOffset.MinValue;

    public int Limit => limit;

    /// <summary>Waits until one more request fits, then counts it as sent now.</summary>
    public async Task EnterAsync(CancellationToken cancellationToken)
    {
        await gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            while (true)
            {
                var now = time.GetUtcNow();
                while (sent.Count > 0 && now - sent.Peek() >= window)
                    sent.Dequeue();
                var wait = TimeSpan.Zero;
                if (now < pausedUntil)
                    wait = pausedUntil - now;
                else if (sent.Count >= limit)
                    wait = sent.Peek() + window - now;
                if (wait <= TimeSpan.Zero)
                {
                    sent.Enqueue(now);
                    return;
                }
                await Task.Delay(wait, time, cancellationToken).ConfigureAwait(false);
            }
        }
        finally
        {
            gate.Release();
        }
    }

    /// <summary>The server says the window is full (another client shares the token): send nothing before <paramref name="until"/>.</summary>
    public void PauseUntil(DateTimeOffset until)
    {
        if (until > pausedUntil)
            pausedUntil = until;
    }
}
