namespace Migration.Cli;

/// <summary>Where the host is and how to authenticate: from options, else environment variables, else the local default.</summary>
public sealed record CliSettings(Uri Url, string? ApiKey, bool Json)
{
    public const string UrlVariable = "NETMERA_PIPEDRIVE_URL";
    public const string ApiKeyVariable = "NETMERA_PIPEDRIVE_API_KEY";
    public const string DefaultUrl = "http://127.0.0.1:7071";

    /// <summary>The base URL with a trailing slash, so relative API paths keep a path prefix (Functions: <c>/api</c> sits under it).</summary>
    public static bool TryParseUrl(string text, out Uri url)
    {
        var withSlash = text.EndsWith('/') ? text : text + "/";
        return Uri.TryCreate(withSlash, UriKind.Absolute, out url!) && (url.Scheme == Uri.UriSchemeHttp || url.Scheme == Uri.UriSchemeHttps);
    }
}
