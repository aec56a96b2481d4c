using Migration.Domain.Ledger;
using Migration.Domain.Reconciliation;
using Migration.Domain.Reports;

namespace Migration.Domain.Tests;

public class ReconciliationTests
{
    [Fact]
    public void Counts_balance_only_when_every_expected_record_is_accounted_for()
    {
        Assert.True(new PhaseCounts(10, 7, 1, 1, 1).Balances);
        var missing = new PhaseCounts(10, 7, 1, 1, 0);
        Assert.False(missing.Balances);
        Assert.Equal(1, missing.Drift);
        var doubled = new PhaseCounts(10, 9, 1, 1, 0);
        Assert.Equal(-1, doubled.Drift);
    }

    [Fact]
    public void Batch_counts_come_from_final_ledger_rows_and_open_intents_count_as_missing()
    {
        var rows = new[]
        {
            new LedgerEntry { SourceId = "a", State = LedgerState.Created, TargetId = 1 },
            new LedgerEntry { SourceId = "b", State = LedgerState.Rejected, ReasonCode = "invalid_email" },
            LedgerEntry.Intent("c", "hash"),
        };
        var counts = PhaseCounts.FromLedger(3, rows);

        Assert.Equal(new PhaseCounts(3, 1, 0, 0, 1), counts);
        Assert.False(counts.Balances);
    }

    [Fact]
    public void The_report_balances_only_when_every_phase_does()
    {
        var at = DateTimeOffset.Parse("2026-11-28T00:00:00Z", System.Globalization.CultureInfo.InvariantCulture);
        var good = ReconciliationReport.Build("run-1", at, [("extract", new PhaseCounts(5, 5, 0, 0, 0)), ("load-persons", new PhaseCounts(5, 4, 0, 0, 1))]);
        var bad = ReconciliationReport.Build("run-1", at, [("extract", new PhaseCounts(5, 5, 0, 0, 0)), ("load-persons", new PhaseCounts(5, 3, 0, 0, 1))]);

        Assert.True(good.Balances);
        Assert.False(bad.Balances);
        Assert.Equal(1, bad.Phases[1].Drift);
    }

    [Fact]
    public void Rejects_csv_quotes_what_needs_quoting_and_sorts_by_source_id()
    {
        var csv = RejectsCsv.Build(
        [
            new RejectedRecord("load-persons", "nm-2", "pipedrive_validation", "Pipedrive 400: \"name\" is required, really"),
            new RejectedRecord("load-persons", "nm-1", "invalid_email", "bad"),
        ]);

        var lines = csv.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(RejectsCsv.Header, lines[0]);
        Assert.Equal("load-persons,nm-1,invalid_email,bad", lines[1]);
        Assert.Equal("load-persons,nm-2,pipedrive_validation,\"Pipedrive 400: \"\"name\"\" is required, really\"", lines[2]);
    }
}
