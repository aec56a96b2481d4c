using Migration.Domain.Budget;
using Migration.Domain.Reconciliation;
using Migration.Domain.Runs;
using Migration.Pipedrive;

namespace Migration.Workflow.Models;

// Everything here travels through orchestration history, so it holds names, numbers and counts only:
// never records, never secrets (DESIGN §3, §4.2).

/// <summary>What the run reports when it ends.</summary>
public sealed record MigrationOutcome(string RunId, bool Balances, IReadOnlyList<PhaseReconciliation> Phases);

/// <summary>
/// Shown as the orchestration's custom status: the phase the run is in; when it stopped, why (kept here
/// as well as in the engine's failure details because not every backend returns those); when it
/// sleeps for the Pipedrive budget, until when.
/// </summary>
public sealed record RunProgress(string Phase, string? Failure = null, DateTimeOffset? WaitingForBudgetUntil = null)
{
    /// <summary>The gate the run holds at, with what the operator needs to decide.</summary>
    public OpenGate? Gate { get; init; }

    /// <summary>Netmera refused for quota (5022): the phase sleeps until then and reads again.</summary>
    public DateTimeOffset? WaitingForNetmeraQuotaUntil { get; init; }

    /// <summary>A load phase's batches done, tokens spent and estimated end.</summary>
    public PhaseProgress? Progress { get; init; }
}

/// <summary>
/// How far a load phase is: batches done of all, tokens it spent, and when it should end (null until a
/// batch has finished). The ETA takes the larger of the measured pace and the budget: when the tokens
/// the remaining batches need (at the measured tokens per batch) exceed what is left today, the rest
/// waits for the resets, a full day's budget at a time.
/// </summary>
public sealed record PhaseProgress(int BatchesDone, int BatchCount, long TokensSpent, DateTimeOffset? Eta)
{
    public static PhaseProgress Estimate(
        int done, int total, DateTimeOffset started, DateTimeOffset now, long tokensSpent, long tokensLeftToday, long dailyTokens, DateTimeOffset resetsAt)
    {
        if (done <= 0 || total <= done)
            return new PhaseProgress(done, total, tokensSpent, total <= done ? now : null);
        var remaining = total - done;
        var perBatch = (now - started) / done;
        var byPace = now + perBatch * remaining;
        var tokensPerBatch = (double)tokensSpent / done;
        var needed = tokensPerBatch * remaining;
        var left = Math.Max(0, tokensLeftToday);
        if (needed <= left || dailyTokens <= 0 || tokensPerBatch <= 0)
            return new PhaseProgress(done, total, tokensSpent, byPace);
        var beyondToday = needed - left;
        var fullDays = Math.Floor(beyondToday / dailyTokens);
        var lastDayBatches = (beyondToday - fullDays * dailyTokens) / tokensPerBatch;
        var byBudget = resetsAt + TimeSpan.FromDays(fullDays) + perBatch * lastDayBatches;
        return new PhaseProgress(done, total, tokensSpent, byBudget > byPace ? byBudget : byPace);
    }
}

/// <summary>A gate waiting for a decision: which, since when, the question, the decisions it accepts.</summary>
public sealed record OpenGate(string Name, DateTimeOffset Since, string Question, IReadOnlyList<string> Decisions);

public sealed record GateQuery(string RunId, string Gate);

public sealed record DiscoverResult(long? SegmentId, string SegmentName, long SegmentUsers, long KnownUsers, long EuUsers, int ProfileAttributeCount)
{
    /// <summary>The import folder's files, recognised or not (names and kinds only).</summary>
    public IReadOnlyList<ImportFile> Files { get; init; } = [];
}

/// <summary>A file in the run's import folder: its kind (an export file kind) or why it is not read.</summary>
public sealed record ImportFile(string Name, string Kind, string? Reason)
{
    public const string Unrecognised = "Unrecognised";
    public const string PanelUsers = "PanelUsers";
}

/// <summary>Import phase state across <c>ContinueAsNew</c>: which file and chunk is next, what was counted.</summary>
public sealed record ImportState(MigrationPlan Plan, IReadOnlyList<ImportFile> Files, int FileIndex, int NextBatchNumber, PhaseCounts Counts)
{
    public bool ExcludeEu { get; init; }

    public long ExpectedUsers { get; init; } = ExtractPageInput.DefaultExpectedUsers;

    /// <summary>Chunks of the current user file, once it has been split; null before.</summary>
    public int? Chunks { get; init; }

    public int NextChunk { get; init; }
}

public sealed record SplitImportInput(string RunId, string NetmeraConnection, string Folder, ImportFile File, int FileIndex);

public sealed record SplitImportResult(int Chunks, long Rows, long Accepted, long Rejected);

public sealed record StageImportChunkInput(string RunId, int FileIndex, int Chunk, int FirstBatchNumber, int BatchSize)
{
    public bool ExcludeEu { get; init; }

    public long ExpectedUsers { get; init; } = ExtractPageInput.DefaultExpectedUsers;
}

/// <summary>Extract phase state, carried across <c>ContinueAsNew</c> generations.</summary>
public sealed record ExtractState(MigrationPlan Plan, string? NextPage, int PageNumber, int NextBatchNumber, PhaseCounts Counts)
{
    public bool ExcludeEu { get; init; }

    public long ExpectedUsers { get; init; } = ExtractPageInput.DefaultExpectedUsers;
}

public sealed record ExtractResult(int BatchCount, PhaseCounts Counts);

public sealed record ExtractPageInput(
    string RunId, string NetmeraConnection, long SegmentId, int PageSize, int BatchSize, int Concurrency,
    string? NextPage, int PageNumber, int FirstBatchNumber)
{
    /// <summary>The GDPR gate decided to leave EU/EEA users in Netmera.</summary>
    public bool ExcludeEu { get; init; }

    /// <summary>The population discovery found, to size the run's dedupe key filter.</summary>
    public long ExpectedUsers { get; init; } = DefaultExpectedUsers;

    public const long DefaultExpectedUsers = 100_000;
}

/// <summary>
/// A page's outcome. When Netmera refused for quota (5022) nothing was staged: the page runs again
/// after <see cref="PausedUntil"/>.
/// </summary>
public sealed record ExtractPageResult(int BatchesWritten, PhaseCounts Counts, string? NextPage)
{
    public DateTimeOffset? PausedUntil { get; init; }
}

/// <summary>
/// A load phase's state, carried across <c>ContinueAsNew</c> generations: which phase and batch
/// activity, the next batch, batches that stopped for the budget and must run again, what the phase
/// has counted and spent so far, and what one batch is expected to cost.
/// </summary>
public sealed record LoadPhaseState(MigrationPlan Plan, string Phase, string Activity, int BatchCount, int NextBatch, PhaseCounts Counts)
{
    public BatchCost Cost { get; init; } = BatchCost.Creates(100);
    public IReadOnlyList<int> Deferred { get; init; } = [];
    public ApiUsage Usage { get; init; } = ApiUsage.None;
    public int BatchesDone { get; init; }
    public DateTimeOffset? StartedAt { get; init; }

    /// <summary>Rollback phases: undo records edited in Pipedrive after the run too (handed to every batch).</summary>
    public bool Force { get; init; }

    /// <summary>The delta sync whose changes this phase applies (docs/cutover.md); 0 for the run's own load phases.</summary>
    public int DeltaSync { get; init; }
}

/// <summary>One batch of a load phase: every load activity takes this, with the run's options.</summary>
public sealed record LoadBatchInput(string RunId, string PipedriveConnection, string Phase, int BatchNumber, PipedriveAllowance Allowance)
{
    public RunOptions Options { get; init; } = new();

    /// <summary>Rollback batches: undo records edited in Pipedrive after the run too.</summary>
    public bool Force { get; init; }

    /// <summary>The delta sync the batch belongs to; 0 for the run's own load phases.</summary>
    public int DeltaSync { get; init; }
}

/// <summary>
/// A batch's outcome. <see cref="Finished"/> is false when the budget stopped it part way: its ledger
/// keeps what was written and the orchestrator runs it again, after <see cref="WaitUntil"/> when the
/// company's day is spent.
/// </summary>
public sealed record BatchLoadResult(PhaseCounts Counts, bool Finished, ApiUsage Usage, DateTimeOffset? WaitUntil);

public sealed record BudgetInput(string RunId, string PipedriveConnection);

/// <summary>The company's Pipedrive budget as the migration sees it now.</summary>
public sealed record BudgetView(long DailyTokens, long SpentToday, DateTimeOffset ResetsAt, int BurstPerWindow, int SearchPerWindow)
{
    public long Left => Math.Max(0, DailyTokens - SpentToday);
}

/// <summary>A finished phase's result as JSON (counts, batch numbers: never records).</summary>
public sealed record PhaseResult(string RunId, string Phase, string ResultJson);
