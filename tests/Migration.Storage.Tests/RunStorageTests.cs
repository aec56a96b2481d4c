using System.Text.Json;
using Migration.Domain.Ledger;
using Migration.Domain.Reconciliation;
using Migration.Domain.Reports;
using Migration.Domain.Runs;
using Migration.Domain.Source;
using Migration.Tests.Shared;

namespace Migration.Storage.Tests;

/// <summary>Run state on Azurite: what is written is what is read back, and repeats do not double anything.</summary>
public sealed class RunStorageTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    private async Task<MigrationStorage> Storage()
    {
        azurite.SkipIfUnavailable();
        var storage = new MigrationStorage(new StorageOptions { ConnectionString = azurite.ConnectionString, TaskHub = "T" + Guid.NewGuid().ToString("N")[..12] });
        await storage.EnsureCreatedAsync(CancellationToken.None);
        return storage;
    }

    [SkippableFact]
    public async Task The_ledger_keeps_intents_and_final_states_per_batch_including_awkward_source_ids()
    {
        var ledger = new TableIdLedger(await Storage());
        var batch = new LedgerBatch("run-1", "person", "000001");
        var ids = new[] { "plain", "with/slash", "hash#and?query", "per%cent", "back\\slash", "ünïcödé" };

        await ledger.RecordIntentsAsync(batch, ids.Select(id => LedgerEntry.Intent(id, "h-" + id)).ToList(), CancellationToken.None);
        await ledger.RecordAsync(batch, new LedgerEntry { SourceId = "with/slash", State = LedgerState.Created, TargetId = 42, PayloadHash = "h" }, CancellationToken.None);

        var rows = await ledger.ReadBatchAsync(batch, CancellationToken.None);
        Assert.Equal(ids.Order(), rows.Keys.Order());
        Assert.Equal(LedgerState.Created, rows["with/slash"].State);
        Assert.Equal(42, rows["with/slash"].TargetId);
        Assert.Equal(LedgerState.Intent, rows["hash#and?query"].State);
        Assert.Equal("h-per%cent", rows["per%cent"].PayloadHash);

        var otherBatch = await ledger.ReadBatchAsync(batch with { BatchName = "000002" }, CancellationToken.None);
        Assert.Empty(otherBatch);
    }

    [SkippableFact]
    public async Task A_runs_rows_of_one_object_type_read_back_whole_from_every_ledger_table_and_nothing_else()
    {
        // Forty batches spread over the ledger's tables; a second run and a second object type beside them.
        var ledger = new TableIdLedger(await Storage());
        for (var b = 0; b < 40; b++)
        {
            var name = b.ToString("D6", System.Globalization.CultureInfo.InvariantCulture);
            var rows = Enumerable.Range(0, 3).Select(i => new LedgerEntry { SourceId = $"u{b}-{i}", State = LedgerState.Created, TargetId = b * 10 + i }).ToList();
            await ledger.RecordManyAsync(new LedgerBatch("run-a", "person", name), rows, CancellationToken.None);
            await ledger.RecordManyAsync(new LedgerBatch("run-b", "person", name), rows, CancellationToken.None);
            await ledger.RecordManyAsync(new LedgerBatch("run-a", "activity", name), rows.Take(1).ToList(), CancellationToken.None);
        }

        var persons = new List<(string Batch, LedgerEntry Entry)>();
        await foreach (var row in ledger.ReadObjectTypeAsync("run-a", "person", CancellationToken.None))
            persons.Add(row);

        Assert.Equal(120, persons.Count);
        Assert.Equal(120, persons.Select(p => p.Entry.SourceId).Distinct().Count());
        Assert.All(persons, p => Assert.StartsWith($"u{int.Parse(p.Batch, System.Globalization.CultureInfo.InvariantCulture)}-", p.Entry.SourceId));
        Assert.Equal(40, (await ledger.ListBatchesAsync("run-a", "activity", "", CancellationToken.None)).Count);
        Assert.Equal(["000010", "000011", "000012", "000013", "000014", "000015", "000016", "000017", "000018", "000019"],
            await ledger.ListBatchesAsync("run-a", "activity", "00001", CancellationToken.None));
    }

    [SkippableFact]
    public async Task Staged_batches_round_trip_through_gzip_ndjson()
    {
        var staging = new StagingStore(await Storage());
        var users = Enumerable.Range(0, 100).Select(i => new SourceUser
        {
            ExtId = $"nm-{i}",
            Email = i % 2 == 0 ? $"u{i}@example.com" : null,
            Profile = new Dictionary<string, JsonElement> { ["name"] = JsonSerializer.SerializeToElement("Şükrü"), ["points"] = JsonSerializer.SerializeToElement(i) },
            Devices = [new SourceDevice { Platform = "IOS", Token = "t" + i, PushPermitted = true }],
        }).ToList();

        await staging.WriteBatchAsync("run-1", "staged/persons/000000.ndjson.gz", users, CancellationToken.None);
        await staging.WriteBatchAsync("run-1", "staged/persons/000000.ndjson.gz", users, CancellationToken.None); // a rerun overwrites
        var read = await staging.ReadBatchAsync("run-1", "staged/persons/000000.ndjson.gz", CancellationToken.None);

        Assert.Equal(100, read.Count);
        Assert.Equal(users.Select(u => u.ExtId), read.Select(u => u.ExtId));
        Assert.Equal("Şükrü", read[7].ProfileText("name"));
        Assert.Equal("7", read[7].ProfileText("points"));
        Assert.Equal("t7", read[7].Devices[0].Token);
    }

    [SkippableFact]
    public async Task A_checkpoint_written_twice_counts_once()
    {
        var checkpoints = new CheckpointStore(await Storage());
        var counts = new PhaseCounts(100, 98, 0, 0, 2);
        await checkpoints.WriteAsync("run-1", new BatchCheckpoint("load-persons", "000001", counts), CancellationToken.None);
        await checkpoints.WriteAsync("run-1", new BatchCheckpoint("load-persons", "000001", counts), CancellationToken.None);
        await checkpoints.WriteAsync("run-1", new BatchCheckpoint("load-persons", "000002", counts), CancellationToken.None);
        await checkpoints.WriteAsync("run-2", new BatchCheckpoint("load-persons", "000001", counts), CancellationToken.None);

        var totals = await checkpoints.TotalsAsync("run-1", CancellationToken.None);
        Assert.Equal(new PhaseCounts(200, 196, 0, 0, 4), totals["load-persons"]);
    }

    [SkippableFact]
    public async Task Checkpoints_of_many_units_total_exactly_per_run_and_count_an_earlier_versions_row_once()
    {
        var storage = await Storage();
        var checkpoints = new CheckpointStore(storage);
        var one = new PhaseCounts(10, 9, 0, 0, 1);
        await Task.WhenAll(Enumerable.Range(0, 300).Select(u => checkpoints.WriteAsync("run-1", new BatchCheckpoint(u % 3 == 0 ? "load-activities" : "load-persons", $"{u:D6}", one), CancellationToken.None)));
        await checkpoints.WriteAsync("run-10", new BatchCheckpoint("load-persons", "000001", one), CancellationToken.None);
        await checkpoints.WriteAsync("run-1x", new BatchCheckpoint("load-persons", "000001", one), CancellationToken.None);
        // Rows an earlier version kept in one partition per run: one for a unit written again since, one for a unit that was not.
        await storage.Checkpoints.UpsertEntityAsync(Legacy("load-persons|000001"), cancellationToken: CancellationToken.None);
        await storage.Checkpoints.UpsertEntityAsync(Legacy("load-persons|999999"), cancellationToken: CancellationToken.None);

        var totals = await checkpoints.TotalsAsync("run-1", CancellationToken.None);
        Assert.Equal(new PhaseCounts(2000 + 10, 1800 + 9, 0, 0, 200 + 1), totals["load-persons"]); // 200 units and the old-only one
        Assert.Equal(new PhaseCounts(1000, 900, 0, 0, 100), totals["load-activities"]);
        var units = await checkpoints.ReadAsync("run-1", CancellationToken.None);
        Assert.Equal(301, units.Count);
        Assert.Equal(units.OrderBy(c => c.Phase, StringComparer.Ordinal).ThenBy(c => c.Unit, StringComparer.Ordinal), units);

        static Azure.Data.Tables.TableEntity Legacy(string rowKey) => new("run-1", rowKey)
        {
            ["Phase"] = "load-persons", ["Expected"] = 10L, ["Created"] = 9L, ["Updated"] = 0L, ["Skipped"] = 0L, ["Rejected"] = 1L,
        };
    }

    [SkippableFact]
    public async Task Staged_lines_larger_than_many_buffers_read_back_record_for_record()
    {
        var staging = new StagingStore(await Storage());
        // Random text barely compresses: the gzip output spans many of the writer's 64 KB buffers, written in odd sizes.
        var random = new Random(7);
        var records = Enumerable.Range(0, 3_000).Select(i => new SourceEvent(
            $"nm-{i}", "Purchase", DateTimeOffset.UnixEpoch.AddMinutes(i),
            new Dictionary<string, string> { ["blob"] = Convert.ToBase64String(Enumerable.Range(0, 1 + random.Next(700)).Select(_ => (byte)random.Next(256)).ToArray()) })).ToList();

        await staging.WriteLinesAsync("run-1", "staged/events/big.ndjson.gz", records, CancellationToken.None);
        await staging.WriteLinesAsync("run-1", "staged/events/empty.ndjson.gz", Array.Empty<SourceEvent>(), CancellationToken.None);

        var read = await staging.ReadLinesAsync<SourceEvent>("run-1", "staged/events/big.ndjson.gz", CancellationToken.None, missingIsEmpty: false);
        Assert.Equal(records.Count, read.Count);
        Assert.All(records.Zip(read), pair =>
        {
            Assert.Equal(pair.First.ExtId, pair.Second.ExtId);
            Assert.Equal(pair.First.Timestamp, pair.Second.Timestamp);
            Assert.Equal(pair.First.Attributes["blob"], pair.Second.Attributes["blob"]);
        });
        Assert.Empty(await staging.ReadLinesAsync<SourceEvent>("run-1", "staged/events/empty.ndjson.gz", CancellationToken.None, missingIsEmpty: false));
    }

    [SkippableFact]
    public async Task A_run_is_recorded_once_and_read_back_with_its_plan()
    {
        var runs = new RunStore(await Storage());
        var plan = new MigrationPlan { RunId = "run-a", NetmeraConnection = "n", SegmentId = 7, PipedriveConnection = "p", Options = new RunOptions { BatchSize = 50 } };
        var at = new DateTimeOffset(2026, 11, 28, 12, 0, 0, TimeSpan.Zero);

        Assert.True(await runs.TryAddAsync(new RunRecord("run-a", at, plan), CancellationToken.None));
        Assert.False(await runs.TryAddAsync(new RunRecord("run-a", at, plan), CancellationToken.None));

        var read = await runs.GetAsync("run-a", CancellationToken.None);
        Assert.Equal(plan, read!.Plan);
        Assert.Equal(at, read.CreatedAt);
        Assert.Null(await runs.GetAsync("run-b", CancellationToken.None));
    }

    [SkippableFact]
    public async Task Rejects_are_kept_per_phase_once_per_record()
    {
        var rejects = new RejectStore(await Storage());
        var rows = new[]
        {
            new RejectedRecord("load-persons", "nm-1", "invalid_email", "bad"),
            new RejectedRecord("load-persons", "nm-1", "invalid_email", "bad"),
            new RejectedRecord("extract", "nm-2", "source_not_found", "gone"),
        };
        await rejects.AddAsync("run-1", rows, CancellationToken.None);
        await rejects.AddAsync("run-1", rows, CancellationToken.None);

        Assert.Single(await rejects.ListAsync("run-1", "load-persons", CancellationToken.None));
        Assert.Equal("source_not_found", Assert.Single(await rejects.ListAsync("run-1", "extract", CancellationToken.None)).ReasonCode);

        // Many rows of one phase (spread over partitions) list once each, in source id order, and apart
        // from a phase whose name starts alike.
        var merged = Enumerable.Range(0, 150).Select(i => new RejectedRecord("extract-skipped", $"nm-{i:D3}/x", "merged_duplicate", "same email")).ToList();
        await rejects.AddAsync("run-1", merged, CancellationToken.None);
        Assert.Equal(merged.Select(r => r.SourceId), (await rejects.ListAsync("run-1", "extract-skipped", CancellationToken.None)).Select(r => r.SourceId));
        Assert.Single(await rejects.ListAsync("run-1", "extract", CancellationToken.None));
    }
}
