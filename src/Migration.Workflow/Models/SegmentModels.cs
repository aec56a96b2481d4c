using Migration.Domain.Reconciliation;
using Migration.Domain.Runs;

namespace Migration.Workflow.Models;

// Everything here travels through orchestration history: segment ids, page links and counts, never
// members or their identifiers (DESIGN §3, §4.2).

/// <summary>
/// The extract-segments step across <c>ContinueAsNew</c> generations: the segments whose members are
/// read (null until listed), which one is being paged and where, and what has been counted.
/// </summary>
public sealed record ExtractSegmentsState(MigrationPlan Plan)
{
    public IReadOnlyList<long>? ToRead { get; init; }
    public int Listed { get; init; }
    public int Index { get; init; }
    public string? NextPage { get; init; }
    public int PageNumber { get; init; }

    /// <summary>Members of the segment being paged staged by its earlier pages, and those without an external id.</summary>
    public long MembersSoFar { get; init; }
    public long WithoutIdSoFar { get; init; }

    public int Moved { get; init; }
    public long Members { get; init; }
    public PhaseCounts Counts { get; init; } = PhaseCounts.Zero;
}

/// <summary>Lists Netmera's segments and decides which move (the full population never does).</summary>
public sealed record ListSegmentsInput(string RunId, string NetmeraConnection, long? FullPopulationSegmentId, SegmentSelection Selection);

/// <summary>How many segments Netmera listed, and the ids whose members are read, in Netmera's order.</summary>
public sealed record SegmentsListed(int Listed, IReadOnlyList<long> ToRead);

/// <summary>One page of one segment's members; the counts so far complete the segment's row when this is its last page.</summary>
public sealed record SegmentPageInput(
    string RunId, string NetmeraConnection, long SegmentId, int PageSize, string? NextPage, int PageNumber, long MembersSoFar, long WithoutIdSoFar);

/// <summary>
/// A page's outcome: members listed, staged and without an external id, and the next page (null: the
/// segment is read). <see cref="PausedUntil"/>: Netmera's quota (5022) refused, nothing was staged, the
/// page runs again then. <see cref="Unreadable"/>: Netmera will not list this segment; it is recorded as lossy.
/// </summary>
public sealed record SegmentPageResult(long Listed, long Staged, long WithoutId, string? NextPage)
{
    public DateTimeOffset? PausedUntil { get; init; }
    public bool Unreadable { get; init; }
}

/// <summary>
/// The extract-segments step's result: segments listed and moved, members staged, and the number of
/// filter batches the load-filters phase runs (<c>StagedSegments.FiltersPerBatch</c> segments each).
/// </summary>
public sealed record ExtractSegmentsResult(int Listed, int Moved, long Members, int FilterBatchCount, PhaseCounts Counts);

/// <summary>Writes the segment → filter map after the filters load; the person batches are read to count members in Pipedrive.</summary>
public sealed record SegmentReportInput(string RunId, int PersonBatchCount);

public sealed record SegmentReportResult(int Segments, int Filters, int WithLosses);
