using Migration.Domain.Ledger;
using Migration.Domain.Persons;

namespace Migration.Domain.Cutover;

public enum DeltaKind
{
    /// <summary>No person for this user yet: create it.</summary>
    New,
    /// <summary>A person exists and what the map makes of the user now hashes differently: update it.</summary>
    Changed,
    Unchanged,
    /// <summary>Listed, but not this sync's to move; <see cref="DeltaDecision.Reason"/> says why.</summary>
    Skipped,
    /// <summary>A person the run moved whose user the segment no longer lists.</summary>
    Gone,
}

public sealed record DeltaDecision(DeltaKind Kind, string? Reason = null);

/// <summary>
/// Netmera has no "modified since" read, so a delta sync re-reads the segment and compares each user with the ledger
/// (docs/cutover.md): the hash of the person the approved map makes of the user now against the hash of what was last
/// written (the run's row, or the newer "current" row a delta sync left). Pure: the caller finds the rows.
/// </summary>
public static class DeltaClassification
{
    public const string ReasonMerged = "merged_into_other_user";
    public const string ReasonStillRejected = "still_rejected";
    public const string ReasonNowInvalid = "now_invalid";
    public const string ReasonFlaggedGone = "flagged_gone";
    public const string ReasonNotFinal = "not_final";
    public const string ReasonEuExcluded = "eu_excluded";
    public const string ReasonDuplicate = "duplicate_of_moved_user";

    /// <summary>The reason code a "current" row carries once its person was flagged or deleted as gone.</summary>
    public const string GoneMark = "netmera_removed";

    /// <param name="outcome">The user re-read now, mapped with the run's approved map (and the extras its batch was routed).</param>
    /// <param name="indexed">The run's routing index (or the delta index) names a ledger batch for the user's id.</param>
    /// <param name="original">The user's row in that ledger batch, if any.</param>
    /// <param name="current">The newest row a delta sync wrote for it (update or gone mark), if any.</param>
    public static DeltaDecision Classify(PersonMappingOutcome outcome, bool indexed, LedgerEntry? original, LedgerEntry? current)
    {
        ArgumentNullException.ThrowIfNull(outcome);
        if (original is null)
        {
            // Indexed without a row of its own: the id was merged into another user at extraction.
            if (indexed)
                return new(DeltaKind.Skipped, ReasonMerged);
            return outcome.IsRejected ? new(DeltaKind.Skipped, ReasonStillRejected) : new(DeltaKind.New);
        }

        switch (original.State)
        {
            case LedgerState.Rejected:
                // Fixed in Netmera since: the person is created now (docs/transforms.md promises it).
                return outcome.IsRejected ? new(DeltaKind.Skipped, ReasonStillRejected) : new(DeltaKind.New);
            case LedgerState.Created or LedgerState.Updated when original.TargetId is not null:
                if (current?.ReasonCode == GoneMark)
                    return new(DeltaKind.Skipped, ReasonFlaggedGone);
                if (outcome.IsRejected)
                    return new(DeltaKind.Skipped, ReasonNowInvalid);
                var written = current?.PayloadHash ?? original.PayloadHash;
                return string.Equals(written, outcome.Person!.PayloadHash(), StringComparison.Ordinal)
                    ? new(DeltaKind.Unchanged)
                    : new(DeltaKind.Changed);
            default:
                return new(DeltaKind.Skipped, ReasonNotFinal);
        }
    }

    /// <summary>
    /// A row of the run (or of an earlier sync's creations) that is gone: a person was written for it, the segment no
    /// longer lists it, and no sync marked it yet.
    /// </summary>
    public static bool IsGone(LedgerEntry original, LedgerEntry? current, bool listed)
    {
        ArgumentNullException.ThrowIfNull(original);
        return !listed && original.State is LedgerState.Created or LedgerState.Updated && original.TargetId is not null
            && current?.ReasonCode != GoneMark;
    }
}
