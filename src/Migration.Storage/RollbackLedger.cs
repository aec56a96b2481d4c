using Azure.Data.Tables;
using Migration.Domain.Rollback;

namespace Migration.Storage;

/// <summary>
/// The rollback ledger: per run, object type and ledger batch, what a rollback did with each object the run wrote
/// (deleted, already gone, restored, kept, failed). Its partitions mirror the id ledger's, so a batch is undone and
/// recorded in one partition; a rollback killed part way reads it and goes on without repeating a delete, and a
/// rollback run again finds everything settled and writes nothing. The run's own ledger stays as the load left it.
/// </summary>
public sealed class RollbackLedger(MigrationStorage storage)
{
    public async Task<IReadOnlyDictionary<string, RollbackEntry>> ReadBatchAsync(string runId, string objectType, string batch, CancellationToken cancellationToken)
    {
        var partition = Partition(runId, objectType, batch);
        var rows = new Dictionary<string, RollbackEntry>(StringComparer.Ordinal);
        await foreach (var e in storage.Rollback.QueryAsync<TableEntity>(TableKey.PartitionIs(partition), cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            var entry = ToEntry(objectType, e);
            rows[entry.SourceId] = entry;
        }
        return rows;
    }

    public Task RecordAsync(string runId, string batch, RollbackEntry entry, CancellationToken cancellationToken) =>
        storage.Rollback.UpsertEntityAsync(new TableEntity(Partition(runId, entry.ObjectType, batch), TableKey.Escape(entry.SourceId))
        {
            ["SourceId"] = entry.SourceId,
            ["TargetId"] = entry.TargetId,
            ["Outcome"] = entry.Outcome.ToString(),
            ["Detail"] = entry.Detail,
        }, TableUpdateMode.Replace, cancellationToken);

    /// <summary>Every object of the run the rollbacks looked at, in partition order (object type, batch).</summary>
    public async Task<IReadOnlyList<RollbackEntry>> ReadRunAsync(string runId, CancellationToken cancellationToken)
    {
        var from = $"{runId}|";
        var to = from + "~";
        var rows = new List<RollbackEntry>();
        await foreach (var e in storage.Rollback.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey ge {from} and PartitionKey lt {to}"),
            cancellationToken: cancellationToken).ConfigureAwait(false))
            rows.Add(ToEntry(e.PartitionKey[from.Length..].Split('|')[0], e));
        return rows;
    }

    private static string Partition(string runId, string objectType, string batch) => $"{runId}|{objectType}|{TableKey.Escape(batch)}";

    private static RollbackEntry ToEntry(string objectType, TableEntity e) => new(
        objectType,
        e.GetString("SourceId") ?? TableKey.Unescape(e.RowKey),
        e.GetInt64("TargetId"),
        Enum.Parse<RollbackOutcome>(e.GetString("Outcome")),
        e.GetString("Detail"));
}
