using Azure.Core;

namespace Migration.Storage;

/// <summary>
/// Where run state lives: an account reached by connection string (Azurite, or a key), or by endpoints
/// and an Entra ID credential (a managed identity in Azure). Table and container names derive from the
/// task hub so two hubs on one account never share state.
/// </summary>
public sealed record StorageOptions
{
    public string? ConnectionString { get; init; }
    public Uri? BlobEndpoint { get; init; }
    public Uri? TableEndpoint { get; init; }
    public TokenCredential? Credential { get; init; }
    public required string TaskHub { get; init; }

    public string ContainerName => TaskHub.ToLowerInvariant() + "-runs";

    public string Table(string name) => TaskHub + name;
}
