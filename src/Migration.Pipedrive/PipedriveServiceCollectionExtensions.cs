using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Http.Resilience;
using Polly;

namespace Migration.Pipedrive;

public static class PipedriveServiceCollectionExtensions
{
    /// <summary>
    /// Registers the Pipedrive client. A 429 means the request was refused, so it is retried for every
    /// method (after Retry-After). A 5xx or a network fault is retried only for idempotent methods: a
    /// POST may have been committed before it failed, and re-sending it would double the record, so
    /// writers recover those through the id ledger instead.
    /// </summary>
    public static IHostApplicationBuilder AddPipedriveServices(this IHostApplicationBuilder builder)
    {
        builder.Services.AddHttpClient(PipedriveClientFactory.HttpClientName)
            .AddResilienceHandler("pipedrive", pipeline => pipeline
                .AddRetry(new HttpRetryStrategyOptions
                {
                    MaxRetryAttempts = 4,
                    BackoffType = DelayBackoffType.Exponential,
                    UseJitter = true,
                    Delay = TimeSpan.FromMilliseconds(500),
                    ShouldRetryAfterHeader = true,
                    ShouldHandle = args => ValueTask.FromResult(ShouldRetry(args.Outcome, args.Context.GetRequestMessage())),
                })
                .AddTimeout(TimeSpan.FromSeconds(30)));
        builder.Services.AddSingleton<PipedriveClientFactory>();
        return builder;
    }

    private static bool ShouldRetry(Outcome<HttpResponseMessage> outcome, HttpRequestMessage? request)
    {
        if (outcome.Result?.StatusCode == HttpStatusCode.TooManyRequests)
            return true;
        var idempotent = request?.Method is { } m && m != HttpMethod.Post;
        return idempotent && HttpClientResiliencePredicates.IsTransient(outcome);
    }
}
