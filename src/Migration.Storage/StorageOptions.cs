namespace Migration.Storage;

/// <summary>
/// Where run state lives. The connection string is read from configuration by name
/// (<c>ConnectionStrings:MigrationStorage</c>, else <c>AzureWebJobsStorage</c>); table and container
/// names derive from the task hub so two hubs on one account never share state.
/// </summary>
public sealed record StorageOptions
{
    public required string ConnectionString { get; init; }
    public required string TaskHub { get; init; }

    public string ContainerName => TaskHub.ToLowerInvariant() + "-runs";

    public string Table(string name) => TaskHub + name;
}
