namespace Migration.Domain.Rollback;

/// <summary>What a rollback did with one object the run wrote.</summary>
public enum RollbackOutcome
{
    /// <summary>Deleted from Pipedrive by the rollback.</summary>
    Deleted,

    /// <summary>Not in Pipedrive any more (deleted by someone, or by an earlier attempt whose record was lost): nothing to do.</summary>
    AlreadyGone,

    /// <summary>A record the run updated: its values before the run were written back.</summary>
    Restored,

    /// <summary>Edited in Pipedrive after the run wrote it: kept (a forced rollback deletes it).</summary>
    KeptEdited,

    /// <summary>Kept for another reason the detail names (an open intent, no before-image, records that still need it).</summary>
    Kept,

    /// <summary>Pipedrive refused; the detail says why. A rollback run again tries it again.</summary>
    Failed,
}

/// <summary>One object in the rollback ledger: what the run wrote and what the rollback did with it.</summary>
public sealed record RollbackEntry(string ObjectType, string SourceId, long? TargetId, RollbackOutcome Outcome, string? Detail)
{
    /// <summary>Final outcomes are never tried again; a kept or failed object is looked at again by the next rollback.</summary>
    public bool IsFinal => Outcome is RollbackOutcome.Deleted or RollbackOutcome.AlreadyGone or RollbackOutcome.Restored;

    /// <summary>Whether the object is still in Pipedrive as the run left it (or as someone edited it).</summary>
    public bool Remains => Outcome is RollbackOutcome.KeptEdited or RollbackOutcome.Kept or RollbackOutcome.Failed;
}
