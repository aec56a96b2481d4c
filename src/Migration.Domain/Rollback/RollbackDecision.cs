using System.Globalization;
using Migration.Domain.Ledger;

namespace Migration.Domain.Rollback;

/// <summary>What to do with one ledger row, given what an earlier rollback did and what Pipedrive holds now.</summary>
public enum RollbackAction
{
    /// <summary>Nothing: the run wrote nothing for the row, or an earlier rollback finished it (or kept it, unforced).</summary>
    Nothing,
    Delete,
    Restore,
    AlreadyGone,
    KeepEdited,

    /// <summary>The run left an intent open (it stopped between a write and its record): whether Pipedrive has it is unknown.</summary>
    KeepOpenIntent,

    /// <summary>An updated record without a before-image: deleting it would destroy what was there before the run.</summary>
    KeepNoBeforeImage,
}

/// <summary>The rules a rollback applies to each row of the run's id ledger (pure: the activity reads, this decides).</summary>
public static class RollbackDecision
{
    /// <summary>Whether the row needs Pipedrive's current state: the run wrote it and no earlier rollback settled it.</summary>
    public static bool NeedsLook(LedgerEntry row, RollbackEntry? earlier, bool force)
    {
        ArgumentNullException.ThrowIfNull(row);
        if (row.State is not (LedgerState.Created or LedgerState.Updated) || row.TargetId is null)
            return false;
        return earlier is null || !(earlier.IsFinal || earlier.Outcome == RollbackOutcome.KeptEdited && !force);
    }

    /// <param name="row">The run's ledger row.</param>
    /// <param name="earlier">What an earlier rollback recorded for it, if anything.</param>
    /// <param name="current">Pipedrive's update_time for the record now, or null when the record is gone (not listed, or deleted).</param>
    /// <param name="exists">Whether Pipedrive still has the record.</param>
    /// <param name="force">Undo records edited after the run too.</param>
    public static RollbackAction Decide(LedgerEntry row, RollbackEntry? earlier, bool exists, string? current, bool force)
    {
        ArgumentNullException.ThrowIfNull(row);
        if (row.State == LedgerState.Intent)
            return earlier?.IsFinal == true ? RollbackAction.Nothing : RollbackAction.KeepOpenIntent;
        if (!NeedsLook(row, earlier, force))
            return RollbackAction.Nothing;
        if (!exists)
            return RollbackAction.AlreadyGone;
        if (!force && EditedAfterRun(row.UpdateTime, current))
            return RollbackAction.KeepEdited;
        if (row.State == LedgerState.Updated)
            return row.BeforeImage is null ? RollbackAction.KeepNoBeforeImage : RollbackAction.Restore;
        return RollbackAction.Delete;
    }

    /// <summary>
    /// A record was edited after the run wrote it when Pipedrive's update_time now is later than the one it answered the
    /// run's write with. Unknown on either side (rows written before stamps were kept) reads as not edited.
    /// </summary>
    public static bool EditedAfterRun(string? written, string? current) =>
        Parse(written) is { } w && Parse(current) is { } c && c > w;

    /// <summary>v2 answers ISO 8601 (<c>2026-11-28T21:59:32Z</c>), v1 <c>2026-11-28 21:59:32</c> in UTC.</summary>
    public static DateTimeOffset? Parse(string? pipedriveTime) =>
        DateTimeOffset.TryParse(pipedriveTime, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var t)
            ? t
            : null;

    /// <summary>The ledger outcome of an action that needs no Pipedrive write; null for the writing ones and for Nothing.</summary>
    public static RollbackEntry? Settled(string objectType, LedgerEntry row, RollbackAction action) => action switch
    {
        RollbackAction.AlreadyGone => new(objectType, row.SourceId, row.TargetId, RollbackOutcome.AlreadyGone, null),
        RollbackAction.KeepEdited => new(objectType, row.SourceId, row.TargetId, RollbackOutcome.KeptEdited,
            "edited in Pipedrive after the run wrote it; a forced rollback deletes it"),
        RollbackAction.KeepOpenIntent => new(objectType, row.SourceId, row.TargetId, RollbackOutcome.Kept,
            "intent-open: the run stopped between a write and its record; resume the run to settle it, then roll back again"),
        RollbackAction.KeepNoBeforeImage => new(objectType, row.SourceId, row.TargetId, RollbackOutcome.Kept,
            "updated by the run without a before-image: left as it is"),
        _ => null,
    };
}
