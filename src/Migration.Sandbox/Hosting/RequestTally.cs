using System.Collections.Concurrent;

namespace Migration.Sandbox.Hosting;

/// <summary>Counts vendor requests, in total and per operation; safe under concurrent requests.</summary>
internal sealed class RequestTally
{
    private readonly ConcurrentDictionary<string, long> byOperation = new(StringComparer.Ordinal);
    private long total;

    public long Total => Interlocked.Read(ref total);

    public void CountRequest() => Interlocked.Increment(ref total);

    public void CountOperation(SimulatedOperation operation) =>
        byOperation.AddOrUpdate(operation.Key, 1, (_, n) => n + 1);

    public IReadOnlyDictionary<string, long> ByOperation() =>
        new SortedDictionary<string, long>(byOperation.ToDictionary(p => p.Key, p => p.Value), StringComparer.Ordinal);

    public void Reset()
    {
        byOperation.Clear();
        Interlocked.Exchange(ref total, 0);
    }
}
