using Migration.Domain.Reconciliation;
using Migration.Domain.Runs;

namespace Migration.Workflow.Models;

// Everything here travels through orchestration history, so it holds names, numbers and counts only:
// never records, never secrets (DESIGN §3, §4.2).

/// <summary>What the run reports when it ends.</summary>
public sealed record MigrationOutcome(string RunId, bool Balances, IReadOnlyList<PhaseReconciliation> Phases);

/// <summary>
/// Shown as the orchestration's custom status: the phase the run is in and, when it stopped, why.
/// Kept here as well as in the engine's failure details because not every backend returns those.
/// </summary>
public sealed record RunProgress(string Phase, string? Failure = null);

public sealed record DiscoverResult(long SegmentId, string SegmentName, long? SegmentUserCount, int ProfileAttributeCount);

/// <summary>Extract phase state, carried across <c>ContinueAsNew</c> generations.</summary>
public sealed record ExtractState(MigrationPlan Plan, string? NextPage, int PageNumber, int NextBatchNumber, PhaseCounts Counts);

public sealed record ExtractResult(int BatchCount, PhaseCounts Counts);

public sealed record ExtractPageInput(
    string RunId, string NetmeraConnection, long SegmentId, int PageSize, int BatchSize, int Concurrency,
    string? NextPage, int PageNumber, int FirstBatchNumber);

public sealed record ExtractPageResult(int BatchesWritten, PhaseCounts Counts, string? NextPage);

/// <summary>Persons load state, carried across <c>ContinueAsNew</c> generations.</summary>
public sealed record PersonsLoadState(MigrationPlan Plan, int BatchCount, int NextBatch, string? NetmeraIdKey, PhaseCounts Counts);

public sealed record PersonFieldsInput(string RunId, string PipedriveConnection);

public sealed record LoadPersonsBatchInput(string RunId, string PipedriveConnection, int BatchNumber, string NetmeraIdKey);

/// <summary>A finished phase's result as JSON (counts, batch numbers: never records).</summary>
public sealed record PhaseResult(string RunId, string Phase, string ResultJson);
