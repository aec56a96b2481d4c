using Migration.Sandbox.Dataset;
using Migration.Sandbox.Hosting;
using Migration.Sandbox.Netmera;

namespace Migration.Sandbox;

/// <summary>
/// A Netmera REST simulator serving a generated population on 127.0.0.1.
/// <code>await using var netmera = await NetmeraSimulator.StartAsync(new NetmeraSimulatorOptions { Users = 500 }, ct);</code>
/// </summary>
public sealed class NetmeraSimulator : IAsyncDisposable
{
    private readonly WebApplication app;
    private readonly NetmeraPopulation population;

    private NetmeraSimulator(WebApplication app, NetmeraPopulation population, Uri baseAddress)
    {
        this.app = app;
        this.population = population;
        BaseAddress = baseAddress;
    }

    /// <summary>e.g. <c>http://127.0.0.1:50123</c>; REST paths are under <c>/rest/3.0/</c>.</summary>
    public Uri BaseAddress { get; }

    /// <summary>The generated users, in segment order (the ground truth behind <c>/_sandbox/users</c>).</summary>
    public IReadOnlyList<SourceUser> Users => population.Users;

    /// <summary>Id of the STANDARD segment holding every user: the frozen full population.</summary>
    public static int AllUsersSegmentId => NetmeraPopulation.AllUsersSegmentId;

    public static async Task<NetmeraSimulator> StartAsync(NetmeraSimulatorOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentOutOfRangeException.ThrowIfNegative(options.Users);
        ArgumentException.ThrowIfNullOrEmpty(options.ApiKey);

        var population = new NetmeraPopulation(options.Users, options.Seed);
        var tally = new RequestTally();

        var builder = SimulatorHost.CreateBuilder("Migration.Sandbox.Netmera", options.Port);
        var app = builder.Build();
        app.UseNetmeraPipeline(options.ApiKey, tally);
        app.MapNetmera(population, tally);

        try
        {
            var baseAddress = await SimulatorHost.StartAsync(app, cancellationToken).ConfigureAwait(false);
            return new NetmeraSimulator(app, population, baseAddress);
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
