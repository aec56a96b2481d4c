namespace Migration.Workflow.Api;

/// <summary>How <c>GET …/mapping</c> answers: JSON for tools, Markdown or HTML for a person.</summary>
public static class MappingFormat
{
    public const string Json = "json";
    public const string Markdown = "markdown";
    public const string Html = "html";

    public static IReadOnlyList<string> All { get; } = [Json, Markdown, Html];

    /// <summary>The format asked for by <c>?format=</c>, else by the Accept header; JSON by default.</summary>
    public static string Choose(string? query, string? accept) =>
        query?.Trim().ToLowerInvariant() switch
        {
            "md" or Markdown => Markdown,
            Html => Html,
            Json => Json,
            { Length: > 0 } other => other,
            _ when accept?.Contains("text/markdown", StringComparison.OrdinalIgnoreCase) == true => Markdown,
            _ when accept?.Contains("text/html", StringComparison.OrdinalIgnoreCase) == true => Html,
            _ => Json,
        };
}
