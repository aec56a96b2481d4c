using System.Collections.Concurrent;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Migration.Tests.Shared.Contracts;

/// <summary>One request and its response as checked: what went out, what came back, what did not conform.</summary>
public sealed record ContractExchange(string Method, string PathAndQuery, SpecOperation? Operation, int Status, IReadOnlyList<string> Problems);

/// <summary>
/// A message handler that checks every request sent through it and every JSON response that comes back against
/// the Pipedrive specs, and records the outcome. Put it in front of the client under test:
/// <code>
/// var conformance = new SpecConformanceHandler(spec) { InnerHandler = new HttpClientHandler() };
/// using var http = new HttpClient(conformance) { BaseAddress = simulator.BaseAddress };
/// ... drive the client ...
/// Assert.Empty(conformance.Problems);
/// </code>
/// Bodies are buffered so the caller still reads them. Non-JSON responses (the HTML block page) are recorded
/// without a body check: they do not come from the API.
/// </summary>
public sealed class SpecConformanceHandler(PipedriveSpec spec) : DelegatingHandler
{
    private readonly ConcurrentQueue<ContractExchange> exchanges = new();

    public IReadOnlyList<ContractExchange> Exchanges => [.. exchanges];

    public IReadOnlyList<string> Problems => [.. exchanges.SelectMany(e => e.Problems)];

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var uri = request.RequestUri ?? throw new InvalidOperationException("request without a URI");
        var pathAndQuery = new Uri(uri.IsAbsoluteUri ? uri.PathAndQuery : uri.OriginalString, UriKind.Relative);

        JsonNode? requestBody = null;
        var problems = new List<string>();
        if (request.Content is not null)
        {
            await request.Content.LoadIntoBufferAsync(cancellationToken).ConfigureAwait(false);
            requestBody = Parse(await request.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false), "request", problems);
        }

        problems.AddRange(spec.ValidateRequest(request.Method, pathAndQuery, requestBody));
        var response = await base.SendAsync(request, cancellationToken).ConfigureAwait(false);

        if (response.Content.Headers.ContentType?.MediaType == "application/json")
        {
            await response.Content.LoadIntoBufferAsync(cancellationToken).ConfigureAwait(false);
            var text = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
            var body = Parse(text, "response", problems);
            problems.AddRange(spec.ValidateResponse(request.Method, pathAndQuery, (int)response.StatusCode, body));
        }

        exchanges.Enqueue(new ContractExchange(
            request.Method.Method, pathAndQuery.OriginalString, spec.FindOperation(request.Method, pathAndQuery), (int)response.StatusCode, problems));
        return response;
    }

    private static JsonNode? Parse(string text, string what, List<string> problems)
    {
        if (text.Length == 0)
        {
            return null;
        }

        try
        {
            return JsonNode.Parse(text);
        }
        catch (JsonException e)
        {
            problems.Add($"the {what} body is not JSON: {e.Message}");
            return null;
        }
    }
}
