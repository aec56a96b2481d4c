namespace Migration.Domain.Ledger;

/// <summary>
/// Where one source record stands in one run: the id ledger row (run, object type, source id →
/// Pipedrive id, state, payload hash). Written as <see cref="LedgerState.Intent"/> before the
/// Pipedrive write and as a final state after it, so a crash between the two is detectable.
/// </summary>
public sealed record LedgerEntry
{
    public required string SourceId { get; init; }
    public required LedgerState State { get; init; }
    public long? TargetId { get; init; }
    public string? PayloadHash { get; init; }

    /// <summary>For rejected or skipped records: a reason code and a sentence.</summary>
    public string? ReasonCode { get; init; }
    public string? ReasonDetail { get; init; }

    /// <summary>
    /// Pipedrive's <c>update_time</c> as it answered the run's write (created or updated). Rollback compares the
    /// record's current update_time with it: a later one means someone edited the record after the run.
    /// Null on rows written before it was kept, and where the write was resolved without reading the record.
    /// </summary>
    public string? UpdateTime { get; init; }

    /// <summary>
    /// For <see cref="LedgerState.Updated"/> rows: the blob (under the run's prefix, <c>before-images/…</c>) that holds
    /// the record's writable values as they were before the run changed them; rollback writes them back.
    /// </summary>
    public string? BeforeImage { get; init; }

    public bool IsFinal => State is not LedgerState.Intent;

    public static LedgerEntry Intent(string sourceId, string payloadHash) =>
        new() { SourceId = sourceId, State = LedgerState.Intent, PayloadHash = payloadHash };
}

public enum LedgerState
{
    /// <summary>About to write to Pipedrive; the outcome is unknown until a final state replaces it.</summary>
    Intent,
    Created,
    Updated,
    Skipped,
    Rejected,
}

/// <summary>The ledger rows of one staged batch share a partition (DESIGN §5).</summary>
public sealed record LedgerBatch(string RunId, string ObjectType, string BatchName);
