using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Hosting;
using Polly;

namespace Migration.Netmera;

public static class NetmeraServiceCollectionExtensions
{
    /// <summary>Registers the Netmera client: reads are idempotent, so 5xx and network faults are retried with jitter.</summary>
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
                })
                .AddTimeout(TimeSpan.FromSeconds(30)));
        builder.Services.AddSingleton<NetmeraClientFactory>();
        return builder;
    }
}
