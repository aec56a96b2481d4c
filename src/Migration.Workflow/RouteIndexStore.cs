using Migration.Domain.Staging;
using Migration.Storage;

namespace Migration.Workflow;

/// <summary>
/// A run's joined route index (<c>route/index.ndjson.gz</c>): written once by the routing plan, then read by every source
/// unit. Parsing and sorting it is proportional to the persons staged, and the units are too, so reading it per unit made
/// the route-extras step grow with the square of the run (207 units × 45,323 keys at 20,000 users). It is kept parsed,
/// per run, for the few runs a process routes at once; writing it replaces the kept copy.
/// </summary>
public sealed class RouteIndexStore(StagingStore staging)
{
    /// <summary>An index is a sorted array pair, about 12 bytes a key (1.4 MB at 50,000 users); a few runs at most.</summary>
    public const int RunsKept = 4;

    private readonly FrozenCopies<RouteIndex> kept = new(RunsKept);

    public async Task WriteAsync(string runId, IReadOnlyList<RouteIndexEntry> entries, CancellationToken cancellationToken)
    {
        await staging.WriteLinesAsync(runId, ExtrasRouting.IndexPath, entries, cancellationToken).ConfigureAwait(false);
        kept.Keep(runId, new RouteIndex(entries));
    }

    public async Task<RouteIndex> ReadAsync(string runId, CancellationToken cancellationToken)
    {
        if (kept.TryGet(runId, out var index))
            return index;
        index = new RouteIndex(await staging.ReadLinesAsync<RouteIndexEntry>(runId, ExtrasRouting.IndexPath, cancellationToken, missingIsEmpty: false).ConfigureAwait(false));
        kept.Keep(runId, index);
        return index;
    }
}
