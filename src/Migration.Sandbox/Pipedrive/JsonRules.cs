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

    /// <summary>HH:MM:SS, or also HH:MM where the API takes both (activity due_time and duration).</summary>
    public static TimeOnly Time(JsonNode? node, string path, bool allowMinutes = false)
    {
        var text = OptionalString(node, path, 8) ?? throw RequestRejected.BadRequest($"{path} is required");
        string[] formats = allowMinutes ? ["HH:mm:ss", "HH:mm"] : ["HH:mm:ss"];
        return TimeOnly.TryParseExact(text, formats, CultureInfo.InvariantCulture, DateTimeStyles.None, out var time)
            ? time
            : throw RequestRejected.BadRequest($"{path} must be a time in {(allowMinutes ? "HH:MM or HH:MM:SS" : "HH:MM:SS")} format");
    }

    public static decimal? OptionalNumber(JsonNode? node, string path) => node is null ? null : RequiredNumber(node, path);

    /// <summary>A required string that is not only whitespace, at most <paramref name="maxLength"/> characters.</summary>
    public static string RequiredText(JsonNode? node, string path, int maxLength)
    {
        var text = OptionalString(node, path, maxLength);
        return string.IsNullOrWhiteSpace(text) ? throw RequestRejected.BadRequest($"{path} is required (1 to {maxLength} characters)") : text;
    }

    /// <summary>v1 flags: 0/1 as the spec declares them; true/false are accepted too, as v1 always has.</summary>
    public static bool? OptionalFlag(JsonNode? node, string path) =>
        node?.GetValueKind() switch
        {
            null => null,
            JsonValueKind.True => true,
            JsonValueKind.False => false,
            JsonValueKind.Number when node.AsValue().TryGetValue<int>(out var n) && n is 0 or 1 => n == 1,
            _ => throw RequestRejected.BadRequest($"{path} must be 0 or 1"),
        };

    /// <summary>An RFC 3339 date-time string (v2), e.g. 2025-01-01T10:20:00Z.</summary>
    public static DateTimeOffset? OptionalTimestamp(JsonNode? node, string path)
    {
        var text = OptionalString(node, path, 64);
        if (text is null)
        {
            return null;
        }

        return TryParseRfc3339(text, out var value)
            ? value
            : throw RequestRejected.BadRequest($"{path} must be an RFC 3339 date-time, e.g. 2025-01-01T10:20:00Z");
    }

    /// <summary>v1 date-times: <c>YYYY-MM-DD HH:MM:SS</c> in UTC, no offset (DATE).</summary>
    public static string FormatV1Time(DateTimeOffset value) =>
        value.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);

    public static DateTimeOffset? OptionalV1Time(JsonNode? node, string path)
    {
        var text = OptionalString(node, path, 64);
        if (text is null)
        {
            return null;
        }

        return DateTime.TryParseExact(text, "yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var value)
            ? new DateTimeOffset(value, TimeSpan.Zero)
            : throw RequestRejected.BadRequest($"{path} must be a UTC date-time in YYYY-MM-DD HH:MM:SS format");
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
