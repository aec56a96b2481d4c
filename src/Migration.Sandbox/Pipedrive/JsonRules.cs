using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Migration.Sandbox.Pipedrive;

/// <summary>Type checks on request JSON that name the offending property in the rejection.</summary>
internal static class JsonRules
{
    public static string? OptionalString(JsonNode? node, string path, int maxLength)
    {
        if (node is null)
        {
            return null;
        }

        if (node.GetValueKind() != JsonValueKind.String)
        {
            throw RequestRejected.BadRequest($"{path} must be a string");
        }

        var value = node.GetValue<string>();
        if (value.Length > maxLength)
        {
            throw RequestRejected.BadRequest($"{path} must be at most {maxLength} characters (got {value.Length})");
        }

        return value;
    }

    public static string RequiredString(JsonNode? node, string path, int maxLength) =>
        OptionalString(node, path, maxLength) ?? throw RequestRejected.BadRequest($"{path} is required");

    public static int? OptionalInt(JsonNode? node, string path)
    {
        if (node is null)
        {
            return null;
        }

        if (node.GetValueKind() != JsonValueKind.Number || !node.AsValue().TryGetValue<int>(out var value))
        {
            throw RequestRejected.BadRequest($"{path} must be an integer");
        }

        return value;
    }

    public static int RequiredInt(JsonNode? node, string path) =>
        OptionalInt(node, path) ?? throw RequestRejected.BadRequest($"{path} is required");

    public static void RequireNumber(JsonNode? node, string path)
    {
        // v2 does not coerce numeric strings: "12.5" is a string, not a number.
        if (node is null || node.GetValueKind() != JsonValueKind.Number)
        {
            throw RequestRejected.BadRequest($"{path} must be a number");
        }
    }

    public static decimal RequiredNumber(JsonNode? node, string path)
    {
        RequireNumber(node, path);
        return node!.AsValue().TryGetValue<decimal>(out var value)
            ? value
            : throw RequestRejected.BadRequest($"{path} is out of range");
    }

    public static bool? OptionalBool(JsonNode? node, string path)
    {
        if (node is null)
        {
            return null;
        }

        // Booleans must be true/false: v1's 0/1 is rejected by v2.
        return node.GetValueKind() switch
        {
            JsonValueKind.True => true,
            JsonValueKind.False => false,
            _ => throw RequestRejected.BadRequest($"{path} must be a boolean"),
        };
    }

    public static JsonArray? OptionalArray(JsonNode? node, string path) =>
        node switch
        {
            null => null,
            JsonArray array => array,
            _ => throw RequestRejected.BadRequest($"{path} must be an array"),
        };

    public static JsonObject? OptionalObject(JsonNode? node, string path) =>
        node switch
        {
            null => null,
            JsonObject obj => obj,
            _ => throw RequestRejected.BadRequest($"{path} must be an object"),
        };

    public static void OnlyKnownKeys(JsonObject obj, string path, IReadOnlyCollection<string> known)
    {
        foreach (var (key, _) in obj)
        {
            if (!known.Contains(key))
            {
                throw RequestRejected.BadRequest($"{path}.{key} is not a known property");
            }
        }
    }

    /// <summary>YYYY-MM-DD, a real calendar date.</summary>
    public static DateOnly Date(JsonNode? node, string path)
    {
        var text = OptionalString(node, path, 10) ?? throw RequestRejected.BadRequest($"{path} is required");
        return DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date)
            ? date
            : throw RequestRejected.BadRequest($"{path} must be a date in YYYY-MM-DD format");
    }

    /// <summary>HH:MM:SS.</summary>
    public static TimeOnly Time(JsonNode? node, string path)
    {
        var text = OptionalString(node, path, 8) ?? throw RequestRejected.BadRequest($"{path} is required");
        return TimeOnly.TryParseExact(text, "HH:mm:ss", CultureInfo.InvariantCulture, DateTimeStyles.None, out var time)
            ? time
            : throw RequestRejected.BadRequest($"{path} must be a time in HH:MM:SS format");
    }

    /// <summary>RFC 3339 with whole seconds: fractional seconds are reported to fail v2 validation.</summary>
    public static bool TryParseRfc3339(string text, out DateTimeOffset value) =>
        DateTimeOffset.TryParseExact(
            text,
            ["yyyy-MM-dd'T'HH:mm:ssK", "yyyy-MM-dd'T'HH:mm:ss'Z'"],
            CultureInfo.InvariantCulture,
            DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal,
            out value);

    public static string FormatTime(DateTimeOffset value) =>
        value.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    public static JsonElement ToElement(JsonNode node) => JsonSerializer.SerializeToElement(node);
}
