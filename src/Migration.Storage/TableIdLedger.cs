using System.Text.Json;
using Azure.Data.Tables;
using Migration.Domain.Ledger;

namespace Migration.Storage;

/// <summary>
/// The id ledger over Table storage. One batch's rows share a partition (run|object|batch), so a
/// batch's intents go in with one transaction and the batch reads back with one query. Partitions are
/// spread over <see cref="MigrationStorage.LedgerShardCount"/> tables by a fixed hash of their key, so a
/// partition always lives in the same table.
/// <para>
/// Final rows are one row per record. Intents written together share one row (<see cref="IntentsRowPrefix"/>) that
/// lists them: a load writes a round's intents and, one transaction later, its final rows, so a row per intent doubled
/// the rows a load writes. A listed intent is open while the record has no row of its own; a final row supersedes it.
/// </para>
/// </summary>
public sealed class TableIdLedger(MigrationStorage storage) : IIdLedger
{
    /// <summary>Table transactions hold at most 100 operations.</summary>
    private const int TransactionLimit = 100;

    /// <summary>
    /// Row key prefix of an intents row. No escaped source id can start with it: <see cref="TableKey.Escape"/> writes '%'
    /// only before two hex digits.
    /// </summary>
    private const string IntentsRowPrefix = "%intents|";

    /// <summary>Intents per intents row: a round is at most 50; the list stays far below a property's 64 KiB.</summary>
    private const int IntentsPerRow = 100;

    public async Task<IReadOnlyDictionary<string, LedgerEntry>> ReadBatchAsync(LedgerBatch batch, CancellationToken cancellationToken)
    {
        var partition = Partition(batch);
        var rows = new PartitionRows();
        await foreach (var e in TableOf(partition).QueryAsync<TableEntity>(TableKey.PartitionIs(partition), cancellationToken: cancellationToken).ConfigureAwait(false))
            rows.Add(e);
        return rows.Resolve();
    }

    public Task RecordIntentsAsync(LedgerBatch batch, IReadOnlyCollection<LedgerEntry> intents, CancellationToken cancellationToken) =>
        RecordManyAsync(batch, intents, cancellationToken);

    public async Task RecordManyAsync(LedgerBatch batch, IReadOnlyCollection<LedgerEntry> entries, CancellationToken cancellationToken)
    {
        var partition = Partition(batch);
        var rows = entries.Where(e => e.IsFinal).Select(e => ToEntity(partition, e)).ToList();
        rows.AddRange(entries.Where(e => !e.IsFinal).Chunk(IntentsPerRow).Select(chunk => IntentsEntity(partition, chunk)));
        foreach (var chunk in rows.Chunk(TransactionLimit))
        {
            var actions = chunk.Select(row => new TableTransactionAction(TableTransactionActionType.UpsertReplace, row));
            await TableOf(partition).SubmitTransactionAsync(actions, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Takes the records off every intents row that lists them (a row left listing none is deleted), and deletes their own intent rows.</summary>
    public async Task ForgetIntentsAsync(LedgerBatch batch, IReadOnlyCollection<string> sourceIds, CancellationToken cancellationToken)
    {
        var partition = Partition(batch);
        var forget = sourceIds.ToHashSet(StringComparer.Ordinal);
        var actions = new List<TableTransactionAction>();
        await foreach (var e in TableOf(partition).QueryAsync<TableEntity>(TableKey.PartitionIs(partition), cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            if (IsIntentsRow(e))
            {
                var listed = ReadIntents(e);
                var kept = listed.Where(i => !forget.Contains(i.SourceId)).ToList();
                if (kept.Count == listed.Count)
                    continue;
                actions.Add(kept.Count == 0
                    ? new TableTransactionAction(TableTransactionActionType.Delete, e, e.ETag)
                    : new TableTransactionAction(TableTransactionActionType.UpdateReplace, IntentsEntity(partition, kept, e.RowKey), e.ETag));
            }
            else if (forget.Contains(ToEntry(e).SourceId) && e.GetString("State") == nameof(LedgerState.Intent))
            {
                actions.Add(new TableTransactionAction(TableTransactionActionType.Delete, e, e.ETag));
            }
        }
        foreach (var chunk in actions.Chunk(TransactionLimit))
            await TableOf(partition).SubmitTransactionAsync(chunk, cancellationToken).ConfigureAwait(false);
    }

    public Task RecordAsync(LedgerBatch batch, LedgerEntry entry, CancellationToken cancellationToken)
    {
        var partition = Partition(batch);
        return entry.IsFinal
            ? TableOf(partition).UpsertEntityAsync(ToEntity(partition, entry), TableUpdateMode.Replace, cancellationToken)
            : TableOf(partition).UpsertEntityAsync(IntentsEntity(partition, [entry]), TableUpdateMode.Replace, cancellationToken);
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
            // Rows come in partition order; a partition's intents rows are resolved against its own final rows.
            string? current = null;
            var rows = new PartitionRows();
            var finished = new HashSet<string>(StringComparer.Ordinal);
            await foreach (var e in table.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken).ConfigureAwait(false))
            {
                if (current is not null && !string.Equals(current, e.PartitionKey, StringComparison.Ordinal))
                {
                    foreach (var row in Resolved(current, rows))
                        yield return row;
                    rows = new PartitionRows();
                    finished.Add(current);
                    if (finished.Contains(e.PartitionKey))
                        throw new InvalidOperationException($"The table returned partition {e.PartitionKey} out of order; its intents cannot be resolved.");
                }
                current = e.PartitionKey;
                rows.Add(e);
            }
            if (current is not null)
            {
                foreach (var row in Resolved(current, rows))
                    yield return row;
            }
        }

        IEnumerable<(string Batch, LedgerEntry Entry)> Resolved(string partition, PartitionRows rows) =>
            rows.Resolve().Values.Select(entry => (TableKey.Unescape(partition[prefix.Length..]), entry));
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

    private static bool IsIntentsRow(TableEntity e) => e.RowKey.StartsWith(IntentsRowPrefix, StringComparison.Ordinal);

    /// <summary>An intents row: each listed record's source id, payload hash and (for updates) target id, as JSON.</summary>
    private static TableEntity IntentsEntity(string partition, IEnumerable<LedgerEntry> intents, string? rowKey = null) =>
        new(partition, rowKey ?? IntentsRowPrefix + Guid.NewGuid().ToString("N"))
        {
            ["Intents"] = JsonSerializer.Serialize(intents.Select(i => new ListedIntent(i.SourceId, i.PayloadHash, i.TargetId)).ToList(), StorageJson.Options),
        };

    private static List<LedgerEntry> ReadIntents(TableEntity e) =>
        [.. (JsonSerializer.Deserialize<List<ListedIntent>>(e.GetString("Intents") ?? "[]", StorageJson.Options) ?? [])
            .Select(i => new LedgerEntry { SourceId = i.SourceId, State = LedgerState.Intent, PayloadHash = i.PayloadHash, TargetId = i.TargetId })];

    private sealed record ListedIntent(string SourceId, string? PayloadHash, long? TargetId);

    /// <summary>One partition's rows: a record's own row wins over any intents row that lists it; of several intents rows the newest wins.</summary>
    private sealed class PartitionRows
    {
        private readonly Dictionary<string, LedgerEntry> own = new(StringComparer.Ordinal);
        private readonly List<TableEntity> intentsRows = [];

        public void Add(TableEntity e)
        {
            if (IsIntentsRow(e))
                intentsRows.Add(e);
            else
            {
                var entry = ToEntry(e);
                own[entry.SourceId] = entry;
            }
        }

        public Dictionary<string, LedgerEntry> Resolve()
        {
            var rows = new Dictionary<string, LedgerEntry>(own, StringComparer.Ordinal);
            foreach (var e in intentsRows.OrderBy(e => e.Timestamp))
            {
                foreach (var intent in ReadIntents(e))
                {
                    if (!own.ContainsKey(intent.SourceId))
                        rows[intent.SourceId] = intent;
                }
            }
            return rows;
        }
    }

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
