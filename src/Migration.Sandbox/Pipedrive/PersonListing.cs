using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Migration.Sandbox.Pipedrive;

/// <summary>GET /persons: filters, one sort key, keyset paging (spec getPersons).</summary>
internal static class PersonListing
{
    public const int DefaultLimit = 100;
    public const int MaxLimit = 500;
    public const int MaxIds = 100;
    public const int MaxCustomFieldKeys = 15;

    public sealed record Page(IReadOnlyList<StoredPerson> Items, string? NextCursor, IReadOnlySet<string>? CustomFieldKeys);

    public static Page List(IReadOnlyList<StoredPerson> all, IQueryCollection query)
    {
        if (query.ContainsKey("filter_id"))
        {
            // Filters are v1 objects the sandbox does not hold yet; refusing beats returning everything.
            throw RequestRejected.BadRequest("filter_id is not supported by the sandbox");
        }

        var limit = Limit(query, MaxLimit);
        var sortBy = query["sort_by"].ToString() is { Length: > 0 } s ? s : "id";
        if (sortBy is not ("id" or "update_time" or "add_time"))
        {
            throw RequestRejected.BadRequest("sort_by must be one of id, update_time, add_time");
        }

        var direction = query["sort_direction"].ToString() is { Length: > 0 } d ? d : "asc";
        if (direction is not ("asc" or "desc"))
        {
            throw RequestRejected.BadRequest("sort_direction must be asc or desc");
        }

        IEnumerable<StoredPerson> matches = all.Where(p => !p.IsDeleted);

        if (query["ids"].ToString() is { Length: > 0 } idsText)
        {
            var ids = idsText.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
                .Select(t => int.TryParse(t, NumberStyles.None, CultureInfo.InvariantCulture, out var id)
                    ? id
                    : throw RequestRejected.BadRequest("ids must be a comma separated list of integers"))
                .ToHashSet();
            if (ids.Count > MaxIds)
            {
                throw RequestRejected.BadRequest($"ids can hold at most {MaxIds} ids");
            }

            matches = matches.Where(p => ids.Contains(p.Id));
        }

        if (OptionalInt(query, "owner_id") is { } ownerId)
        {
            matches = matches.Where(p => p.OwnerId == ownerId);
        }

        if (OptionalInt(query, "org_id") is { } orgId)
        {
            matches = matches.Where(p => p.OrgId == orgId);
        }

        if (OptionalTime(query, "updated_since") is { } since)
        {
            matches = matches.Where(p => p.UpdateTime >= since);
        }

        if (OptionalTime(query, "updated_until") is { } until)
        {
            matches = matches.Where(p => p.UpdateTime < until);
        }

        Func<StoredPerson, long> key = sortBy switch
        {
            "update_time" => p => p.UpdateTime.ToUnixTimeSeconds(),
            "add_time" => p => p.AddTime.ToUnixTimeSeconds(),
            _ => p => p.Id,
        };
        var ascending = direction == "asc";
        var ordered = ascending
            ? matches.OrderBy(key).ThenBy(p => p.Id)
            : matches.OrderByDescending(key).ThenByDescending(p => p.Id);

        IEnumerable<StoredPerson> fromCursor = ordered;
        if (query["cursor"].ToString() is { Length: > 0 } cursor)
        {
            var (startKey, startId) = Position(cursor, sortBy, direction);
            fromCursor = ordered.Where(p => ascending
                ? key(p) > startKey || (key(p) == startKey && p.Id >= startId)
                : key(p) < startKey || (key(p) == startKey && p.Id <= startId));
        }

        var window = fromCursor.Take(limit + 1).ToList();
        string? next = null;
        if (window.Count > limit)
        {
            var first = window[limit];
            next = PipedriveCursor.Encode(new JsonObject
            {
                ["field"] = sortBy,
                ["fieldValue"] = sortBy == "id" ? JsonValue.Create(first.Id) : JsonValue.Create(JsonRules.FormatTime(sortBy == "add_time" ? first.AddTime : first.UpdateTime)),
                ["sortDirection"] = direction,
                ["id"] = first.Id,
            });
            window.RemoveAt(limit);
        }

        return new Page(window, next, CustomFieldKeys(query));
    }

    public static int Limit(IQueryCollection query, int max)
    {
        var text = query["limit"].ToString();
        if (text.Length == 0)
        {
            return DefaultLimit;
        }

        return int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var limit) && limit is >= 1 && limit <= max
            ? limit
            : throw RequestRejected.BadRequest($"limit must be an integer from 1 to {max}");
    }

    private static (long Key, int Id) Position(string cursor, string sortBy, string direction)
    {
        var position = PipedriveCursor.Decode(cursor);
        if (position["field"]?.ToString() != sortBy || position["sortDirection"]?.ToString() != direction
            || position["id"] is not JsonValue idValue || !idValue.TryGetValue<int>(out var id))
        {
            throw RequestRejected.BadRequest("cursor does not belong to this sort order");
        }

        var fieldValue = position["fieldValue"];
        if (sortBy == "id")
        {
            return fieldValue is JsonValue v && v.TryGetValue<long>(out var key) ? (key, id) : throw RequestRejected.BadRequest("cursor is not valid");
        }

        return fieldValue?.GetValueKind() == JsonValueKind.String && JsonRules.TryParseRfc3339(fieldValue.GetValue<string>(), out var time)
            ? (time.ToUnixTimeSeconds(), id)
            : throw RequestRejected.BadRequest("cursor is not valid");
    }

    private static int? OptionalInt(IQueryCollection query, string name)
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

    private static DateTimeOffset? OptionalTime(IQueryCollection query, string name)
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

    public static IReadOnlySet<string>? CustomFieldKeys(IQueryCollection query)
    {
        var text = query["custom_fields"].ToString();
        if (text.Length == 0)
        {
            return null;
        }

        var keys = text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).ToHashSet(StringComparer.Ordinal);
        return keys.Count <= MaxCustomFieldKeys
            ? keys
            : throw RequestRejected.BadRequest($"custom_fields can name at most {MaxCustomFieldKeys} keys");
    }
}
