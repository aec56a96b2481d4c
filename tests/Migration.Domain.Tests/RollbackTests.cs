using Migration.Domain.Ledger;
using Migration.Domain.Rollback;

namespace Migration.Domain.Tests;

/// <summary>Issue 7: the rules a rollback applies to each ledger row, its order and scope, its cost and its report.</summary>
public sealed class RollbackTests
{
    private const string Written = "2026-11-28T10:00:00Z";

    private static LedgerEntry Row(LedgerState state, long? id = 7, string? stamp = Written, string? image = null) =>
        new() { SourceId = "u1", State = state, TargetId = id, UpdateTime = stamp, BeforeImage = image };

    private static RollbackEntry Earlier(RollbackOutcome outcome) => new("person", "u1", 7, outcome, null);

    [Fact]
    public void A_created_record_nobody_touched_is_deleted_and_one_already_gone_is_counted_as_gone()
    {
        Assert.Equal(RollbackAction.Delete, RollbackDecision.Decide(Row(LedgerState.Created), null, exists: true, Written, force: false));
        Assert.Equal(RollbackAction.AlreadyGone, RollbackDecision.Decide(Row(LedgerState.Created), null, exists: false, null, force: false));
    }

    [Fact]
    public void A_record_edited_after_the_run_is_kept_unless_forced()
    {
        const string later = "2026-11-28T10:00:01Z";
        Assert.Equal(RollbackAction.KeepEdited, RollbackDecision.Decide(Row(LedgerState.Created), null, true, later, force: false));
        Assert.Equal(RollbackAction.Delete, RollbackDecision.Decide(Row(LedgerState.Created), null, true, later, force: true));
        // v1 spells times differently; the same instant is not an edit.
        Assert.False(RollbackDecision.EditedAfterRun(Written, "2026-11-28 10:00:00"));
        Assert.True(RollbackDecision.EditedAfterRun("2026-11-28 10:00:00", later));
        // Rows without a stamp cannot tell an edit: not kept for it.
        Assert.Equal(RollbackAction.Delete, RollbackDecision.Decide(Row(LedgerState.Created, stamp: null), null, true, later, force: false));
    }

    [Fact]
    public void An_updated_record_gets_its_before_image_back_and_without_one_it_is_kept()
    {
        Assert.Equal(RollbackAction.Restore, RollbackDecision.Decide(Row(LedgerState.Updated, image: "before-images/person/u1.json"), null, true, Written, false));
        Assert.Equal(RollbackAction.KeepNoBeforeImage, RollbackDecision.Decide(Row(LedgerState.Updated), null, true, Written, false));
    }

    [Fact]
    public void Rows_the_run_did_not_write_need_nothing_and_open_intents_are_kept()
    {
        Assert.Equal(RollbackAction.Nothing, RollbackDecision.Decide(Row(LedgerState.Rejected, id: null), null, false, null, true));
        Assert.Equal(RollbackAction.Nothing, RollbackDecision.Decide(Row(LedgerState.Skipped, id: null), null, false, null, true));
        Assert.Equal(RollbackAction.KeepOpenIntent, RollbackDecision.Decide(Row(LedgerState.Intent, id: null), null, false, null, true));
        Assert.False(RollbackDecision.NeedsLook(Row(LedgerState.Intent, id: null), null, true));
    }

    [Fact]
    public void What_an_earlier_rollback_settled_is_not_looked_at_again_and_kept_records_only_when_forced()
    {
        foreach (var settled in new[] { RollbackOutcome.Deleted, RollbackOutcome.AlreadyGone, RollbackOutcome.Restored })
        {
            Assert.False(RollbackDecision.NeedsLook(Row(LedgerState.Created), Earlier(settled), force: true));
            Assert.Equal(RollbackAction.Nothing, RollbackDecision.Decide(Row(LedgerState.Created), Earlier(settled), false, null, true));
        }
        Assert.False(RollbackDecision.NeedsLook(Row(LedgerState.Created), Earlier(RollbackOutcome.KeptEdited), force: false));
        Assert.True(RollbackDecision.NeedsLook(Row(LedgerState.Created), Earlier(RollbackOutcome.KeptEdited), force: true));
        Assert.True(RollbackDecision.NeedsLook(Row(LedgerState.Created), Earlier(RollbackOutcome.Failed), force: false));
    }

    [Fact]
    public void The_scope_runs_newest_first_and_names_unknown_phases()
    {
        Assert.Equal(["load-activities", "load-touchpoints", "load-campaigns", "load-persons", "load-organizations", "load-filters", "schema"],
            RollbackScope.Resolve(null).Steps.Select(s => s.Phase));
        var (steps, unknown) = RollbackScope.Resolve(["load-persons", "load-activities", "extract"]);
        Assert.Equal(["activity", "person"], steps.Select(s => s.ObjectType));
        Assert.Equal(["extract"], unknown);
        Assert.Equal("touchpoint", RollbackScope.ForRollbackPhase("rollback-touchpoints").ObjectType);
    }

    [Fact]
    public void A_batch_costs_a_list_page_per_hundred_records_and_each_delete_or_restore()
    {
        Assert.Equal(0, RollbackCost.Batch("person", 0, 0));
        Assert.Equal(10 + 100 * 3, RollbackCost.Batch("person", 100, 0));
        Assert.Equal(2 * 10 + 150 * 3 + 50 * 5, RollbackCost.Batch("touchpoint", 150, 50));
        Assert.Equal(20 + 4 * 6, RollbackCost.Batch("filter", 4, 0));
        var cost = RollbackCost.PerBatch("person", 100);
        Assert.Equal((310, 510), (cost.Expected, cost.WorstCase));
    }

    [Fact]
    public void The_report_counts_each_outcome_per_object_and_lists_what_remains_with_why()
    {
        RollbackEntry[] entries =
        [
            new("person", "u2", 2, RollbackOutcome.Deleted, null),
            new("person", "u1", 1, RollbackOutcome.KeptEdited, "edited, name"),
            new("activity", "e1", 5, RollbackOutcome.AlreadyGone, null),
            new("schema", "field:person:abc", null, RollbackOutcome.Kept, "records-remain: 1"),
        ];

        var csv = RollbackReport.Csv(entries).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(RollbackReport.CsvHeader, csv[0]);
        Assert.Equal(["activity,e1,5,already_gone,", "person,u1,1,kept_edited,\"edited, name\"", "person,u2,2,deleted,", "schema,field:person:abc,,kept,records-remain: 1"], csv[1..]);

        var tallies = RollbackTally.Of(entries);
        Assert.Equal(["activity", "person", "schema"], tallies.Select(t => t.ObjectType));
        Assert.Equal((1, 1, 1), (tallies[1].Deleted, tallies[1].KeptEdited, tallies[1].Remaining));

        var md = RollbackReport.Markdown("run-1", DateTimeOffset.UnixEpoch, force: false, [], entries);
        Assert.Contains("| person | 1 | 0 | 0 | 1 | 0 | 0 |", md, StringComparison.Ordinal);
        Assert.Contains("| person | u1 | 1 | kept_edited | edited, name |", md, StringComparison.Ordinal);
        Assert.Contains("Nothing the run wrote remains", RollbackReport.Markdown("run-1", DateTimeOffset.UnixEpoch, true, [], entries[..1]), StringComparison.Ordinal);
    }
}
