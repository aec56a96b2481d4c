namespace Migration.Pipedrive;

/// <summary>
/// At most <c>limit</c> requests in any rolling window, counted as the server counts them: by arrival.
/// Exact rather than bucketed, because Pipedrive counts a rolling 2-second window and a bucket boundary
/// would let twice the limit through.
/// <para>
/// We cannot see when a request arrives, only that it arrived before its answer came back. So a slot is
/// held until a whole window after the request's answer: the next request in that slot then arrives more
/// than a window after it, however the two were delayed on the way or in a busy process. Against a
/// nearby server that costs milliseconds; against a far one, each slot also carries the answer's way back.
/// </para>
/// </summary>
public sealed class RollingWindow(int limit, TimeSpan window, TimeProvider time)
{
    /// <summary>
    /// A slot whose request never settles (its answer lost to a bug, not a timeout, which settles it) is given
    /// back this long after it was taken, so the window cannot shrink for good. Longer than any request runs.
    /// </summary>
    public static readonly TimeSpan LongestUnanswered = TimeSpan.FromMinutes(2);

    private readonly List<WindowSlot> held = [];
    private readonly SemaphoreSlim gate = new(1, 1);
    private readonly Lock sync = new();
    private DateTimeOffset pausedUntil = DateTimeOffset.MinValue;
    private DateTimeOffset? waitingFor;
    private TaskCompletionSource freed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public int Limit => limit;

    /// <summary>Waits until one more request fits, then holds a slot for it from now.</summary>
    public async Task<WindowSlot> EnterAsync(CancellationToken cancellationToken)
    {
        await gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            while (true)
            {
                TimeSpan wait;
                Task earlier;
                lock (sync)
                {
                    var now = time.GetUtcNow();
                    held.RemoveAll(s => s.FreeAt <= now);
                    if (now < pausedUntil)
                        wait = pausedUntil - now;
                    else if (held.Count >= limit)
                        wait = held.Min(s => s.FreeAt) - now;
                    else
                    {
                        var slot = new WindowSlot(now + LongestUnanswered + window);
                        held.Add(slot);
                        waitingFor = null;
                        return slot;
                    }
                    waitingFor = now + wait;
                    earlier = freed.Task;
                }
                // An answer that frees a slot sooner wakes the wait instead of letting it sleep to the old time.
                using var timer = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                var delay = Task.Delay(wait, time, timer.Token);
                await Task.WhenAny(delay, earlier).ConfigureAwait(false);
                await timer.CancelAsync().ConfigureAwait(false);
                cancellationToken.ThrowIfCancellationRequested();
            }
        }
        finally
        {
            gate.Release();
        }
    }

    /// <summary>
    /// The request's answer came back at <paramref name="answeredAt"/>, or it failed then without one: either way
    /// it reached the server, if at all, before then.
    /// </summary>
    public void Settle(WindowSlot slot, DateTimeOffset answeredAt)
    {
        lock (sync)
        {
            var freeAt = answeredAt + window;
            if (freeAt >= slot.FreeAt)
                return;
            slot.FreeAt = freeAt;
            if (waitingFor is { } until && freeAt < until)
            {
                waitingFor = null;
                var woken = freed;
                freed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                woken.TrySetResult();
            }
        }
    }

    /// <summary>True when every slot is held now: a request would have to wait.</summary>
    public bool IsFull
    {
        get
        {
            lock (sync)
            {
                var now = time.GetUtcNow();
                return held.Count(s => s.FreeAt > now) >= limit;
            }
        }
    }

    /// <summary>The server says the window is full (another client shares the token): send nothing before <paramref name="until"/>.</summary>
    public void PauseUntil(DateTimeOffset until)
    {
        lock (sync)
        {
            if (until > pausedUntil)
                pausedUntil = until;
        }
    }
}

/// <summary>One request's place in a <see cref="RollingWindow"/>, held until <see cref="FreeAt"/>.</summary>
public sealed class WindowSlot(DateTimeOffset freeAt)
{
    public DateTimeOffset FreeAt { get; internal set; } = freeAt;
}
