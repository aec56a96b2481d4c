using Azure.Data.Tables;
using Migration.Domain.Ledger;
using Migration.Tests.Shared;

namespace Migration.Storage.Tests;

/// <summary>
/// The id ledger on Azurite, as the writers and rollback read it: intents written together share a row, yet each
/// record reads back as its own open intent until its final row supersedes it, and forgotten intents are gone.
/// </summary>
public sealed class IdLedgerTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    private static readonly CancellationToken None = CancellationToken.None;

    private async Task<(MigrationStorage Storage, TableIdLedger Ledger)> Ledger()
    {
        azurite.SkipIfUnavailable();
        var storage = new MigrationStorage(new StorageOptions { ConnectionString = azurite.ConnectionString, TaskHub = "I" + Guid.NewGuid().ToString("N")[..12] });
        await storage.EnsureCreatedAsync(None);
        return (storage, new TableIdLedger(storage));
    }

    private static LedgerEntry Created(string id, long personId) =>
        new() { SourceId = id, State = LedgerState.Created, TargetId = personId, PayloadHash = "h-" + id };

    [SkippableFact]
    public async Task A_rounds_intents_read_back_one_per_record_until_their_final_rows_replace_them()
    {
        var (storage, ledger) = await Ledger();
        var batch = new LedgerBatch("run-i", "person", "000001");
        var ids = Enumerable.Range(0, 50).Select(i => $"u{i:D3}").ToList();

        await ledger.RecordManyAsync(batch, [.. ids.Select(id => LedgerEntry.Intent(id, "h-" + id))], None);
        var open = await ledger.ReadBatchAsync(batch, None);
        Assert.Equal(ids, open.Keys.Order());
        Assert.All(open.Values, e => Assert.Equal(LedgerState.Intent, e.State));
        Assert.Equal("h-u007", open["u007"].PayloadHash);

        // The round settles: 49 created, one still open (its answer was lost).
        await ledger.RecordManyAsync(batch, [.. ids.Where(id => id != "u013").Select((id, i) => Created(id, 1000 + i))], None);
        var rows = await ledger.ReadBatchAsync(batch, None);
        Assert.Equal(50, rows.Count);
        Assert.Equal(49, rows.Values.Count(e => e.State == LedgerState.Created));
        Assert.Equal(LedgerState.Intent, rows["u013"].State);

        // Recovery writes the open one's final row on its own.
        await ledger.RecordAsync(batch, Created("u013", 2000), None);
        rows = await ledger.ReadBatchAsync(batch, None);
        Assert.All(rows.Values, e => Assert.True(e.IsFinal));
        Assert.Equal(2000, rows["u013"].TargetId);

        // Half the rows a row per intent would have written: 50 final rows and one intents row.
        var stored = 0;
        foreach (var table in storage.LedgerShards)
        {
            await foreach (var _ in table.QueryAsync<TableEntity>(TableKey.PartitionIs("run-i|person|000001")))
                stored++;
        }
        Assert.Equal(51, stored);
    }

    [SkippableFact]
    public async Task Forgotten_intents_are_gone_and_the_others_stay_open()
    {
        var (_, ledger) = await Ledger();
        var batch = new LedgerBatch("run-f", "activity", "000000-000099");
        await ledger.RecordManyAsync(batch, [LedgerEntry.Intent("a", "ha"), LedgerEntry.Intent("b", "hb"), LedgerEntry.Intent("c", "hc")], None);
        await ledger.RecordManyAsync(batch, [LedgerEntry.Intent("d", "hd")], None);

        await ledger.ForgetIntentsAsync(batch, ["b", "d"], None);

        var rows = await ledger.ReadBatchAsync(batch, None);
        Assert.Equal(["a", "c"], rows.Keys.Order());
        Assert.All(rows.Values, e => Assert.Equal(LedgerState.Intent, e.State));
    }

    [SkippableFact]
    public async Task A_whole_run_reads_each_record_once_with_its_latest_state_and_batch()
    {
        var (_, ledger) = await Ledger();
        for (var b = 0; b < 5; b++)
        {
            var batch = new LedgerBatch("run-w", "person", $"{b:D6}");
            var ids = Enumerable.Range(0, 10).Select(i => $"p{b}-{i}").ToList();
            await ledger.RecordManyAsync(batch, [.. ids.Select(id => LedgerEntry.Intent(id, "h"))], None);
            // Batches 0-3 finish; batch 4 leaves its last three open.
            await ledger.RecordManyAsync(batch, [.. ids.Take(b < 4 ? 10 : 7).Select((id, i) => Created(id, (b * 100) + i))], None);
        }
        // An update intent carries the person it will change.
        await ledger.RecordIntentsAsync(new LedgerBatch("run-w", "person-update", "000000"), [LedgerEntry.Intent("p0-0", "h2") with { TargetId = 77 }], None);

        var read = new List<(string Batch, LedgerEntry Entry)>();
        await foreach (var row in ledger.ReadObjectTypeAsync("run-w", "person", None))
            read.Add(row);

        Assert.Equal(50, read.Count);
        Assert.Equal(50, read.Select(r => r.Entry.SourceId).Distinct().Count());
        Assert.Equal(47, read.Count(r => r.Entry.State == LedgerState.Created));
        Assert.Equal(["p4-7", "p4-8", "p4-9"], read.Where(r => r.Entry.State == LedgerState.Intent).Select(r => r.Entry.SourceId).Order());
        Assert.All(read.Where(r => r.Entry.SourceId.StartsWith("p4-", StringComparison.Ordinal)), r => Assert.Equal("000004", r.Batch));

        var update = Assert.Single(await ledger.ReadBatchAsync(new LedgerBatch("run-w", "person-update", "000000"), None)).Value;
        Assert.Equal(77, update.TargetId);
    }
}
