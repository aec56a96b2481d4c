using System.Collections.Frozen;
using System.Text.RegularExpressions;

namespace Migration.Pipedrive;

/// <summary>
/// What each operation the client performs costs, from the specs' <c>x-token-cost</c>
/// (specs/pipedrive/token-costs.tsv, 2026-08-18). A test checks every entry against the spec, and the
/// governor refuses to send a request whose operation is not listed, so no call goes out unpriced.
/// </summary>
public static partial class TokenCosts
{
    private static readonly (string Method, string Template, int Cost)[] Table =
    [
        ("GET", "/api/v2/persons", 10), ("GET", "/api/v2/persons/{id}", 1), ("POST", "/api/v2/persons", 5),
        ("PATCH", "/api/v2/persons/{id}", 5), ("DELETE", "/api/v2/persons/{id}", 3), ("GET", "/api/v2/persons/search", 20),
        ("GET", "/api/v2/organizations", 10), ("GET", "/api/v2/organizations/{id}", 1), ("POST", "/api/v2/organizations", 5),
        ("PATCH", "/api/v2/organizations/{id}", 5), ("DELETE", "/api/v2/organizations/{id}", 3), ("GET", "/api/v2/organizations/search", 20),
        ("GET", "/api/v2/deals", 10), ("GET", "/api/v2/deals/{id}", 1), ("POST", "/api/v2/deals", 5),
        ("PATCH", "/api/v2/deals/{id}", 5), ("DELETE", "/api/v2/deals/{id}", 3), ("GET", "/api/v2/deals/search", 20),
        ("GET", "/api/v2/activities", 10), ("GET", "/api/v2/activities/{id}", 1), ("POST", "/api/v2/activities", 5),
        ("PATCH", "/api/v2/activities/{id}", 5), ("DELETE", "/api/v2/activities/{id}", 3),
        ("GET", "/api/v2/pipelines", 5), ("POST", "/api/v2/pipelines", 5), ("DELETE", "/api/v2/pipelines/{id}", 3),
        ("GET", "/api/v2/stages", 5), ("POST", "/api/v2/stages", 5), ("DELETE", "/api/v2/stages/{id}", 3),
        ("GET", "/api/v2/itemSearch", 20), ("GET", "/api/v2/itemSearch/field", 20),
        .. FieldOperations("person"), .. FieldOperations("organization"), .. FieldOperations("deal"),
        ("GET", "/api/v2/activityFields", 10),
        ("GET", "/api/v1/users", 20), ("GET", "/api/v1/users/find", 40), ("GET", "/api/v1/users/me", 2),
        ("GET", "/api/v1/activityTypes", 20), ("POST", "/api/v1/activityTypes", 10), ("DELETE", "/api/v1/activityTypes/{id}", 6),
        ("GET", "/api/v1/filters", 20), ("POST", "/api/v1/filters", 10), ("DELETE", "/api/v1/filters/{id}", 6),
        ("GET", "/api/v1/personFields", 20), ("PUT", "/api/v1/personFields/{id}", 10),
        ("GET", "/api/v1/notes", 20), ("POST", "/api/v1/notes", 10), ("DELETE", "/api/v1/notes/{id}", 6),
    ];

    private static (string, string, int)[] FieldOperations(string entity) =>
    [
        ("GET", $"/api/v2/{entity}Fields", 10), ("GET", $"/api/v2/{entity}Fields/{{field_code}}", 1),
        ("POST", $"/api/v2/{entity}Fields", 5), ("PATCH", $"/api/v2/{entity}Fields/{{field_code}}", 5),
        ("DELETE", $"/api/v2/{entity}Fields/{{field_code}}", 3),
        ("POST", $"/api/v2/{entity}Fields/{{field_code}}/options", 5), ("PATCH", $"/api/v2/{entity}Fields/{{field_code}}/options", 5),
        ("DELETE", $"/api/v2/{entity}Fields/{{field_code}}/options", 3),
    ];

    /// <summary>Exact paths, and per method the templates with a placeholder matched as one path segment.</summary>
    private static readonly FrozenDictionary<string, int> Exact = Table
        .Where(e => !e.Template.Contains('{', StringComparison.Ordinal))
        .ToFrozenDictionary(e => Key(e.Method, e.Template), e => e.Cost, StringComparer.Ordinal);

    private static readonly (string Method, Regex Pattern, int Cost, string Template)[] Templated = Table
        .Where(e => e.Template.Contains('{', StringComparison.Ordinal))
        .Select(e => (e.Method, new Regex("^" + Placeholder().Replace(Regex.Escape(e.Template).Replace(@"\{", "{", StringComparison.Ordinal), "[^/]+") + "$", RegexOptions.CultureInvariant), e.Cost, e.Template))
        .ToArray();

    /// <summary>Every priced operation as <c>(method, path template, cost)</c>, for the spec check.</summary>
    public static IReadOnlyList<(string Method, string Template, int Cost)> All => Table;

    /// <summary>The tokens a request to <paramref name="path"/> costs, or null when the operation is not priced.</summary>
    public static int? For(HttpMethod method, string path)
    {
        if (Exact.TryGetValue(Key(method.Method, path), out var cost))
            return cost;
        foreach (var entry in Templated)
        {
            if (entry.Method == method.Method && entry.Pattern.IsMatch(path))
                return entry.Cost;
        }
        return null;
    }

    /// <summary>Search endpoints have their own burst limit (10 per 2 s).</summary>
    public static bool IsSearch(string path) =>
        path.EndsWith("/search", StringComparison.Ordinal) || path.StartsWith("/api/v2/itemSearch", StringComparison.Ordinal);

    private static string Key(string method, string path) => method + " " + path;

    [GeneratedRegex(@"\{[a-z_]+\}")]
    private static partial Regex Placeholder();
}
