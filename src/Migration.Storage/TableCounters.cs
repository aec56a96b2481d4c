using Azure;
using Azure.Data.Tables;

namespace Migration.Storage;

/// <summary>
/// Adds to counters kept in one table row, safely when several workers add at once: read, add,
/// replace with the row's ETag, and start over when another writer got there first.
/// </summary>
public static class TableCounters
{
    private const int Attempts = 20;

    public static async Task AddAsync(TableClient table, string partitionKey, string rowKey, IReadOnlyDictionary<string, long> increments, CancellationToken cancellationToken)
    {
        for (var attempt = 0; attempt < Attempts; attempt++)
        {
            var found = await table.GetEntityIfExistsAsync<TableEntity>(partitionKey, rowKey, cancellationToken: cancellationToken).ConfigureAwait(false);
            try
            {
                if (!found.HasValue)
                {
                    await table.AddEntityAsync(Added(new TableEntity(partitionKey, rowKey), increments), cancellationToken).ConfigureAwait(false);
                    return;
                }
                var row = Added(found.Value!, increments);
                await table.UpdateEntityAsync(row, row.ETag, TableUpdateMode.Replace, cancellationToken).ConfigureAwait(false);
                return;
            }
            catch (RequestFailedException e) when (e.Status is 409 or 412)
            {
                // Another writer added first; read again.
            }
        }
        throw new InvalidOperationException($"Could not add to counters {partitionKey}/{rowKey} after {Attempts} attempts.");
    }

    /// <summary>
    /// Adds to counters in several rows of one partition in one transaction: one query reads them, one transaction
    /// replaces them (each on its ETag) or adds the missing ones; another writer's change starts it over.
    /// </summary>
    public static async Task AddAsync(
        TableClient table, string partitionKey, IReadOnlyDictionary<string, IReadOnlyDictionary<string, long>> incrementsByRow, CancellationToken cancellationToken)
    {
        var filter = string.Join(" or ", incrementsByRow.Keys.Select(rowKey => TableClient.CreateQueryFilter($"RowKey eq {rowKey}")));
        filter = $"{TableKey.PartitionIs(partitionKey)} and ({filter})";
        for (var attempt = 0; attempt < Attempts; attempt++)
        {
            var found = new Dictionary<string, TableEntity>(StringComparer.Ordinal);
            await foreach (var e in table.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken).ConfigureAwait(false))
                found[e.RowKey] = e;
            var actions = new List<TableTransactionAction>();
            foreach (var (rowKey, increments) in incrementsByRow)
            {
                actions.Add(found.TryGetValue(rowKey, out var row)
                    ? new TableTransactionAction(TableTransactionActionType.UpdateReplace, Added(row, increments), row.ETag)
                    : new TableTransactionAction(TableTransactionActionType.Add, Added(new TableEntity(partitionKey, rowKey), increments)));
            }
            try
            {
                await table.SubmitTransactionAsync(actions, cancellationToken).ConfigureAwait(false);
                return;
            }
            catch (TableTransactionFailedException e) when (e.Status is 409 or 412)
            {
                // Another writer added or changed a row first; read again.
            }
        }
        throw new InvalidOperationException($"Could not add to counters in {partitionKey} after {Attempts} attempts.");
    }

    /// <summary>The row with each increment added to its counter (a counter it lacks starts at zero).</summary>
    private static TableEntity Added(TableEntity row, IReadOnlyDictionary<string, long> increments)
    {
        foreach (var (name, value) in increments)
            row[name] = (row.GetInt64(name) ?? 0) + value;
        return row;
    }

    public static async Task<IReadOnlyDictionary<string, long>> ReadAsync(TableClient table, string partitionKey, string rowKey, CancellationToken cancellationToken)
    {
        var found = await table.GetEntityIfExistsAsync<TableEntity>(partitionKey, rowKey, cancellationToken: cancellationToken).ConfigureAwait(false);
        if (!found.HasValue)
            return new Dictionary<string, long>();
        return found.Value!.Where(p => p.Value is long or int).ToDictionary(p => p.Key, p => Convert.ToInt64(p.Value, System.Globalization.CultureInfo.InvariantCulture));
    }
}
