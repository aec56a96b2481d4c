using Migration.Sandbox.Dataset;
using Migration.Sandbox.Hosting;
using Migration.Sandbox.Netmera;
using Migration.Sandbox.Netmera.Exports;

namespace Migration.Sandbox;

/// <summary>
/// A Netmera REST simulator serving a generated population on 127.0.0.1, with its export files.
/// <code>await using var netmera = await NetmeraSimulator.StartAsync(new NetmeraSimulatorOptions { Users = 500 }, ct);</code>
/// </summary>
public sealed class NetmeraSimulator : IAsyncDisposable
{
    private readonly WebApplication app;
    private readonly NetmeraPopulation population;
    private readonly ExportStore exports;

    private NetmeraSimulator(WebApplication app, NetmeraPopulation population, ExportStore exports, Uri baseAddress)
    {
        this.app = app;
        this.population = population;
        this.exports = exports;
        BaseAddress = baseAddress;
    }

    /// <summary>e.g. <c>http://127.0.0.1:50123</c>; REST paths are under <c>/rest/3.0/</c>.</summary>
    public Uri BaseAddress { get; }

    /// <summary>The generated users, in segment order (the ground truth behind <c>/_sandbox/users</c>).</summary>
    public IReadOnlyList<SourceUser> Users => population.Users;

    /// <summary>The app's definitions: events, campaigns, journeys, widgets, surveys.</summary>
    public SourceCatalog Catalog => population.Catalog;

    /// <summary>Counts and duplicate groups behind <c>/_sandbox/truth</c> (computed on first use).</summary>
    public SourceTruth Truth => population.Truth;

    /// <summary>The export files this simulator serves under <c>/_sandbox/exports</c>.</summary>
    public NetmeraExports Exports => exports.Exports;

    /// <summary>Id of the STANDARD segment holding every user: the frozen full population.</summary>
    public static int AllUsersSegmentId => NetmeraPopulation.AllUsersSegmentId;

    /// <summary>Id of the STANDARD segment that leaves out dormant users (~10 %): coverage below 95 %.</summary>
    public static int ActiveUsersSegmentId => NetmeraPopulation.ActiveUsersSegmentId;

    public static async Task<NetmeraSimulator> StartAsync(NetmeraSimulatorOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentOutOfRangeException.ThrowIfNegative(options.Users);
        ArgumentException.ThrowIfNullOrEmpty(options.ApiKey);
        ArgumentOutOfRangeException.ThrowIfNegative(options.QuotaPerMinute);
        NetmeraFaultInjector.Validate(options.Faults, options.Latency);

        var population = new NetmeraPopulation(options.Users, options.Seed);
        var clock = options.Clock ?? new NetmeraClock(TimeProvider.System, SourceDataset.AsOf);
        var tally = new RequestTally();
        var quota = new NetmeraQuota(clock, options.QuotaPerMinute);
        var faults = new NetmeraFaultInjector(options.Faults, options.Latency, options.Seed);
        var exports = new ExportStore(new NetmeraExports(() => population.Users, population.Users.Count, options.Seed, options.AppKey, () => population.Truth.Campaigns));

        var builder = SimulatorHost.CreateBuilder("Migration.Sandbox.Netmera", options.Port);
        var app = builder.Build();
        app.UseNetmeraPipeline(options.ApiKey, tally, quota, faults, clock);
        app.MapNetmera(population, clock, options.DeviceTokenItems);
        app.MapNetmeraAdmin(population, tally, quota, faults, exports, clock);

        try
        {
            var baseAddress = await SimulatorHost.StartAsync(app, cancellationToken).ConfigureAwait(false);
            return new NetmeraSimulator(app, population, exports, baseAddress);
        }
        catch
        {
            await app.DisposeAsync().ConfigureAwait(false);
            exports.Dispose();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync().ConfigureAwait(false);
        await app.DisposeAsync().ConfigureAwait(false);
        exports.Dispose();
    }
}
