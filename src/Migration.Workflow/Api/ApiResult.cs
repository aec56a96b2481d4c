using System.Text.Json;

namespace Migration.Workflow.Api;

/// <summary>
/// A host-neutral HTTP answer: both hosts (Functions and the local host) turn it into their own
/// response type, so the handlers are written once.
/// </summary>
public sealed record ApiResult(int Status, string? Content, string ContentType, string? Location = null)
{
    public const string Json = "application/json";
    public const string ProblemJson = "application/problem+json";

    public static ApiResult Ok(object body) => new(200, JsonSerializer.Serialize(body, ApiJson.Indented), Json);

    public static ApiResult Accepted(object body, string location) => new(202, JsonSerializer.Serialize(body, ApiJson.Indented), Json, location);

    public static ApiResult Text(string content, string contentType) => new(200, content, contentType);

    /// <summary>An RFC 9457 problem document; <paramref name="type"/> names the problem kind (docs/http-api.md).</summary>
    public static ApiResult Problem(int status, string type, string title, string detail, string? instance = null, object? extensions = null)
    {
        var problem = new Dictionary<string, object?>
        {
            ["type"] = $"urn:netmera-pipedrive:problem:{type}",
            ["title"] = title,
            ["status"] = status,
            ["detail"] = detail,
            ["instance"] = instance,
        };
        if (extensions is not null)
            problem["errors"] = extensions;
        return new(status, JsonSerializer.Serialize(problem, ApiJson.Indented), ProblemJson);
    }
}
