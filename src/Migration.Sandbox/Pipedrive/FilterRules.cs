using System.Collections.Frozen;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Migration.Sandbox.Pipedrive;

/// <summary>POST and PUT /v1/filters bodies (spec addFilter/updateFilter, pipedrive-api.md §7.8).</summary>
internal static class FilterRules
{
    public const int MaxConditions = 16;

    public static readonly FrozenSet<string> Types = FrozenSet.ToFrozenSet(["deals", "leads", "org", "people", "products", "activity", "projects"]);

    /// <summary>The operators the spec's addFilter description lists.</summary>
    public static readonly FrozenSet<string> Operators = FrozenSet.ToFrozenSet(
        ["=", "!=", "<", ">", "<=", ">=", "IS NULL", "IS NOT NULL", "LIKE '$%'", "LIKE '%$%'", "NOT LIKE '$%'"]);

    /// <summary>The condition objects the spec names ("five types of objects").</summary>
    public static readonly FrozenSet<string> Objects = FrozenSet.ToFrozenSet(["person", "deal", "organization", "product", "activity"]);

    private static readonly FrozenSet<string> CreateKeys = FrozenSet.ToFrozenSet(["name", "conditions", "type"]);

    private static readonly FrozenSet<string> UpdateKeys = FrozenSet.ToFrozenSet(["name", "conditions"]);

    public static StoredFilter Create(int id, JsonObject body, int userId, DateTimeOffset now)
    {
        RecordRules.CheckKeys(body, CreateKeys, "filter");
        if (!body.ContainsKey("name") || !body.ContainsKey("conditions") || !body.ContainsKey("type"))
        {
            throw RequestRejected.BadRequest("name, conditions and type are all required");
        }

        var type = JsonRules.RequiredString(body["type"], "type", 16);
        if (!Types.Contains(type))
        {
            throw RequestRejected.BadRequest($"type must be one of {string.Join(", ", Types.Order())}");
        }

        return new StoredFilter(id, JsonRules.RequiredText(body["name"], "name", RecordRules.NameLimit), type, Conditions(body["conditions"]), userId, true, now, now);
    }

    public static StoredFilter Update(StoredFilter current, JsonObject body, DateTimeOffset now)
    {
        RecordRules.CheckKeys(body, UpdateKeys, "filter");
        if (!body.ContainsKey("conditions"))
        {
            throw RequestRejected.BadRequest("conditions is required");
        }

        var filter = current with { Conditions = Conditions(body["conditions"]), UpdateTime = now };
        return body.TryGetPropertyValue("name", out var name) ? filter with { Name = JsonRules.RequiredText(name, "name", RecordRules.NameLimit) } : filter;
    }

    /// <summary>
    /// Exactly the layout the spec describes: one outer group glued with "and" holding two groups, the first glued
    /// with "and", the second with "or"; at most 16 conditions in all. Returned as stored and answered (field_id
    /// and value as strings).
    /// </summary>
    public static JsonElement Conditions(JsonNode? node)
    {
        const string layout = "conditions must be {\"glue\":\"and\",\"conditions\":[{\"glue\":\"and\",\"conditions\":[...]},{\"glue\":\"or\",\"conditions\":[...]}]}";
        var root = node as JsonObject ?? throw RequestRejected.BadRequest(layout);
        JsonRules.OnlyKnownKeys(root, "conditions", ["glue", "conditions"]);
        if (root["glue"]?.GetValueKind() != JsonValueKind.String || root["glue"]!.GetValue<string>() != "and"
            || root["conditions"] is not JsonArray groups || groups.Count != 2)
        {
            throw RequestRejected.BadRequest(layout);
        }

        var normalizedGroups = new JsonArray();
        var total = 0;
        string[] glues = ["and", "or"];
        for (var g = 0; g < 2; g++)
        {
            var path = $"conditions.conditions[{g}]";
            var group = groups[g] as JsonObject ?? throw RequestRejected.BadRequest(layout);
            JsonRules.OnlyKnownKeys(group, path, ["glue", "conditions"]);
            if (group["glue"]?.GetValueKind() != JsonValueKind.String || group["glue"]!.GetValue<string>() != glues[g] || group["conditions"] is not JsonArray items)
            {
                throw RequestRejected.BadRequest(layout);
            }

            total += items.Count;
            if (total > MaxConditions)
            {
                throw RequestRejected.BadRequest($"A filter can have at most {MaxConditions} conditions");
            }

            var normalized = new JsonArray();
            for (var i = 0; i < items.Count; i++)
            {
                normalized.Add(Condition(items[i], $"{path}.conditions[{i}]"));
            }

            normalizedGroups.Add(new JsonObject { ["glue"] = glues[g], ["conditions"] = normalized });
        }

        return JsonRules.ToElement(new JsonObject { ["glue"] = "and", ["conditions"] = normalizedGroups });
    }

    private static JsonObject Condition(JsonNode? node, string path)
    {
        var condition = node as JsonObject ?? throw RequestRejected.BadRequest($"{path} must be an object {{object, field_id, operator, value, extra_value}}");
        JsonRules.OnlyKnownKeys(condition, path, ["object", "field_id", "operator", "value", "extra_value", "json_value_flag"]);
        var subject = JsonRules.RequiredString(condition["object"], path + ".object", 32);
        if (!Objects.Contains(subject))
        {
            throw RequestRejected.BadRequest($"{path}.object must be one of {string.Join(", ", Objects.Order())}");
        }

        var fieldId = Scalar(condition["field_id"], path + ".field_id") ?? throw RequestRejected.BadRequest($"{path}.field_id is required");
        var op = JsonRules.RequiredString(condition["operator"], path + ".operator", 16);
        if (!Operators.Contains(op))
        {
            throw RequestRejected.BadRequest($"{path}.operator must be one of {string.Join(", ", Operators.Order())}");
        }

        return new JsonObject
        {
            ["object"] = subject,
            ["field_id"] = fieldId,
            ["operator"] = op,
            ["value"] = Scalar(condition["value"], path + ".value"),
            ["extra_value"] = Scalar(condition["extra_value"], path + ".extra_value"),
            ["json_value_flag"] = JsonRules.OptionalBool(condition["json_value_flag"], path + ".json_value_flag") ?? false,
        };
    }

    /// <summary>Strings and numbers both arrive (field ids are numbers in the app, strings in the docs); stored as strings.</summary>
    private static string? Scalar(JsonNode? node, string path) => node?.GetValueKind() switch
    {
        null or JsonValueKind.Null => null,
        JsonValueKind.String => node.GetValue<string>(),
        JsonValueKind.Number => node.AsValue().TryGetValue<decimal>(out var n) ? n.ToString(CultureInfo.InvariantCulture) : node.ToJsonString(),
        _ => throw RequestRejected.BadRequest($"{path} must be a string or a number"),
    };
}
