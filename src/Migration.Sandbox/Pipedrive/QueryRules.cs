using System.Globalization;

namespace Migration.Sandbox.Pipedrive;

/// <summary>Query parameters, checked the way v2 checks them; a bad one is a 400 naming it.</summary>
internal static class QueryRules
{
    public const int DefaultLimit = 100;
    public const int MaxLimit = 500;
    public const int MaxIds = 100;
    public const int MaxCustomFieldKeys = 15;

    /// <summary>v1 offset paging's <c>start</c>: 0 when absent, never negative.</summary>
    public static int Start(IQueryCollection query)
    {
        var start = OptionalInt(query, "start") ?? 0;
        return start >= 0 ? start : throw RequestRejected.BadRequest("start must not be negative");
    }

    public static int Limit(IQueryCollection query, int max = MaxLimit)
    {
        var text = query["limit"].ToString();
        if (text.Length == 0)
        {
            return Math.Min(DefaultLimit, max);
        }

        return int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var limit) && limit is >= 1 && limit <= max
            ? limit
            : throw RequestRejected.BadRequest($"limit must be an integer from 1 to {max}");
    }

    public static int? OptionalInt(IQueryCollection query, string name)
    {
        var text = query[name].ToString();
        if (text.Length == 0)
        {
            return null;
        }

        return int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value)
            ? value
            : throw RequestRejected.BadRequest($"{name} must be an integer");
    }

    /// <summary>v2 booleans are the words true and false; v1's 0/1 is refused (MIG).</summary>
    public static bool? OptionalBool(IQueryCollection query, string name) => query[name].ToString() switch
    {
        "" => null,
        "true" => true,
        "false" => false,
        _ => throw RequestRejected.BadRequest($"{name} must be true or false"),
    };

    /// <summary>RFC 3339 with whole seconds: fractional seconds are reported to fail v2 validation.</summary>
    public static DateTimeOffset? OptionalTime(IQueryCollection query, string name)
    {
        var text = query[name].ToString();
        if (text.Length == 0)
        {
            return null;
        }

        return JsonRules.TryParseRfc3339(text, out var value)
            ? value
            : throw RequestRejected.BadRequest($"{name} must be an RFC 3339 date-time without fractional seconds, e.g. 2025-01-01T10:20:00Z");
    }

    /// <summary>A comma separated list, or null when the parameter is absent.</summary>
    public static IReadOnlySet<string>? List(IQueryCollection query, string name)
    {
        var text = query[name].ToString();
        return text.Length == 0
            ? null
            : text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).ToHashSet(StringComparer.Ordinal);
    }

    public static IReadOnlySet<int>? Ids(IQueryCollection query, string name = "ids", int max = MaxIds)
    {
        var text = query[name].ToString();
        if (text.Length == 0)
        {
            return null;
        }

        var ids = text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
            .Select(t => int.TryParse(t, NumberStyles.None, CultureInfo.InvariantCulture, out var id)
                ? id
                : throw RequestRejected.BadRequest($"{name} must be a comma separated list of integers"))
            .ToHashSet();
        return ids.Count <= max ? ids : throw RequestRejected.BadRequest($"{name} can hold at most {max} ids");
    }

    public static IReadOnlySet<string>? CustomFieldKeys(IQueryCollection query)
    {
        var keys = List(query, "custom_fields");
        return keys is null || keys.Count <= MaxCustomFieldKeys
            ? keys
            : throw RequestRejected.BadRequest($"custom_fields can name at most {MaxCustomFieldKeys} keys");
    }

    /// <summary>
    /// Lists can be narrowed by a saved filter, but the sandbox stores filters without evaluating their conditions;
    /// refusing beats returning everything.
    /// </summary>
    public static void RefuseFilterId(IQueryCollection query)
    {
        if (query.ContainsKey("filter_id"))
        {
            throw RequestRejected.BadRequest("filter_id is not supported by the sandbox: it stores filters but does not evaluate them");
        }
    }

    public static int Id(string text, string what = "id") =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var id) && id > 0
            ? id
            : throw RequestRejected.BadRequest($"{what} must be a positive integer");
}
