namespace Migration.Tests.Shared;

/// <summary>Starts one private Azurite for a test class, or records why it cannot.</summary>
public sealed class AzuriteFixture : IAsyncLifetime
{
    private AzuriteInstance? azurite;

    public string? SkipReason { get; private set; }

    public string ConnectionString => azurite?.ConnectionString ?? throw new InvalidOperationException(SkipReason);

    public async Task InitializeAsync()
    {
        if (AzuriteInstance.Unavailable is { } reason && !AzuriteInstance.Required)
        {
            SkipReason = reason;
            return;
        }
        azurite = await AzuriteInstance.StartAsync();
    }

    /// <summary>Call first in every test that needs storage.</summary>
    public void SkipIfUnavailable() => Skip.If(SkipReason is not null, SkipReason);

    public async Task DisposeAsync()
    {
        if (azurite is not null)
            await azurite.DisposeAsync();
    }
}
