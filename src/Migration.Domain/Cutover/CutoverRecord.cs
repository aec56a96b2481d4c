namespace Migration.Domain.Cutover;

/// <summary>
/// A completed run in cutover (DESIGN §1 step 9): the operator declared Netmera's writes frozen, and delta syncs move
/// what still changed until the window ends. <see cref="Watermark"/> is the last sync that finished; it moves only
/// after a sync succeeded. <see cref="LastStarted"/> is the newest sync number handed to the engine, so a failed sync
/// runs again under its own number and two syncs of one run never overlap.
/// </summary>
public sealed record CutoverRecord(
    string RunId, string State, string DeclaredBy, DateTimeOffset FrozenAt, DateTimeOffset WindowEnd, int IntervalMinutes, bool DeleteGone)
{
    public const string Open = "open";
    public const string Completed = "completed";

    public int LastStarted { get; init; }
    public DeltaWatermark? Watermark { get; init; }
    public DateTimeOffset? CompletedAt { get; init; }
    public string? CompletedBy { get; init; }

    /// <summary>When the scheduler should start the next sync: at once when none finished, then every interval, not after the window.</summary>
    public bool IsDue(DateTimeOffset now) =>
        State == Open && now <= WindowEnd
        && (Watermark is null || now >= Watermark.FinishedAt + TimeSpan.FromMinutes(IntervalMinutes));
}

/// <summary>The last successful delta sync: its number, when it finished, and what it moved.</summary>
public sealed record DeltaWatermark(int Sync, DateTimeOffset FinishedAt, DeltaCounts Counts);

/// <summary>
/// What one delta sync found and did. Listed: users the segment listed. New/Changed/Unchanged/Gone: the
/// classification. Skipped: listed but not this run's to move (merged into another user, EU users the GDPR gate
/// excluded, a duplicate of a person already moved, still rejected). Created/Updated/Flagged/Deleted/Rejected: what
/// reached Pipedrive.
/// </summary>
public sealed record DeltaCounts(
    long Listed, long New, long Changed, long Unchanged, long Gone, long Skipped,
    long Created, long Updated, long Flagged, long Deleted, long Rejected)
{
    public static DeltaCounts Zero { get; } = new(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0);

    public DeltaCounts Add(DeltaCounts o) => new(
        Listed + o.Listed, New + o.New, Changed + o.Changed, Unchanged + o.Unchanged, Gone + o.Gone, Skipped + o.Skipped,
        Created + o.Created, Updated + o.Updated, Flagged + o.Flagged, Deleted + o.Deleted, Rejected + o.Rejected);

    /// <summary>Pipedrive writes the sync made.</summary>
    public long Writes => Created + Updated + Flagged + Deleted;
}
