using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Migration.Sandbox.Dataset;

namespace Migration.Sandbox.Netmera;

/// <summary>
/// A user's profile attributes as Netmera holds them: readable codes, empty ones absent, numbers sometimes stored as
/// text. One place for getProfileAttributes, the targeting counts and the panel export, so they cannot disagree.
/// </summary>
internal static class NetmeraProfile
{
    public static readonly IReadOnlyList<AttributeDefinition> Standard =
    [
        new("name", "Name", "STRING"),
        new("surname", "Surname", "STRING"),
        new("gender", "Gender", "INTEGER"),
        new("dateOfBirth", "Date of Birth", "DATE"),
        new("city", "City", "STRING"),
        new("country", "Country", "STRING"),
        new("language", "Language", "STRING"),
    ];

    public static readonly IReadOnlyList<AttributeDefinition> Custom =
    [
        new("isSubscribed", "Is Subscribed", "BOOLEAN"),
        new("loyaltyPoints", "Loyalty Points", "DOUBLE"),
        new("signupDate", "Signup Date", "DATE"),
        new("favoriteCategories", "Favorite Categories", "STRING", IsArray: true),
        new("company", "Company", "STRING"),
    ];

    /// <summary>Codes a targeting query may name: the definitions plus the system identifiers the profile carries.</summary>
    public static readonly IReadOnlySet<string> TargetableCodes =
        Standard.Concat(Custom).Select(a => a.Code).Concat(["email", "msisdn"]).ToHashSet(StringComparer.Ordinal);

    /// <summary>The <c>profile</c> object of getProfileAttributes.</summary>
    public static JsonObject Json(SourceUser user)
    {
        var profile = new JsonObject();
        Add(profile, "name", user.Name);
        Add(profile, "surname", user.Surname);
        Add(profile, "email", user.Email);
        Add(profile, "msisdn", user.Msisdn);
        Add(profile, "gender", user.Gender);
        Add(profile, "dateOfBirth", user.DateOfBirth);
        Add(profile, "city", user.City);
        Add(profile, "country", user.Country);
        Add(profile, "language", user.Language);
        Add(profile, "isSubscribed", user.IsSubscribed);
        if (user.LoyaltyPoints is { } points)
        {
            profile["loyaltyPoints"] = points.StoredAsText
                ? JsonValue.Create(points.Value.ToString(CultureInfo.InvariantCulture))
                : JsonValue.Create(points.Value);
        }

        Add(profile, "signupDate", user.SignupDate);
        if (user.FavoriteCategories.Count > 0)
        {
            profile["favoriteCategories"] = new JsonArray(user.FavoriteCategories.Select(c => (JsonNode?)JsonValue.Create(c)).ToArray());
        }

        Add(profile, "company", user.Company);

        return profile;
    }

    /// <summary>
    /// The values of one attribute as comparable text: numbers in invariant form (whether stored as number or text,
    /// so 150 and "150" are one value), booleans as true/false, arrays as their elements. Empty when unset.
    /// </summary>
    public static IEnumerable<string> Values(SourceUser user, string code)
    {
        string? single = code switch
        {
            "name" => user.Name,
            "surname" => user.Surname,
            "email" => user.Email,
            "msisdn" => user.Msisdn,
            "gender" => user.Gender?.ToString(CultureInfo.InvariantCulture),
            "dateOfBirth" => user.DateOfBirth?.ToString(CultureInfo.InvariantCulture),
            "city" => user.City,
            "country" => user.Country,
            "language" => user.Language,
            "isSubscribed" => user.IsSubscribed is { } b ? (b ? "true" : "false") : null,
            "loyaltyPoints" => user.LoyaltyPoints?.Value.ToString(CultureInfo.InvariantCulture),
            "signupDate" => user.SignupDate?.ToString(CultureInfo.InvariantCulture),
            "company" => user.Company,
            _ => null,
        };

        return code == "favoriteCategories" ? user.FavoriteCategories : single is null ? [] : [single];
    }

    /// <summary>A query value in the same comparable form as <see cref="Values"/>, or null when it is not a scalar.</summary>
    public static string? Comparable(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => value.GetString(),
        JsonValueKind.Number => value.TryGetDecimal(out var d) ? d.ToString(CultureInfo.InvariantCulture) : value.GetRawText(),
        JsonValueKind.True => "true",
        JsonValueKind.False => "false",
        _ => null,
    };

    private static void Add<T>(JsonObject profile, string code, T? value)
    {
        if (value is not null)
        {
            profile[code] = JsonSerializer.SerializeToNode(value, NetmeraWire.Json);
        }
    }
}
