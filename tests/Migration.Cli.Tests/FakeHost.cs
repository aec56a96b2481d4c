using System.Net;
using System.Text;

namespace Migration.Cli.Tests;

/// <summary>A host that answers from a script: per "METHOD path" a queue of answers (the last repeats); records every request.</summary>
public sealed class FakeHost : HttpMessageHandler
{
    public sealed record Sent(string Method, string PathAndQuery, string? Body, IReadOnlyDictionary<string, string> Headers);

    private readonly Dictionary<string, Queue<(int Status, string Body, string ContentType)>> answers = new(StringComparer.Ordinal);

    public List<Sent> Requests { get; } = [];

    public bool Unreachable { get; init; }

    public FakeHost On(string method, string pathAndQuery, int status, string body, string contentType = "application/json")
    {
        var key = $"{method} {pathAndQuery}";
        if (!answers.TryGetValue(key, out var queue))
            answers[key] = queue = new();
        queue.Enqueue((status, body, contentType));
        return this;
    }

    public FakeHost Problem(string method, string pathAndQuery, int status, string kind, string title, string detail) =>
        On(method, pathAndQuery, status,
            $$"""{"type":"urn:netmera-pipedrive:problem:{{kind}}","title":"{{title}}","status":{{status}},"detail":"{{detail}}"}""", "application/problem+json");

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (Unreachable)
            throw new HttpRequestException("Connection refused (127.0.0.1:9)");
        var body = request.Content is null ? null : await request.Content.ReadAsStringAsync(cancellationToken);
        var headers = request.Headers.ToDictionary(h => h.Key.ToLowerInvariant(), h => string.Join(",", h.Value));
        Requests.Add(new Sent(request.Method.Method, request.RequestUri!.PathAndQuery, body, headers));
        var key = $"{request.Method.Method} {request.RequestUri.PathAndQuery}";
        if (!answers.TryGetValue(key, out var queue) || queue.Count == 0)
            return new HttpResponseMessage(HttpStatusCode.NotFound) { Content = new StringContent("") };
        var (status, text, type) = queue.Count > 1 ? queue.Dequeue() : queue.Peek();
        return new HttpResponseMessage((HttpStatusCode)status) { Content = new StringContent(text, Encoding.UTF8, type) };
    }
}
