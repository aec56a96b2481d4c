using Migration.Storage;

namespace Migration.Host;

/// <summary>Creates the run tables and the staging container before anything uses them.</summary>
public sealed class RunStorageInitialiser(MigrationStorage storage) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken) => storage.EnsureCreatedAsync(cancellationToken);

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
