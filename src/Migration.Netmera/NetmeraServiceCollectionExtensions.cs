using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Hosting;
using Migration.Netmera.Exports;
using Polly;

namespace Migration.Netmera;

public static class NetmeraServiceCollectionExtensions
{
    /// <summary>
    /// Registers the Netmera client factory and the export-file catalog. Every Netmera call the client
    /// makes is a read (the two targeting POSTs only count), so 5xx, 408, 429 and network faults are
    /// retried with jittered exponential backoff for every method; 4xx application errors (2010, 5022…)
    /// are not retried here and surface as <see cref="NetmeraApiException"/>.
    /// </summary>
    public static IHostApplicationBuilder AddNetmeraServices(this IHostApplicationBuilder builder)
    {
        builder.Services.AddHttpClient(NetmeraClientFactory.HttpClientName)
            .AddResilienceHandler("netmera-reads", pipeline => pipeline
                .AddRetry(new HttpRetryStrategyOptions
                {
                    MaxRetryAttempts = 4,
                    BackoffType = DelayBackoffType.Exponential,
                    UseJitter = true,
                    Delay = TimeSpan.FromMilliseconds(200),

                    // A long Retry-After would hold the activity past its message visibility: the client
                    // turns a 429 that outlives these short retries into a quota pause instead, and the
                    // phase waits on a durable timer until the time Netmera asked for.
                    ShouldRetryAfterHeader = false,
                })
                .AddTimeout(TimeSpan.FromSeconds(30)));
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<NetmeraClientFactory>();
        builder.Services.AddSingleton<NetmeraExportCatalog>();
        builder.Services.AddSingleton<NetmeraExportReader>();
        return builder;
    }
}
