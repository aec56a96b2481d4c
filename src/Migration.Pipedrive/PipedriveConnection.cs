using Migration.Domain;
using Microsoft.Extensions.Configuration;

namespace Migration.Pipedrive;

/// <summary>
/// A named Pipedrive connection from configuration: <c>Pipedrive:Connections:{name}:BaseUrl</c> (the
/// company domain, e.g. https://acme.pipedrive.com) and either <c>:ApiToken</c> (sent as
/// <c>x-api-token</c>) or <c>:OAuthAccessToken</c> (sent as a bearer token). Runs carry the name only.
/// </summary>
public sealed record PipedriveConnection(string Name, Uri BaseUrl, string? ApiToken, string? OAuthAccessToken)
{
    public const string Section = "Pipedrive:Connections";

    public static PipedriveConnection Resolve(IConfiguration configuration, string name)
    {
        var section = configuration.GetSection($"{Section}:{name}");
        if (!section.Exists())
            throw new OperatorActionRequiredException($"No Pipedrive connection named '{name}' is configured ({Section}:{name}).");
        if (section["BaseUrl"] is not { Length: > 0 } url)
            throw new OperatorActionRequiredException($"Pipedrive connection '{name}' has no BaseUrl (the company domain).");
        var token = section["ApiToken"];
        var oauth = section["OAuthAccessToken"];
        if (string.IsNullOrWhiteSpace(token) && string.IsNullOrWhiteSpace(oauth))
            throw new OperatorActionRequiredException($"Pipedrive connection '{name}' has neither ApiToken nor OAuthAccessToken configured.");
        return new PipedriveConnection(name, new Uri(url), NullIfBlank(token), NullIfBlank(oauth));
    }

    public static bool Exists(IConfiguration configuration, string name) =>
        configuration.GetSection($"{Section}:{name}").Exists();

    private static string? NullIfBlank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;

    // Records print their members; tokens must never reach a log line.
    public override string ToString() => $"PipedriveConnection {{ Name = {Name}, BaseUrl = {BaseUrl} }}";
}
