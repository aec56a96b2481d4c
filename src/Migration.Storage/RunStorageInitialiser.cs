using Microsoft.Extensions.Hosting;

namespace Migration.Storage;

/// <summary>Creates the run tables and the staging container before anything uses them (both hosts).</summary>
public sealed class RunStorageInitialiser(MigrationStorage storage) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken) => storage.EnsureCreatedAsync(cancellationToken);

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
