using System.Collections.Frozen;
using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;

namespace Migration.Sandbox.Pipedrive;

/// <summary>POST and PUT /v1/activityTypes bodies (spec addActivityType/updateActivityType, pipedrive-api.md §7.7).</summary>
internal static class ActivityTypeRules
{
    /// <summary>
    /// Per-company activity types (built-in ones included). Pipedrive caps them (CL-ENT) without publishing the
    /// figure; this one is ours.
    /// </summary>
    public const int CompanyLimit = 50;

    public const string LimitMessage = "Couldn't add activity type. You've reached the activity type per company limit.";

    /// <summary>The spec's <c>icon_key</c> enum (openapi-v1.yaml addActivityType), in its order.</summary>
    public static readonly IReadOnlyList<string> IconKeys =
    [
        "task", "email", "meeting", "deadline", "call", "lunch", "calendar", "downarrow", "document", "smartphone", "camera",
        "scissors", "cogs", "bubble", "uparrow", "checkbox", "signpost", "shuffle", "addressbook", "linegraph", "picture",
        "car", "world", "search", "clip", "sound", "brush", "key", "padlock", "pricetag", "suitcase", "finish", "plane",
        "loop", "wifi", "truck", "cart", "bulb", "bell", "presentation",
    ];

    private static readonly FrozenSet<string> IconKeySet = IconKeys.ToFrozenSet(StringComparer.Ordinal);

    private static readonly FrozenSet<string> CreateKeys = FrozenSet.ToFrozenSet(["name", "icon_key", "color"]);

    private static readonly FrozenSet<string> UpdateKeys = FrozenSet.ToFrozenSet(["name", "icon_key", "color", "order_nr"]);

    public static StoredActivityType Create(int id, int orderNr, JsonObject body, IReadOnlyCollection<string> takenKeys, DateTimeOffset now)
    {
        RecordRules.CheckKeys(body, CreateKeys, "activity type");
        if (!body.ContainsKey("name") || !body.ContainsKey("icon_key"))
        {
            throw RequestRejected.BadRequest("name and icon_key are required");
        }

        var name = JsonRules.RequiredText(body["name"], "name", RecordRules.NameLimit);
        var type = new StoredActivityType(id, orderNr, name, KeyString(name, takenKeys), string.Empty, true, null, true, now, now);
        return Apply(type, body);
    }

    /// <summary>key_string never changes, whatever the new name (pipedrive-api.md §7.7).</summary>
    public static StoredActivityType Update(StoredActivityType current, JsonObject body, DateTimeOffset now)
    {
        RecordRules.CheckKeys(body, UpdateKeys, "activity type");
        RecordRules.RequireSomething(body);
        var type = Apply(current, body);
        if (body.TryGetPropertyValue("order_nr", out var order))
        {
            type = type with { OrderNr = JsonRules.RequiredInt(order, "order_nr") };
        }

        return type with { UpdateTime = now };
    }

    /// <summary>"Video call" → "video_call"; a taken key gets a numeric suffix.</summary>
    public static string KeyString(string name, IReadOnlyCollection<string> takenKeys)
    {
        var key = new StringBuilder();
        foreach (var c in name.Trim().ToLowerInvariant())
        {
            if (char.IsLetterOrDigit(c))
            {
                key.Append(c);
            }
            else if (key.Length > 0 && key[^1] != '_')
            {
                key.Append('_');
            }
        }

        var stem = key.ToString().TrimEnd('_');
        stem = stem.Length == 0 ? "activity" : stem;
        var candidate = stem;
        for (var n = 2; takenKeys.Contains(candidate); n++)
        {
            candidate = stem + "_" + n.ToString(CultureInfo.InvariantCulture);
        }

        return candidate;
    }

    private static StoredActivityType Apply(StoredActivityType type, JsonObject body)
    {
        if (body.TryGetPropertyValue("name", out var name))
        {
            type = type with { Name = JsonRules.RequiredText(name, "name", RecordRules.NameLimit) };
        }

        if (body.TryGetPropertyValue("icon_key", out var icon))
        {
            var key = JsonRules.RequiredString(icon, "icon_key", 32);
            type = IconKeySet.Contains(key)
                ? type with { IconKey = key }
                : throw RequestRejected.BadRequest($"icon_key '{key}' is not one of {string.Join(", ", IconKeys)}");
        }

        if (body.TryGetPropertyValue("color", out var color))
        {
            var hex = JsonRules.OptionalString(color, "color", 6);
            type = hex is null || (hex.Length == 6 && hex.All(char.IsAsciiHexDigit))
                ? type with { Color = hex }
                : throw RequestRejected.BadRequest("color must be 6 hex digits without #, e.g. FFFFFF");
        }

        return type;
    }
}
