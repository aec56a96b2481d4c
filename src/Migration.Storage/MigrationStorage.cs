using Azure.Data.Tables;
using Azure.Storage.Blobs;

namespace Migration.Storage;

/// <summary>The tables and the blob container one task hub's runs use (DESIGN §5).</summary>
public sealed class MigrationStorage
{
    public MigrationStorage(StorageOptions options)
    {
        Options = options;
        var tables = new TableServiceClient(options.ConnectionString);
        Runs = tables.GetTableClient(options.Table("Runs"));
        Checkpoints = tables.GetTableClient(options.Table("Checkpoints"));
        Ledger = tables.GetTableClient(options.Table("Ledger"));
        FieldKeys = tables.GetTableClient(options.Table("FieldKeys"));
        Rejects = tables.GetTableClient(options.Table("Rejects"));
        TokenAccounts = tables.GetTableClient(options.Table("TokenAccounts"));
        Gates = tables.GetTableClient(options.Table("Gates"));
        DedupeIndex = tables.GetTableClient(options.Table("DedupeIndex"));
        Cutovers = tables.GetTableClient(options.Table("Cutovers"));
        Blobs = new BlobServiceClient(options.ConnectionString).GetBlobContainerClient(options.ContainerName);
    }

    public StorageOptions Options { get; }
    public TableClient Runs { get; }
    public TableClient Checkpoints { get; }
    public TableClient Ledger { get; }
    public TableClient FieldKeys { get; }
    public TableClient Rejects { get; }
    public TableClient TokenAccounts { get; }
    public TableClient Gates { get; }
    public TableClient DedupeIndex { get; }
    public TableClient Cutovers { get; }
    public BlobContainerClient Blobs { get; }

    public async Task EnsureCreatedAsync(CancellationToken cancellationToken)
    {
        foreach (var table in new[] { Runs, Checkpoints, Ledger, FieldKeys, Rejects, TokenAccounts, Gates, DedupeIndex, Cutovers })
            await table.CreateIfNotExistsAsync(cancellationToken).ConfigureAwait(false);
        await Blobs.CreateIfNotExistsAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
    }
}
