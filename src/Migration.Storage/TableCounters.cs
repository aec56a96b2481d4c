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
                    var entity = new TableEntity(partitionKey, rowKey);
                    foreach (var (name, value) in increments)
                        entity[name] = value;
                    await table.AddEntityAsync(entity, cancellationToken).ConfigureAwait(false);
                    return;
                }
                var row = found.Value!;
                foreach (var (name, value) in increments)
                    row[name] = (row.GetInt64(name) ?? 0) + value;
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

    public static async Task<IReadOnlyDictionary<string, long>> ReadAsync(TableClient table, string partitionKey, string rowKey, CancellationToken cancellationToken)
    {
        var found = await table.GetEntityIfExistsAsync<TableEntity>(partitionKey, rowKey, cancellationToken: cancellationToken).ConfigureAwait(false);
        if (!found.HasValue)
            return new Dictionary<string, long>();
        return found.Value!.Where(p => p.Value is long or int).ToDictionary(p => p.Key, p => Convert.ToInt64(p.Value, System.Globalization.CultureInfo.InvariantCulture));
    }
}
