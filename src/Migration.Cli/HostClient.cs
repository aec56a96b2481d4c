using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Migration.Cli;

/// <summary>One answer from the host: status, body as sent, and the problem document when it is one.</summary>
public sealed record HostAnswer(int Status, string Body, string? ContentType)
{
    public bool IsSuccess => Status is >= 200 and < 300;

    /// <summary>The problem kind (<c>urn:netmera-pipedrive:problem:&lt;kind&gt;</c>), or null when the body is not a problem document.</summary>
    public string? ProblemKind => Problem?["type"] is JsonValue type && type.TryGetValue<string>(out var urn)
        ? urn[(urn.LastIndexOf(':') + 1)..]
        : null;

    public JsonObject? Problem => ContentType?.Contains("problem+json", StringComparison.OrdinalIgnoreCase) == true ? Json as JsonObject : null;

    /// <summary>The body as JSON, or null when it is not JSON.</summary>
    public JsonNode? Json
    {
        get
        {
            try
            {
                return Body.Length == 0 ? null : JsonNode.Parse(Body);
            }
            catch (JsonException)
            {
                return null;
            }
        }
    }

    /// <summary>
    /// The exit code this answer means. A 404 that is not one of the API's own problem kinds (the route
    /// itself is unknown: a generic <c>not-found</c>, or no problem document at all) means the host does
    /// not offer the command.
    /// </summary>
    public int ExitCode => Status switch
    {
        >= 200 and < 300 => ExitCodes.Ok,
        401 or 403 => ExitCodes.HostUnreachable,
        404 or 405 when ProblemKind is null or "not-found" => ExitCodes.NotSupported,
        404 => ExitCodes.NotFound,
        400 or 409 or 412 or 422 => ExitCodes.Refused,
        _ => ExitCodes.HostError,
    };

    /// <summary>One line for a person: the problem's title and detail, or the status.</summary>
    public string Describe(string what)
    {
        if (ExitCode == ExitCodes.NotSupported)
            return $"the host does not support {what} (HTTP {Status}); it may be an older version.";
        if (Status is 401 or 403)
            return $"the host refused the API key (HTTP {Status}): pass --api-key or set {CliSettings.ApiKeyVariable}.";
        if (Problem is { } problem)
        {
            var errors = problem["errors"] is JsonArray list && list.Count > 0
                ? Environment.NewLine + string.Join(Environment.NewLine, list.Select(e => "  - " + (e is JsonValue v && v.TryGetValue<string>(out var s) ? s : e?.ToJsonString())))
                : "";
            return $"{Text(problem["title"])} (HTTP {Status}): {Text(problem["detail"])}{errors}";
        }
        return $"HTTP {Status} from the host{(Body.Length > 0 ? ": " + Body[..Math.Min(Body.Length, 300)] : "")}";
    }

    public static string Text(JsonNode? node) => node is JsonValue v && v.TryGetValue<string>(out var s) ? s : node?.ToJsonString() ?? "";
}

/// <summary>The host could not be reached (connection refused, DNS, timeout).</summary>
public sealed class HostUnreachableException(string message, Exception inner) : Exception(message, inner);

/// <summary>
/// The HTTP API of either host (docs/http-api.md). The key goes in <c>x-api-key</c> (local host) and
/// <c>x-functions-key</c> (Azure Functions), so one setting serves both; it is never printed.
/// </summary>
public sealed class HostClient(HttpClient http) : IDisposable
{
    public void Dispose() => http.Dispose();

    public const string LocalHostKeyHeader = "x-api-key";
    public const string FunctionsKeyHeader = "x-functions-key";

    public static HostClient Create(CliSettings settings, HttpMessageHandler? handler = null)
    {
        var http = handler is null ? new HttpClient() : new HttpClient(handler, disposeHandler: false);
        http.BaseAddress = settings.Url;
        http.Timeout = TimeSpan.FromSeconds(100);
        if (settings.ApiKey is { Length: > 0 } key)
        {
            http.DefaultRequestHeaders.Add(LocalHostKeyHeader, key);
            http.DefaultRequestHeaders.Add(FunctionsKeyHeader, key);
        }
        http.DefaultRequestHeaders.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        return new HostClient(http);
    }

    public Task<HostAnswer> GetAsync(string path, CancellationToken cancellationToken) =>
        SendAsync(HttpMethod.Get, path, null, cancellationToken);

    public Task<HostAnswer> PostAsync(string path, string json, CancellationToken cancellationToken) =>
        SendAsync(HttpMethod.Post, path, json, cancellationToken);

    public Task<HostAnswer> PutAsync(string path, string json, CancellationToken cancellationToken) =>
        SendAsync(HttpMethod.Put, path, json, cancellationToken);

    public async Task<HostAnswer> SendAsync(HttpMethod method, string path, string? json, CancellationToken cancellationToken)
    {
        // Relative to the base URL's path, so a host behind a prefix (https://x/prefix/) works too.
        using var request = new HttpRequestMessage(method, path.TrimStart('/'));
        if (json is not null)
            request.Content = new StringContent(json, Encoding.UTF8, "application/json");
        try
        {
            using var response = await http.SendAsync(request, cancellationToken).ConfigureAwait(false);
            var body = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
            return new HostAnswer((int)response.StatusCode, body, response.Content.Headers.ContentType?.MediaType);
        }
        catch (HttpRequestException e)
        {
            throw new HostUnreachableException($"the host at {http.BaseAddress} did not answer: {e.Message}", e);
        }
        catch (TaskCanceledException e) when (!cancellationToken.IsCancellationRequested)
        {
            throw new HostUnreachableException($"the host at {http.BaseAddress} did not answer within {http.Timeout.TotalSeconds:0} s", e);
        }
    }

    public static string RunPath(string runId, string rest = "") => $"api/migrations/{WebUtility.UrlEncode(runId)}{rest}";
}
