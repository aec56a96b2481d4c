using Migration.Sandbox.Hosting;
using Migration.Sandbox.Pipedrive;

namespace Migration.Sandbox;

/// <summary>
/// A Pipedrive v2 simulator (person fields and persons) holding one in-memory company on 127.0.0.1.
/// <code>await using var pipedrive = await PipedriveSimulator.StartAsync(new PipedriveSimulatorOptions { Seed = 7 }, ct);</code>
/// </summary>
public sealed class PipedriveSimulator : IAsyncDisposable
{
    private readonly WebApplication app;

    private PipedriveSimulator(WebApplication app, Uri baseAddress)
    {
        this.app = app;
        BaseAddress = baseAddress;
    }

    /// <summary>e.g. <c>http://127.0.0.1:50124</c>; the v2 API is under <c>/api/v2/</c>.</summary>
    public Uri BaseAddress { get; }

    public static async Task<PipedriveSimulator> StartAsync(PipedriveSimulatorOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentException.ThrowIfNullOrEmpty(options.ApiToken);
        ArgumentNullException.ThrowIfNull(options.Clock);

        var account = new PipedriveAccount(options.Seed, options.Clock);
        var tally = new RequestTally();

        var builder = SimulatorHost.CreateBuilder("Migration.Sandbox.Pipedrive", options.Port);
        var app = builder.Build();
        app.UsePipedrivePipeline(options, tally);
        app.MapPipedrive(account, tally);

        try
        {
            var baseAddress = await SimulatorHost.StartAsync(app, cancellationToken).ConfigureAwait(false);
            return new PipedriveSimulator(app, baseAddress);
        }
        catch
        {
            await app.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync().ConfigureAwait(false);
        await app.DisposeAsync().ConfigureAwait(false);
    }
}
