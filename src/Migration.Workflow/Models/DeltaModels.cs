using Migration.Domain.Cutover;
using Migration.Domain.Runs;

namespace Migration.Workflow.Models;

// Travels through orchestration history: names, numbers and counts only (DESIGN §3).

/// <summary>
/// A delta sync's state across <c>ContinueAsNew</c>: the run's plan, the sync number, how many person batches the run
/// staged (the ledger batches a gone user can be in), the step and the segment page it is at, and what it counted.
/// </summary>
public sealed record DeltaSyncState(MigrationPlan Plan, int Sync, int StagedBatches, bool ExcludeEu)
{
    public string Step { get; init; } = DeltaSteps.Read;
    public string? NextPage { get; init; }
    public int Pages { get; init; }
    public int GoneRanges { get; init; }
    public DeltaCounts Counts { get; init; } = DeltaCounts.Zero;
}

public static class DeltaSteps
{
    public const string Read = "read";
    public const string Gone = "gone";
    public const string Apply = "apply";
}

public sealed record DeltaPageInput(string RunId, int Sync, string NetmeraConnection, long SegmentId, int PageSize, int Concurrency, string? NextPage, int PageNumber)
{
    public bool ExcludeEu { get; init; }
}

/// <summary>A re-read page: its classification counts and the next page, or a Netmera quota pause (nothing kept but the read cache).</summary>
public sealed record DeltaPageResult(DeltaCounts Counts, string? NextPage)
{
    public DateTimeOffset? PausedUntil { get; init; }
}

public sealed record DeltaPlanInput(string RunId, int Sync, int Pages, int StagedBatches);

public sealed record DeltaRangeInput(string RunId, int Sync, int Range);

public sealed record DeltaChunkInput(string RunId, int Sync, int Pages, int GoneRanges);

public sealed record DeltaFinishInput(string RunId, int Sync, int ApplyBatches, DeltaCounts Found);
