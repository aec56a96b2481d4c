using Azure.Data.Tables;
using Migration.Domain.Ledger;

namespace Migration.Storage;

/// <summary>
/// The id ledger over Table storage. One batch's rows share a partition (run|object|batch), so a
/// batch's intents go in with one transaction and the batch reads back with one query. Partitions are
/// spread over <see cref="MigrationStorage.LedgerShardCount"/> tables by a fixed hash of their key, so a
/// partition always lives in the same table.
/// </summary>
public sealed class TableIdLedger(MigrationStorage storage) : IIdLedger
{
    /// <summary>Table transactions hold at most 100 operations.</summary>
    private const int TransactionLimit = 100;

    public async Task<IReadOnlyDictionary<string, LedgerEntry>> ReadBatchAsync(LedgerBatch batch, CancellationToken cancellationToken)
    {
        var partition = Partition(batch);
        var rows = new Dictionary<string, LedgerEntry>(StringComparer.Ordinal);
        await foreach (var e in TableOf(partition).QueryAsync<TableEntity>(TableKey.PartitionIs(partition), cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            var entry = ToEntry(e);
            rows[entry.SourceId] = entry;
        }
        return rows;
    }

    public Task RecordIntentsAsync(LedgerBatch batch, IReadOnlyCollection<LedgerEntry> intents, CancellationToken cancellationToken) =>
        RecordManyAsync(batch, intents, cancellationToken);

    public async Task RecordManyAsync(LedgerBatch batch, IReadOnlyCollection<LedgerEntry> entries, CancellationToken cancellationToken)
    {
        var partition = Partition(batch);
        foreach (var chunk in entries.Chunk(TransactionLimit))
        {
            var actions = chunk.Select(i => new TableTransactionAction(TableTransactionActionType.UpsertReplace, ToEntity(partition, i)));
            await TableOf(partition).SubmitTransactionAsync(actions, cancellationToken).ConfigureAwait(false);
        }
    }

    public async Task ForgetIntentsAsync(LedgerBatch batch, IReadOnlyCollection<string> sourceIds, CancellationToken cancellationToken)
    {
        var partition = Partition(batch);
        foreach (var chunk in sourceIds.Chunk(TransactionLimit))
        {
            var actions = chunk.Select(id => new TableTransactionAction(TableTransactionActionType.Delete, new TableEntity(partition, TableKey.Escape(id)), Azure.ETag.All));
            await TableOf(partition).SubmitTransactionAsync(actions, cancellationToken).ConfigureAwait(false);
        }
    }

    public Task RecordAsync(LedgerBatch batch, LedgerEntry entry, CancellationToken cancellationToken)
    {
        var partition = Partition(batch);
        return TableOf(partition).UpsertEntityAsync(ToEntity(partition, entry), TableUpdateMode.Replace, cancellationToken);
    }

    /// <summary>
    /// Every row of one object type in a run, with its batch name, batch by batch within each table but in no order
    /// across tables: one range query over the run's partitions of that type per table (the preview and the rollback
    /// report count whole runs; loads read one batch).
    /// </summary>
    public async IAsyncEnumerable<(string Batch, LedgerEntry Entry)> ReadObjectTypeAsync(
        string runId, string objectType, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var prefix = $"{runId}|{objectType}|";
        var filter = TableClient.CreateQueryFilter($"PartitionKey ge {prefix} and PartitionKey lt {prefix + "~"}");
        foreach (var table in storage.LedgerShards)
        {
            await foreach (var e in table.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken).ConfigureAwait(false))
                yield return (TableKey.Unescape(e.PartitionKey[prefix.Length..]), ToEntry(e));
        }
    }

    /// <summary>The names of a run's ledger batches of one object type whose names start with <paramref name="namePrefix"/>, in order.</summary>
    public async Task<IReadOnlyList<string>> ListBatchesAsync(string runId, string objectType, string namePrefix, CancellationToken cancellationToken)
    {
        var prefix = $"{runId}|{objectType}|{TableKey.Escape(namePrefix)}";
        var filter = TableClient.CreateQueryFilter($"PartitionKey ge {prefix} and PartitionKey lt {prefix + "~"}");
        var names = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var table in storage.LedgerShards)
        {
            await foreach (var e in table.QueryAsync<TableEntity>(filter, select: ["PartitionKey"], cancellationToken: cancellationToken).ConfigureAwait(false))
                names.Add(TableKey.Unescape(e.PartitionKey[$"{runId}|{objectType}|".Length..]));
        }
        return [.. names];
    }

    /// <summary>The table a partition lives in: FNV-1a over its key, the same in every process and every release.</summary>
    private TableClient TableOf(string partition)
    {
        var hash = 2166136261u;
        foreach (var c in partition)
            hash = (hash ^ c) * 16777619u;
        return storage.LedgerShards[(int)(hash % (uint)storage.LedgerShards.Count)];
    }

    private static string Partition(LedgerBatch batch) =>
        $"{batch.RunId}|{batch.ObjectType}|{TableKey.Escape(batch.BatchName)}";

    private static TableEntity ToEntity(string partition, LedgerEntry entry) => new(partition, TableKey.Escape(entry.SourceId))
    {
        ["SourceId"] = entry.SourceId,
        ["State"] = entry.State.ToString(),
        ["TargetId"] = entry.TargetId,
        ["PayloadHash"] = entry.PayloadHash,
        ["ReasonCode"] = entry.ReasonCode,
        ["ReasonDetail"] = entry.ReasonDetail,
        ["UpdateTime"] = entry.UpdateTime,
        ["BeforeImage"] = entry.BeforeImage,
    };

    private static LedgerEntry ToEntry(TableEntity e) => new()
    {
        SourceId = e.GetString("SourceId") ?? TableKey.Unescape(e.RowKey),
        State = Enum.Parse<LedgerState>(e.GetString("State")),
        TargetId = e.GetInt64("TargetId"),
        PayloadHash = e.GetString("PayloadHash"),
        ReasonCode = e.GetString("ReasonCode"),
        ReasonDetail = e.GetString("ReasonDetail"),
        UpdateTime = e.GetString("UpdateTime"),
        BeforeImage = e.GetString("BeforeImage"),
    };
}
