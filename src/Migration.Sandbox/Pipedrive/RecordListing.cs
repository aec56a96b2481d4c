using System.Text.Json;
using System.Text.Json.Nodes;

namespace Migration.Sandbox.Pipedrive;

/// <summary>
/// v2 list paging: one sort key (id, add_time, update_time, or an entity's own such as due_date or order_nr),
/// asc or desc, ids filter, updated_since/until, and keyset cursors, so inserts between pages neither skip nor
/// repeat items. Deleted records are left out unless the caller keeps them.
/// </summary>
internal static class RecordListing
{
    public sealed record Page<T>(IReadOnlyList<T> Items, string? NextCursor);

    /// <summary>An extra sort key: its name and a long that orders records by it (ties broken by id).</summary>
    public sealed record SortKey<T>(string Name, Func<T, long> Key);

    public static Page<T> List<T>(IEnumerable<T> records, IQueryCollection query, params SortKey<T>[] extraKeys)
        where T : IStoredRecord
    {
        var limit = QueryRules.Limit(query);
        var sortBy = query["sort_by"].ToString() is { Length: > 0 } s ? s : "id";
        var keys = new List<SortKey<T>>
        {
            new("id", r => r.Id),
            new("update_time", r => r.UpdateTime.ToUnixTimeSeconds()),
            new("add_time", r => r.AddTime.ToUnixTimeSeconds()),
        };
        keys.AddRange(extraKeys);
        var sort = keys.FirstOrDefault(k => k.Name == sortBy)
            ?? throw RequestRejected.BadRequest($"sort_by must be one of {string.Join(", ", keys.Select(k => k.Name))}");

        var direction = query["sort_direction"].ToString() is { Length: > 0 } d ? d : "asc";
        if (direction is not ("asc" or "desc"))
        {
            throw RequestRejected.BadRequest("sort_direction must be asc or desc");
        }

        // "If filter_id is provided, ids is ignored" does not arise: filter_id is refused (QueryRules.RefuseFilterId).
        if (QueryRules.Ids(query) is { } ids)
        {
            records = records.Where(r => ids.Contains(r.Id));
        }

        if (QueryRules.OptionalTime(query, "updated_since") is { } since)
        {
            records = records.Where(r => r.UpdateTime >= since);
        }

        if (QueryRules.OptionalTime(query, "updated_until") is { } until)
        {
            records = records.Where(r => r.UpdateTime < until);
        }

        var ascending = direction == "asc";
        var ordered = ascending
            ? records.OrderBy(sort.Key).ThenBy(r => r.Id)
            : records.OrderByDescending(sort.Key).ThenByDescending(r => r.Id);

        IEnumerable<T> fromCursor = ordered;
        if (query["cursor"].ToString() is { Length: > 0 } cursor)
        {
            var (startKey, startId) = Position(cursor, sortBy, direction);
            fromCursor = ordered.Where(r => ascending
                ? sort.Key(r) > startKey || (sort.Key(r) == startKey && r.Id >= startId)
                : sort.Key(r) < startKey || (sort.Key(r) == startKey && r.Id <= startId));
        }

        var window = fromCursor.Take(limit + 1).ToList();
        string? next = null;
        if (window.Count > limit)
        {
            // Shaped like Pipedrive's own cursors: the first item of the next page.
            var first = window[limit];
            next = PipedriveCursor.Encode(new JsonObject
            {
                ["field"] = sortBy,
                ["fieldValue"] = sort.Key(first),
                ["sortDirection"] = direction,
                ["id"] = first.Id,
            });
            window.RemoveAt(limit);
        }

        return new Page<T>(window, next);
    }

    private static (long Key, int Id) Position(string cursor, string sortBy, string direction)
    {
        var position = PipedriveCursor.Decode(cursor);
        if (position["field"]?.GetValueKind() != JsonValueKind.String || position["field"]!.GetValue<string>() != sortBy
            || position["sortDirection"]?.GetValueKind() != JsonValueKind.String || position["sortDirection"]!.GetValue<string>() != direction
            || position["id"] is not JsonValue idValue || !idValue.TryGetValue<int>(out var id))
        {
            throw RequestRejected.BadRequest("cursor does not belong to this sort order");
        }

        return position["fieldValue"] is JsonValue v && v.TryGetValue<long>(out var key)
            ? (key, id)
            : throw RequestRejected.BadRequest("cursor is not valid");
    }

    /// <summary>An offset page for lists whose order is not a key (fields, search results).</summary>
    public static Page<T> Offset<T>(IReadOnlyList<T> all, IQueryCollection query, string scope, int maxLimit = QueryRules.MaxLimit)
    {
        var limit = QueryRules.Limit(query, maxLimit);
        var offset = PipedriveCursor.DecodeOffset(query["cursor"].ToString(), scope);
        var page = all.Skip(offset).Take(limit).ToArray();
        var next = offset + page.Length < all.Count ? PipedriveCursor.EncodeOffset(scope, offset + page.Length) : null;
        return new Page<T>(page, next);
    }
}
