using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace Migration.Sandbox.Tests;

/// <summary>What came back from one request: status, content type and the parsed body (Undefined when empty).</summary>
public sealed record JsonReply(HttpStatusCode Status, string? ContentType, JsonElement Body)
{
    public JsonElement Data => Body.GetProperty("data");

    public override string ToString() => $"{(int)Status} {ContentType} {Body}";
}

/// <summary>Raw JSON over HTTP: tests see exactly the bytes a client would, with no typed model in between.</summary>
public static class JsonHttp
{
    /// <summary>A client for one simulator; the timeout turns a hung simulator into a failed test.</summary>
    public static HttpClient Client(Uri baseAddress, string? headerName = null, string? headerValue = null)
    {
        var client = new HttpClient { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(30) };
        if (headerName is not null)
        {
            client.DefaultRequestHeaders.Add(headerName, headerValue);
        }

        return client;
    }

    public static Task<JsonReply> GetJsonAsync(this HttpClient client, string uri) =>
        client.SendJsonAsync(HttpMethod.Get, uri, null);

    public static async Task<JsonReply> SendJsonAsync(
        this HttpClient client, HttpMethod method, string uri, string? json, Action<HttpRequestHeaders>? headers = null)
    {
        using var request = new HttpRequestMessage(method, uri);
        if (json is not null)
        {
            request.Content = new StringContent(json, Encoding.UTF8, "application/json");
        }

        headers?.Invoke(request.Headers);
        using var response = await client.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        var body = text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone();
        return new JsonReply(response.StatusCode, response.Content.Headers.ContentType?.MediaType, body);
    }

    public static Task<JsonReply> PostJsonAsync(this HttpClient client, string uri, object body) =>
        client.SendJsonAsync(HttpMethod.Post, uri, JsonSerializer.Serialize(body));

    public static Task<JsonReply> PatchJsonAsync(this HttpClient client, string uri, object body) =>
        client.SendJsonAsync(HttpMethod.Patch, uri, JsonSerializer.Serialize(body));

    public static Task<JsonReply> DeleteJsonAsync(this HttpClient client, string uri) =>
        client.SendJsonAsync(HttpMethod.Delete, uri, null);
}
