using Azure.Data.Tables;

namespace Migration.Storage;

/// <summary>
/// The FieldKeys table: every Pipedrive field key the run resolved, persisted with the run so a later
/// rename in Pipedrive cannot break delta sync or rollback (DESIGN §4.5).
/// </summary>
public sealed class FieldKeyStore(MigrationStorage storage)
{
    public Task SaveAsync(string runId, FieldKey key, CancellationToken cancellationToken) =>
        storage.FieldKeys.UpsertEntityAsync(new TableEntity(runId, $"{key.Entity}|{TableKey.Escape(key.FieldName)}")
        {
            ["Entity"] = key.Entity,
            ["FieldName"] = key.FieldName,
            ["Key"] = key.Key,
            ["CreatedByRun"] = key.CreatedByRun,
        }, TableUpdateMode.Replace, cancellationToken);

    public async Task<IReadOnlyList<FieldKey>> ListAsync(string runId, CancellationToken cancellationToken)
    {
        var keys = new List<FieldKey>();
        await foreach (var e in storage.FieldKeys.QueryAsync<TableEntity>(TableKey.PartitionIs(runId), cancellationToken: cancellationToken).ConfigureAwait(false))
            keys.Add(new FieldKey(e.GetString("Entity"), e.GetString("FieldName"), e.GetString("Key"), e.GetBoolean("CreatedByRun") ?? false));
        return keys;
    }
}

/// <summary>A resolved field: entity (person, organization, deal), display name, the account's key.</summary>
public sealed record FieldKey(string Entity, string FieldName, string Key, bool CreatedByRun);
