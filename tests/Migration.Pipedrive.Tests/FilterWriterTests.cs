using Microsoft.Extensions.Logging.Abstractions;
using Migration.Domain.Ledger;
using Migration.Domain.Reconciliation;

namespace Migration.Pipedrive.Tests;

/// <summary>Filters are written exactly once (DESIGN §4.1), checked by what the Pipedrive simulator ends up holding.</summary>
public sealed class FilterWriterTests
{
    private static readonly LedgerBatch Batch = new("run-f", "filter", "000000");

    private static List<FilterDraft> Drafts(int count) =>
        Enumerable.Range(0, count)
            .Select(i => new FilterDraft($"{1000 + i}", $"Netmera segment: S{i}", FilterDraft.PersonFieldHolds(9000 + i, 100 + i)))
            .ToList();

    private static FilterWriter Writer(PipedriveAccount account, IIdLedger ledger) => new(account.Client, ledger, NullLogger<FilterWriter>.Instance);

    [Fact]
    public async Task A_batch_written_twice_creates_each_filter_once_with_its_condition()
    {
        await using var account = await PipedriveAccount.StartAsync();
        var ledger = new MemoryLedger();

        var first = await Writer(account, ledger).WriteAsync(Batch, Drafts(3), "people", CancellationToken.None);
        var second = await Writer(account, ledger).WriteAsync(Batch, Drafts(3), "people", CancellationToken.None);

        Assert.Equal(new PhaseCounts(3, 3, 0, 0, 0), first.Counts);
        Assert.Equal(first.Counts, second.Counts);
        var filters = await account.Client.GetFiltersAsync("people", CancellationToken.None);
        Assert.Equal(["Netmera segment: S0", "Netmera segment: S1", "Netmera segment: S2"], filters.Select(f => f.Name).Order());
        var rows = await ledger.ReadBatchAsync(Batch, CancellationToken.None);
        Assert.Equal(filters.Select(f => f.Id).Order(), rows.Values.Select(r => r.TargetId!.Value).Order());
    }

    [Fact]
    public async Task An_open_intent_whose_post_was_committed_is_resolved_by_the_filter_name_not_created_again()
    {
        await using var account = await PipedriveAccount.StartAsync();
        var ledger = new MemoryLedger();
        var drafts = Drafts(3);

        // The process died after Pipedrive committed the second filter and before the ledger heard of it.
        await ledger.RecordIntentsAsync(Batch, drafts.Select(d => LedgerEntry.Intent(d.SourceId, d.PayloadHash())).ToList(), CancellationToken.None);
        var committed = await account.Client.CreateFilterAsync(new NewFilter(drafts[1].Name, "people", drafts[1].Conditions!), CancellationToken.None);

        var result = await Writer(account, ledger).WriteAsync(Batch, drafts, "people", CancellationToken.None);

        Assert.Equal(new PhaseCounts(3, 3, 0, 0, 0), result.Counts);
        Assert.Equal(3, (await account.Client.GetFiltersAsync("people", CancellationToken.None)).Count);
        Assert.Equal(committed.Id, (await ledger.ReadBatchAsync(Batch, CancellationToken.None))["1001"].TargetId);
    }

    [Fact]
    public async Task Segments_that_cannot_be_written_are_counted_with_their_reason_and_nothing_is_sent()
    {
        await using var account = await PipedriveAccount.StartAsync();
        var ledger = new MemoryLedger();
        var drafts = new List<FilterDraft>(Drafts(1))
        {
            FilterDraft.NotWritten("2000", "Netmera segment: gone", LedgerState.Rejected, "segment_option_missing", "no option"),
            FilterDraft.NotWritten("2001", "Netmera segment: off", LedgerState.Skipped, "segments_not_mapped", "not mapped"),
        };

        var result = await Writer(account, ledger).WriteAsync(Batch, drafts, "people", CancellationToken.None);

        Assert.Equal(new PhaseCounts(3, 1, 0, 1, 1), result.Counts);
        Assert.Equal("segment_option_missing", Assert.Single(result.Rejected).ReasonCode);
        Assert.Single(await account.Client.GetFiltersAsync("people", CancellationToken.None));
    }
}
