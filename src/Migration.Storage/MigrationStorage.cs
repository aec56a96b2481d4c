using Azure.Data.Tables;
using Azure.Storage.Blobs;

namespace Migration.Storage;

/// <summary>The tables and the blob container one task hub's runs use (DESIGN §5).</summary>
public sealed class MigrationStorage
{
    public MigrationStorage(StorageOptions options)
    {
        Options = options;
        var tables = options.ConnectionString is { Length: > 0 } cs ? new TableServiceClient(cs)
            : new TableServiceClient(options.TableEndpoint ?? throw NoEndpoint("table"), options.Credential);
        Runs = tables.GetTableClient(options.Table("Runs"));
        Checkpoints = tables.GetTableClient(options.Table("Checkpoints"));
        LedgerShards = [.. Enumerable.Range(0, LedgerShardCount).Select(i => tables.GetTableClient(options.Table($"Ledger{i:D2}")))];
        FieldKeys = tables.GetTableClient(options.Table("FieldKeys"));
        Rejects = tables.GetTableClient(options.Table("Rejects"));
        TokenAccounts = tables.GetTableClient(options.Table("TokenAccounts"));
        Gates = tables.GetTableClient(options.Table("Gates"));
        DedupeIndex = tables.GetTableClient(options.Table("DedupeIndex"));
        Rollback = tables.GetTableClient(options.Table("Rollback"));
        BatchLeases = tables.GetTableClient(options.Table("BatchLeases"));
        var blobs = options.ConnectionString is { Length: > 0 } connection ? new BlobServiceClient(connection)
            : new BlobServiceClient(options.BlobEndpoint ?? throw NoEndpoint("blob"), options.Credential);
        Blobs = blobs.GetBlobContainerClient(options.ContainerName);
        Cutovers = tables.GetTableClient(options.Table("Cutovers"));
    }

    private static InvalidOperationException NoEndpoint(string service) =>
        new($"Run storage has neither a connection string nor a {service} endpoint.");

    public StorageOptions Options { get; }
    public TableClient Runs { get; }
    public TableClient Checkpoints { get; }
    /// <summary>
    /// The id ledger is spread over this many tables by partition (<see cref="TableIdLedger"/>). Azure Table storage
    /// finds a partition by its key whatever the table's size, but Azurite scans every row of a table for each query,
    /// and a load reads its ledger partitions once or more per batch: over one table, a 10,000-user run's queries
    /// each scanned every person's and activity's row, and the loads slowed as the run grew.
    /// </summary>
    public const int LedgerShardCount = 16;

    public IReadOnlyList<TableClient> LedgerShards { get; }
    public TableClient FieldKeys { get; }
    public TableClient Rejects { get; }
    public TableClient TokenAccounts { get; }
    public TableClient Gates { get; }
    public TableClient DedupeIndex { get; }

    /// <summary>What a rollback did with each object a run wrote (<see cref="RollbackLedger"/>).</summary>
    public TableClient Rollback { get; }

    public TableClient Cutovers { get; }

    /// <summary>Which execution is writing a load batch now (<see cref="BatchLeaseStore"/>).</summary>
    public TableClient BatchLeases { get; }
    public BlobContainerClient Blobs { get; }

    public async Task EnsureCreatedAsync(CancellationToken cancellationToken)
    {
        foreach (var table in new[] { Runs, Checkpoints, FieldKeys, Rejects, TokenAccounts, Gates, DedupeIndex, Rollback, Cutovers, BatchLeases }.Concat(LedgerShards))
            await table.CreateIfNotExistsAsync(cancellationToken).ConfigureAwait(false);
        await Blobs.CreateIfNotExistsAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
    }
}
