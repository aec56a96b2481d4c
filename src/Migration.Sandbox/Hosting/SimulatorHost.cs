using System.Net;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;

namespace Migration.Sandbox.Hosting;

/// <summary>Builds and starts one simulator as its own Kestrel app on 127.0.0.1 only.</summary>
internal static class SimulatorHost
{
    public const string AdminPrefix = "/_sandbox";

    public static WebApplicationBuilder CreateBuilder(string name, int port)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(port);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(port, IPEndPoint.MaxPort);

        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions
        {
            ApplicationName = name,
            ContentRootPath = AppContext.BaseDirectory,
            Args = [],
        });

        // Loopback only: the simulators hold synthetic PII and have no real auth.
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, port));

        // Warnings only, and to stderr, so the launcher's single "ready" line is all that reaches stdout.
        builder.Logging.ClearProviders();
        builder.Logging.AddConsole(console => console.LogToStandardErrorThreshold = LogLevel.Trace);
        builder.Logging.SetMinimumLevel(LogLevel.Warning);

        // The caller owns shutdown (Ctrl+C / SIGTERM in Program, DisposeAsync in tests), not each app.
        builder.Services.AddSingleton<IHostLifetime, EmbeddedLifetime>();
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(5));
        return builder;
    }

    public static async Task<Uri> StartAsync(WebApplication app, CancellationToken cancellationToken)
    {
        await app.StartAsync(cancellationToken).ConfigureAwait(false);
        var addresses = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>();
        var bound = new Uri(addresses.Addresses.Single());
        return new Uri($"http://127.0.0.1:{bound.Port}");
    }

    private sealed class EmbeddedLifetime : IHostLifetime
    {
        public Task WaitForStartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
