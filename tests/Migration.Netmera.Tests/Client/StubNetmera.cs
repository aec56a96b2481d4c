using System.Collections.Concurrent;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Time.Testing;
using Refit;

namespace Migration.Netmera.Tests.Client;

/// <summary>
/// A hand-written Netmera: answers each request with what the test routes it to, and records what was
/// sent. The client is built without the retry handler, so every answer reaches it as given.
/// </summary>
internal sealed class StubNetmera : HttpMessageHandler
{
    public static readonly Uri BaseUrl = new("https://netmera.test");

    private readonly Func<HttpRequestMessage, string?, Task<HttpResponseMessage>> route;
    private readonly ConcurrentQueue<(string Method, Uri Uri, string? Body)> requests = new();
    private int inFlight;
    private int maxInFlight;

    public StubNetmera(Func<HttpRequestMessage, string?, HttpResponseMessage> route)
        : this((request, body) => Task.FromResult(route(request, body)))
    {
    }

    public StubNetmera(Func<HttpRequestMessage, string?, Task<HttpResponseMessage>> route) => this.route = route;

    public IReadOnlyList<(string Method, Uri Uri, string? Body)> Requests => [.. requests];

    public int MaxInFlight => maxInFlight;

    public FakeTimeProvider Time { get; } = new(new DateTimeOffset(2025, 3, 1, 12, 0, 0, TimeSpan.Zero));

    public NetmeraClient Client(NetmeraClientOptions? options = null)
    {
        var http = new HttpClient(this, disposeHandler: false) { BaseAddress = BaseUrl };
        http.DefaultRequestHeaders.Add("X-netmera-api-key", "stub-key");
        var api = RestService.For<INetmeraApi>(http, new RefitSettings(new SystemTextJsonContentSerializer(NetmeraJson.Options)));
        return new NetmeraClient(api, http, new NetmeraConnection("stub", BaseUrl, "stub-key"), Time, options);
    }

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var body = request.Content is null ? null : await request.Content.ReadAsStringAsync(cancellationToken);
        requests.Enqueue((request.Method.Method, request.RequestUri!, body));
        var now = Interlocked.Increment(ref inFlight);
        int seen;
        while ((seen = maxInFlight) < now && Interlocked.CompareExchange(ref maxInFlight, now, seen) != seen)
        {
        }
        try
        {
            var response = await route(request, body);
            response.RequestMessage = request;
            return response;
        }
        finally
        {
            Interlocked.Decrement(ref inFlight);
        }
    }

    public static HttpResponseMessage Json(string json, HttpStatusCode status = HttpStatusCode.OK) =>
        new(status) { Content = new StringContent(json, Encoding.UTF8, "application/json") };

    public static HttpResponseMessage Json(JsonNode json, HttpStatusCode status = HttpStatusCode.OK) => Json(json.ToJsonString(), status);

    public static HttpResponseMessage Error(int code, string error, HttpStatusCode status = HttpStatusCode.BadRequest) =>
        Json(new JsonObject { ["code"] = code, ["error"] = error }, status);

    public static string Query(Uri uri, string name) =>
        System.Web.HttpUtility.ParseQueryString(uri.Query)[name] ?? string.Empty;
}
