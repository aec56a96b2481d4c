using System.Globalization;

namespace Migration.Sandbox.Pipedrive;

/// <summary>GET /v1/notes: filters, <c>sort</c> as "field DIRECTION" pairs, offset paging (spec getNotes).</summary>
internal static class NoteListing
{
    private static readonly IReadOnlyDictionary<string, Func<StoredNote, long>> SortKeys = new Dictionary<string, Func<StoredNote, long>>(StringComparer.Ordinal)
    {
        ["id"] = n => n.Id,
        ["add_time"] = n => n.AddTime.ToUnixTimeSeconds(),
        ["update_time"] = n => n.UpdateTime.ToUnixTimeSeconds(),
    };

    public static IReadOnlyList<StoredNote> List(IReadOnlyList<StoredNote> all, IQueryCollection query, int start, int limit, out bool more)
    {
        IEnumerable<StoredNote> notes = all.Where(n => n.ActiveFlag);
        foreach (var (name, select) in new (string, Func<StoredNote, int?>)[]
        {
            ("user_id", n => n.UserId), ("deal_id", n => n.DealId), ("person_id", n => n.PersonId), ("org_id", n => n.OrgId),
        })
        {
            if (QueryRules.OptionalInt(query, name) is { } id)
            {
                notes = notes.Where(n => select(n) == id);
            }
        }

        // The sandbox holds no leads, projects or tasks: filtering by one finds nothing.
        if (new[] { "lead_id", "project_id", "task_id" }.Any(k => query[k].ToString().Length > 0))
        {
            notes = [];
        }

        if (Date(query, "start_date") is { } from)
        {
            notes = notes.Where(n => DateOnly.FromDateTime(n.AddTime.UtcDateTime) >= from);
        }

        if (Date(query, "end_date") is { } to)
        {
            notes = notes.Where(n => DateOnly.FromDateTime(n.AddTime.UtcDateTime) <= to);
        }

        if (query["updated_since"].ToString() is { Length: > 0 } sinceText)
        {
            var since = JsonRules.TryParseRfc3339(sinceText, out var value) ? value : throw RequestRejected.BadRequest("updated_since must be an RFC 3339 date-time, e.g. 2025-01-01T10:20:00Z");
            notes = notes.Where(n => n.UpdateTime >= since);
        }

        foreach (var (flag, select) in new (string, Func<StoredNote, bool>)[]
        {
            ("pinned_to_deal_flag", n => n.PinnedToDeal), ("pinned_to_organization_flag", n => n.PinnedToOrganization),
            ("pinned_to_person_flag", n => n.PinnedToPerson), ("pinned_to_lead_flag", _ => false),
            ("pinned_to_project_flag", _ => false), ("pinned_to_task_flag", _ => false),
        })
        {
            var text = query[flag].ToString();
            if (text.Length > 0)
            {
                var wanted = text switch { "1" => true, "0" => false, _ => throw RequestRejected.BadRequest($"{flag} must be 0 or 1") };
                notes = notes.Where(n => select(n) == wanted);
            }
        }

        var sorted = Sort(notes, query["sort"].ToString());
        var page = sorted.Skip(start).Take(limit + 1).ToList();
        more = page.Count > limit;
        return more ? page[..limit] : page;
    }

    /// <summary>"add_time DESC, id ASC": each field one of id, add_time, update_time.</summary>
    private static IEnumerable<StoredNote> Sort(IEnumerable<StoredNote> notes, string sort)
    {
        var terms = sort.Length == 0 ? ["id ASC"] : sort.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        IOrderedEnumerable<StoredNote>? ordered = null;
        foreach (var term in terms)
        {
            var parts = term.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (parts.Length is < 1 or > 2 || !SortKeys.TryGetValue(parts[0], out var key))
            {
                throw RequestRejected.BadRequest($"sort: '{term}' must be a field (id, add_time, update_time) and an optional ASC or DESC");
            }

            var descending = parts.Length == 2 && (parts[1].Equals("DESC", StringComparison.OrdinalIgnoreCase)
                || (!parts[1].Equals("ASC", StringComparison.OrdinalIgnoreCase) ? throw RequestRejected.BadRequest($"sort: '{parts[1]}' must be ASC or DESC") : false));
            ordered = ordered is null
                ? descending ? notes.OrderByDescending(key) : notes.OrderBy(key)
                : descending ? ordered.ThenByDescending(key) : ordered.ThenBy(key);
        }

        return ordered!.ThenBy(n => n.Id);
    }

    private static DateOnly? Date(IQueryCollection query, string name)
    {
        var text = query[name].ToString();
        if (text.Length == 0)
        {
            return null;
        }

        return DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date)
            ? date
            : throw RequestRejected.BadRequest($"{name} must be a date in YYYY-MM-DD format");
    }
}
