using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Headers;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Http.Resilience;
using Polly;
using Refit;

namespace Migration.Pipedrive;

/// <summary>
/// Builds a <see cref="PipedriveClient"/> for a named connection: Refit over retries (Polly) over the
/// client's own <see cref="PipedriveGovernor"/> over the pooled socket handler. The governor sits
/// inside the retries so every attempt pays its tokens and waits for its slot.
/// </summary>
public sealed class PipedriveClientFactory(IHttpMessageHandlerFactory handlers, IConfiguration configuration, TimeProvider time)
{
    public const string HttpClientName = "pipedrive";

    private static readonly RefitSettings Settings = new(new SystemTextJsonContentSerializer(PipedriveJson.Options), new PipedriveQueryFormatter());

    /// <summary>Burst lanes by company, lane and share: they outlive the clients that use them.</summary>
    private readonly ConcurrentDictionary<string, BurstLane> lanes = new(StringComparer.Ordinal);

    /// <summary>
    /// <c>Pipedrive:SingleProcess</c>: this process is the only worker on its task hub (one local host), so batches
    /// pace against the company's window alone and a batch busy with setup or teardown leaves its share to the
    /// others. Off (the default; several local hosts on one task hub, or the Functions app's instances), each batch
    /// keeps its fixed share of the burst, which is what holds the workers together under the plan's limit.
    /// </summary>
    public const string SingleProcessSetting = "Pipedrive:SingleProcess";

    private readonly bool singleProcess = configuration.GetValue(SingleProcessSetting, false);

    public PipedriveConnection Connection(string connectionName) => PipedriveConnection.Resolve(configuration, connectionName);

    /// <summary>
    /// A client limited to <paramref name="allowance"/>, or, when none is given, to the whole plan and
    /// the whole day (for work that runs alone).
    /// </summary>
    public PipedriveClient Create(string connectionName, PipedriveAllowance? allowance = null)
    {
        var connection = Connection(connectionName);
        var now = time.GetUtcNow();
        var given = allowance ?? PipedriveAllowance.Whole(connection.Limits, connection.Limits.DailyTokens, connection.Limits.NextReset(now));
        var lane = lanes.GetOrAdd($"{connection.Company}|{given.Lane}|{given.BurstPerWindow}|{given.SearchPerWindow}",
            _ => BurstLane.Create(given.BurstPerWindow, given.SearchPerWindow, time));
        var company = lanes.GetOrAdd($"{connection.Company}|company|{connection.Limits.BurstPerWindow}",
            _ => BurstLane.Create(connection.Limits.BurstPerWindow, RateLimits.SearchPerWindow, time));
        var governor = singleProcess ? new PipedriveGovernor(given, company, null, time) : new PipedriveGovernor(given, lane, company, time);

        var governed = new PipedriveGovernorHandler(governor) { InnerHandler = handlers.CreateHandler(HttpClientName) };
        var retried = new ResilienceHandler(RetryPipeline(governor, time)) { InnerHandler = governed };
        var http = new HttpClient(retried, disposeHandler: false) { BaseAddress = connection.BaseUrl, Timeout = Timeout.InfiniteTimeSpan };
        if (connection.ApiToken is { } token)
            http.DefaultRequestHeaders.Add("x-api-token", token);
        else
            http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", connection.OAuthAccessToken);

        return new PipedriveClient(
            RestService.For<IPipedriveV2Api>(http, Settings),
            RestService.For<IPipedriveFieldsApi>(http, Settings),
            RestService.For<IPipedriveV1Api>(http, Settings),
            connection, governor);
    }

    /// <summary>
    /// A 429 means the request was refused, so it is retried for every method, after at least a whole
    /// window with jitter. A 5xx or a network fault is retried only for idempotent methods: a POST may
    /// have been committed before it failed, and sending it again would double the record; writers
    /// recover those through the id ledger instead. Every retry is counted.
    /// </summary>
    private static ResiliencePipeline<HttpResponseMessage> RetryPipeline(PipedriveGovernor governor, TimeProvider time) =>
        new ResiliencePipelineBuilder<HttpResponseMessage> { TimeProvider = time }
            .AddRetry(new HttpRetryStrategyOptions
            {
                // One request refused in every window reaches the governor's stop, and its next attempt is the one
                // the governor refuses, so a persistent refusal ends as "exhausted", never as a bare 429.
                MaxRetryAttempts = PipedriveGovernor.ConsecutiveRateLimitsBeforeStop,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = TimeSpan.FromMilliseconds(500),
                ShouldRetryAfterHeader = true,
                // After a 429 wait at least a whole burst window, growing by a window each time, with jitter
                // (pipedrive-api.md §10); once the governor has stopped, the attempt it will refuse goes at once.
                DelayGenerator = args => ValueTask.FromResult<TimeSpan?>(args.Outcome.Result?.StatusCode != HttpStatusCode.TooManyRequests ? null
                    : governor.IsStopped ? TimeSpan.Zero
                    : RateLimits.Window * (args.AttemptNumber + 1) + TimeSpan.FromMilliseconds(Random.Shared.Next(0, 1000))),
                ShouldHandle = args => ValueTask.FromResult(ShouldRetry(args.Outcome, args.Context.GetRequestMessage())),
                OnRetry = _ =>
                {
                    governor.CountRetry();
                    return ValueTask.CompletedTask;
                },
            })
            .AddTimeout(TimeSpan.FromSeconds(30))
            .Build();

    private static bool ShouldRetry(Outcome<HttpResponseMessage> outcome, HttpRequestMessage? request)
    {
        if (outcome.Exception is PipedriveBudgetExhaustedException)
            return false;
        if (outcome.Result?.StatusCode == HttpStatusCode.TooManyRequests)
            return true;
        var idempotent = request?.Method is { } m && m != HttpMethod.Post;
        return idempotent && HttpClientResiliencePredicates.IsTransient(outcome);
    }
}
