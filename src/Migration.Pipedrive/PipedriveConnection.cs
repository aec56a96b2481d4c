using Microsoft.Extensions.Configuration;
using Migration.Domain;

namespace Migration.Pipedrive;

/// <summary>
/// A named Pipedrive connection from configuration (<c>Pipedrive:Connections:{name}</c>):
/// <c>BaseUrl</c> (the company domain, e.g. https://acme.pipedrive.com), <c>ApiToken</c> (sent as
/// <c>x-api-token</c>) or <c>OAuthAccessToken</c> (sent as a bearer token), and the account's limits:
/// <c>Plan</c> (default Lite, the most cautious), <c>Seats</c> (default 1), <c>TopUpTokens</c>,
/// <c>BudgetTimeZone</c> (IANA name or UTC offset of the server's midnight; default UTC), <c>DailyTokenCap</c>
/// (the most this tool may spend per budget day; default the whole budget). Runs carry the name only.
/// </summary>
public sealed record PipedriveConnection(string Name, Uri BaseUrl, string? ApiToken, string? OAuthAccessToken, RateLimits Limits)
{
    public const string Section = "Pipedrive:Connections";

    /// <summary>The company the budget belongs to: one per domain, whichever connection names it.</summary>
    public string Company => BaseUrl.Host.ToLowerInvariant();

    public static PipedriveConnection Resolve(IConfiguration configuration, string name)
    {
        var section = configuration.GetSection($"{Section}:{name}");
        if (!section.Exists())
            throw new OperatorActionRequiredException($"No Pipedrive connection named '{name}' is configured ({Section}:{name}).");
        if (section["BaseUrl"] is not { Length: > 0 } url)
            throw new OperatorActionRequiredException($"Pipedrive connection '{name}' has no BaseUrl (the company domain).");
        var token = NullIfBlank(section["ApiToken"]);
        var oauth = NullIfBlank(section["OAuthAccessToken"]);
        if (token is null && oauth is null)
            throw new OperatorActionRequiredException($"Pipedrive connection '{name}' has neither ApiToken nor OAuthAccessToken configured.");

        RateLimits limits;
        try
        {
            limits = new RateLimits
            {
                Plan = section["Plan"] is { Length: > 0 } plan ? RateLimits.ParsePlan(plan) : PipedrivePlan.Lite,
                Seats = section.GetValue("Seats", 1),
                TopUpTokens = section.GetValue("TopUpTokens", 0L),
                OAuth = token is null,
                BudgetTimeZone = section["BudgetTimeZone"] is { Length: > 0 } zone ? RateLimits.ParseBudgetTimeZone(zone) : TimeZoneInfo.Utc,
                DailyTokenCap = section["DailyTokenCap"] is { Length: > 0 } ? section.GetValue<long>("DailyTokenCap") : null,
                BurstPerWindowOverride = section["BurstPerWindow"] is { Length: > 0 } ? section.GetValue<int>("BurstPerWindow") : null,
            };
        }
        catch (Exception e) when (e is ArgumentException or TimeZoneNotFoundException or InvalidOperationException)
        {
            throw new OperatorActionRequiredException($"Pipedrive connection '{name}' has invalid limits: {e.Message}", e);
        }
        if (limits.DailyTokenCap is <= 0)
            throw new OperatorActionRequiredException($"Pipedrive connection '{name}': DailyTokenCap must be positive (leave it out to spend the whole budget).");
        if (limits.BurstPerWindowOverride is <= 0)
            throw new OperatorActionRequiredException($"Pipedrive connection '{name}': BurstPerWindow must be positive (leave it out to use the plan's).");
        if (limits.Seats < 1)
            throw new OperatorActionRequiredException($"Pipedrive connection '{name}': Seats must be at least 1.");
        return new PipedriveConnection(name, new Uri(url), token, oauth, limits);
    }

    public static bool Exists(IConfiguration configuration, string name) =>
        configuration.GetSection($"{Section}:{name}").Exists();

    private static string? NullIfBlank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;

    // Records print their members; tokens must never reach a log line.
    public override string ToString() => $"PipedriveConnection {{ Name = {Name}, BaseUrl = {BaseUrl}, Plan = {Limits.Plan} }}";
}
