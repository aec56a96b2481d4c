using Migration.Domain.Runs;

namespace Migration.Workflow.Models;

// Routing travels through orchestration history too: numbers and counts only (DESIGN §3).

/// <summary>
/// The route-extras step across <c>ContinueAsNew</c> generations: the person batches to route to, the step it is in
/// (<see cref="RouteSteps"/>), the next unit of that step, the units found, and the activity chunks each range wrote.
/// </summary>
public sealed record RouteExtrasState(MigrationPlan Plan, int PersonBatches)
{
    public string Step { get; init; } = RouteSteps.Index;
    public int Next { get; init; }
    public int Units { get; init; }
    public IReadOnlyList<int> ChunksPerRange { get; init; } = [];

    /// <summary>Person batches routed together: one index blob and one merge activity each.</summary>
    public int Ranges => (PersonBatches + RouteRanges.BatchesPerRange - 1) / RouteRanges.BatchesPerRange;
}

public static class RouteSteps
{
    public const string Index = "index";
    public const string Plan = "plan";
    public const string Route = "route";
    public const string Merge = "merge";
    public const string Finish = "finish";
}

public static class RouteRanges
{
    /// <summary>
    /// Person batches per range (2,000 persons): what one merge activity holds in memory with the range's rows, and
    /// what bounds the part blobs each source unit writes.
    /// </summary>
    public const int BatchesPerRange = 20;

    public static int FirstBatch(int range) => range * BatchesPerRange;

    public static int RangeOf(int batch) => batch / BatchesPerRange;
}

/// <summary>The step's outcome: activity batches for the load-activities phase, and what was routed over.</summary>
public sealed record RouteExtrasResult(int ActivityBatches, int Units, int Ranges);

/// <summary>One range of person batches (index, merge).</summary>
public sealed record RouteRangeInput(string RunId, int Range, int PersonBatches);

public sealed record RoutePlanInput(string RunId, int Ranges);

/// <summary>One source unit (an event chunk, a push chunk, an inventory blob, a segment listing) of the plan's list.</summary>
public sealed record RouteUnitInput(string RunId, int Unit, int Ranges);

/// <summary>A merged range: the activity events it staged and the activity batches (chunks of 100) they make.</summary>
public sealed record RouteMergeResult(int ActivityEvents, int ActivityChunks);

public sealed record ActivityTableInput(string RunId, IReadOnlyList<int> ChunksPerRange);
