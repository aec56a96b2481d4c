using Migration.Domain.Cutover;
using Migration.Domain.Ledger;
using Migration.Domain.Persons;

namespace Migration.Domain.Tests;

/// <summary>How a re-read user is judged against the ledger (docs/cutover.md).</summary>
public sealed class DeltaClassificationTests
{
    private static readonly PersonDraft Draft = new("nm-1", "Ada Lovelace", "ada@example.org", null);
    private static readonly PersonMappingOutcome Accepted = PersonMappingOutcome.Accept(Draft);
    private static readonly PersonMappingOutcome Rejected = PersonMappingOutcome.Reject("nm-1", RejectReason.InvalidEmail, "invalid");

    private static LedgerEntry Row(LedgerState state, string? hash, long? id = 7) => new() { SourceId = "nm-1", State = state, PayloadHash = hash, TargetId = id };

    [Fact]
    public void A_user_the_run_never_saw_is_new_unless_the_map_rejects_it()
    {
        Assert.Equal(DeltaKind.New, DeltaClassification.Classify(Accepted, indexed: false, null, null).Kind);
        Assert.Equal(new DeltaDecision(DeltaKind.Skipped, DeltaClassification.ReasonStillRejected), DeltaClassification.Classify(Rejected, false, null, null));
    }

    [Fact]
    public void An_id_merged_into_another_user_is_skipped()
    {
        Assert.Equal(new DeltaDecision(DeltaKind.Skipped, DeltaClassification.ReasonMerged), DeltaClassification.Classify(Accepted, indexed: true, null, null));
    }

    [Fact]
    public void The_same_values_hash_the_same_and_different_values_do_not()
    {
        Assert.Equal(DeltaKind.Unchanged, DeltaClassification.Classify(Accepted, true, Row(LedgerState.Created, Draft.PayloadHash()), null).Kind);
        var renamed = PersonMappingOutcome.Accept(Draft with { Name = "Ada King" });
        Assert.Equal(DeltaKind.Changed, DeltaClassification.Classify(renamed, true, Row(LedgerState.Created, Draft.PayloadHash()), null).Kind);
        var labelled = PersonMappingOutcome.Accept(Draft with { Labels = ["VIP"] });
        Assert.Equal(DeltaKind.Changed, DeltaClassification.Classify(labelled, true, Row(LedgerState.Created, Draft.PayloadHash()), null).Kind);
    }

    [Fact]
    public void An_update_a_sync_made_is_the_hash_the_next_sync_compares_with()
    {
        var renamed = Draft with { Name = "Ada King" };
        var current = Row(LedgerState.Updated, renamed.PayloadHash());
        Assert.Equal(DeltaKind.Unchanged, DeltaClassification.Classify(PersonMappingOutcome.Accept(renamed), true, Row(LedgerState.Created, Draft.PayloadHash()), current).Kind);
        Assert.Equal(DeltaKind.Changed, DeltaClassification.Classify(Accepted, true, Row(LedgerState.Created, Draft.PayloadHash()), current).Kind);
    }

    [Fact]
    public void A_user_rejected_by_the_run_and_fixed_in_Netmera_since_is_created()
    {
        Assert.Equal(DeltaKind.New, DeltaClassification.Classify(Accepted, true, Row(LedgerState.Rejected, null, null), null).Kind);
        Assert.Equal(DeltaKind.Skipped, DeltaClassification.Classify(Rejected, true, Row(LedgerState.Rejected, null, null), null).Kind);
    }

    [Fact]
    public void A_moved_person_whose_user_now_fails_the_rules_is_left_as_it_is()
    {
        Assert.Equal(new DeltaDecision(DeltaKind.Skipped, DeltaClassification.ReasonNowInvalid),
            DeltaClassification.Classify(Rejected, true, Row(LedgerState.Created, Draft.PayloadHash()), null));
    }

    [Fact]
    public void Gone_is_a_moved_person_not_listed_and_not_marked_yet()
    {
        var created = Row(LedgerState.Created, Draft.PayloadHash());
        Assert.True(DeltaClassification.IsGone(created, null, listed: false));
        Assert.False(DeltaClassification.IsGone(created, null, listed: true));
        Assert.False(DeltaClassification.IsGone(Row(LedgerState.Rejected, null, null), null, listed: false));
        var marked = created with { ReasonCode = DeltaClassification.GoneMark };
        Assert.False(DeltaClassification.IsGone(created, marked, listed: false));
        Assert.Equal(DeltaKind.Skipped, DeltaClassification.Classify(Accepted, true, created, marked).Kind);
    }

    [Fact]
    public void A_cutover_is_due_at_once_then_every_interval_and_never_after_its_window()
    {
        var now = new DateTimeOffset(2026, 1, 1, 12, 0, 0, TimeSpan.Zero);
        var cutover = new CutoverRecord("r", CutoverRecord.Open, "op", now, now.AddHours(1), 10, false);
        Assert.True(cutover.IsDue(now));
        var synced = cutover with { Watermark = new DeltaWatermark(1, now, DeltaCounts.Zero) };
        Assert.False(synced.IsDue(now.AddMinutes(9)));
        Assert.True(synced.IsDue(now.AddMinutes(10)));
        Assert.False(synced.IsDue(now.AddHours(2)));
        Assert.False((cutover with { State = CutoverRecord.Completed }).IsDue(now));
    }
}
