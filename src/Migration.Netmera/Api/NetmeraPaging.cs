namespace Migration.Netmera;

/// <summary>
/// Guards a chain of <c>nextPage</c> links against loops: a link seen before, or too many empty pages
/// in a row (opaque offsets that change but never reach the end). One guard per chain; a workflow
/// that pages one activity at a time keeps the links it has seen in its own state instead.
/// </summary>
public sealed class NextPageGuard(string what, int maxEmptyPagesInARow = NextPageGuard.DefaultMaxEmptyPages)
{
    /// <summary>Empty pages tolerated in a row before the chain is treated as a loop.</summary>
    public const int DefaultMaxEmptyPages = 20;

    private readonly HashSet<string> seen = new(StringComparer.Ordinal);
    private int emptyInARow;

    public int Pages { get; private set; }

    /// <summary>
    /// Records a page that held <paramref name="items"/> items and pointed at <paramref name="nextPage"/>;
    /// returns the link to follow, or null at the end. Throws <see cref="NetmeraPagingException"/> on a loop.
    /// </summary>
    public string? Advance(string? nextPage, int items)
    {
        Pages++;
        emptyInARow = items == 0 ? emptyInARow + 1 : 0;
        if (string.IsNullOrWhiteSpace(nextPage))
            return null;
        if (!seen.Add(nextPage))
            throw new NetmeraPagingException(
                $"Netmera returned a {what} nextPage it had already given (after page {Pages}); stopping rather than looping.");
        if (emptyInARow >= maxEmptyPagesInARow)
            throw new NetmeraPagingException(
                $"Netmera returned {emptyInARow} empty {what} pages in a row that still point to a nextPage (after page {Pages}); stopping rather than looping.");
        return nextPage;
    }
}

/// <summary>Netmera's batch cap: at most 1,000 unique external ids or device tokens per request (spec, "General limitations").</summary>
public static class NetmeraBatches
{
    public const int MaxIdsPerRequest = 1000;

    /// <summary>Distinct values (ordinal, first occurrence kept) in requests of at most <see cref="MaxIdsPerRequest"/>.</summary>
    public static IEnumerable<IReadOnlyList<string>> Split(IEnumerable<string> ids, int size = MaxIdsPerRequest)
    {
        ArgumentNullException.ThrowIfNull(ids);
        ArgumentOutOfRangeException.ThrowIfLessThan(size, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(size, MaxIdsPerRequest);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var batch = new List<string>(Math.Min(size, 1024));
        foreach (var id in ids)
        {
            if (!seen.Add(id))
                continue;
            batch.Add(id);
            if (batch.Count == size)
            {
                yield return batch;
                batch = new List<string>(Math.Min(size, 1024));
            }
        }
        if (batch.Count > 0)
            yield return batch;
    }
}
