using Migration.Domain;
using Microsoft.Extensions.Configuration;

namespace Migration.Netmera;

/// <summary>
/// A named Netmera connection from configuration: <c>Netmera:Connections:{name}:BaseUrl</c> and
/// <c>:ApiKey</c>. Runs carry the name only; the key is read here, in the activity's process.
/// </summary>
public sealed record NetmeraConnection(string Name, Uri BaseUrl, string ApiKey)
{
    public const string Section = "Netmera:Connections";

    /// <summary>The vendor's endpoint when a connection names no base URL.</summary>
    public static readonly Uri DefaultBaseUrl = new("https://restapi.netmera.com");

    public static NetmeraConnection Resolve(IConfiguration configuration, string name)
    {
        var section = configuration.GetSection($"{Section}:{name}");
        if (!section.Exists())
            throw new OperatorActionRequiredException($"No Netmera connection named '{name}' is configured ({Section}:{name}).");
        var key = section["ApiKey"];
        if (string.IsNullOrWhiteSpace(key))
            throw new OperatorActionRequiredException($"Netmera connection '{name}' has no ApiKey configured.");
        var baseUrl = section["BaseUrl"] is { Length: > 0 } url ? new Uri(url) : DefaultBaseUrl;
        return new NetmeraConnection(name, baseUrl, key);
    }

    public static bool Exists(IConfiguration configuration, string name) =>
        configuration.GetSection($"{Section}:{name}").Exists();

    // Records print their members; the key must never reach a log line.
    public override string ToString() => $"NetmeraConnection {{ Name = {Name}, BaseUrl = {BaseUrl} }}";
}
