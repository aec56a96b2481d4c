using System.Collections.Frozen;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Migration.Sandbox.Pipedrive;

/// <summary>
/// Bodies of POST/PATCH /&lt;entity&gt;Fields and of the atomic options endpoints (spec addPersonField,
/// updatePersonField, add/update/deletePersonFieldOptions and their organization and deal twins).
/// </summary>
internal static class FieldWriteRules
{
    public const int NameLimit = 255;
    public const int MaxOptions = 10_000;

    private static readonly FrozenSet<string> CreateKeys = FrozenSet.ToFrozenSet(
        ["field_name", "field_type", "options", "ui_visibility", "important_fields", "required_fields"]);

    private static readonly FrozenSet<string> UpdateKeys = FrozenSet.ToFrozenSet(
        ["field_name", "ui_visibility", "important_fields", "required_fields"]);

    /// <summary>A field to create, checked: the account then gives it a key and option ids.</summary>
    public sealed record NewField(string Name, string FieldType, IReadOnlyList<string>? OptionLabels, JsonElement? UiVisibility, JsonElement? ImportantFields, JsonElement? RequiredFields);

    public static NewField Create(JsonObject body)
    {
        RecordRules.CheckKeys(body, CreateKeys, "field");
        var name = JsonRules.OptionalString(body["field_name"], "field_name", NameLimit);
        if (string.IsNullOrWhiteSpace(name))
        {
            throw RequestRejected.BadRequest("field_name is required (1 to 255 characters)");
        }

        var fieldType = JsonRules.OptionalString(body["field_type"], "field_type", 64)
            ?? throw RequestRejected.BadRequest("field_type is required");
        if (!FieldTypes.Creatable.Contains(fieldType))
        {
            throw RequestRejected.BadRequest($"field_type '{fieldType}' cannot be created; use one of {string.Join(", ", FieldTypes.Creatable.Order())}");
        }

        List<string>? labels = null;
        if (FieldTypes.HasOptions(fieldType))
        {
            var options = JsonRules.OptionalArray(body["options"], "options");
            if (options is null || options.Count == 0)
            {
                throw RequestRejected.BadRequest($"options are required for {fieldType} fields");
            }

            labels = [.. Labels(options, withIds: false).Select(o => o.Label)];
        }

        // Options on other types are ignored, as Pipedrive ignores them.
        return new NewField(name, fieldType, labels, Configuration(body, "ui_visibility"), Configuration(body, "important_fields"), Configuration(body, "required_fields"));
    }

    /// <summary>field_code and field_type cannot change; at least one property must be given.</summary>
    public static FieldDefinition Update(FieldDefinition current, JsonObject body)
    {
        foreach (var fixedKey in new[] { "field_code", "field_type" })
        {
            if (body.ContainsKey(fixedKey))
            {
                throw RequestRejected.BadRequest($"{fixedKey} cannot be changed");
            }
        }

        RecordRules.CheckKeys(body, UpdateKeys, "field");
        RecordRules.RequireSomething(body);
        var field = current;
        if (body.TryGetPropertyValue("field_name", out var name))
        {
            var text = JsonRules.OptionalString(name, "field_name", NameLimit);
            field = string.IsNullOrWhiteSpace(text) ? throw RequestRejected.BadRequest("field_name must be 1 to 255 characters") : field with { FieldName = text };
        }

        return field with
        {
            UiVisibility = Configuration(body, "ui_visibility") ?? field.UiVisibility,
            ImportantFields = Configuration(body, "important_fields") ?? field.ImportantFields,
            RequiredFields = Configuration(body, "required_fields") ?? field.RequiredFields,
        };
    }

    /// <summary>The body of the options endpoints: a non-empty array of <c>{label}</c> or <c>{id, label}</c> or <c>{id}</c>.</summary>
    public static IReadOnlyList<(int? Id, string Label)> Labels(JsonArray items, bool withIds, bool withLabels = true)
    {
        if (items.Count == 0)
        {
            throw RequestRejected.BadRequest("at least one option must be given");
        }

        var result = new List<(int?, string)>(items.Count);
        for (var i = 0; i < items.Count; i++)
        {
            var path = $"options[{i}]";
            var item = items[i] as JsonObject ?? throw RequestRejected.BadRequest($"{path} must be an object");
            JsonRules.OnlyKnownKeys(item, path, withIds ? (withLabels ? ["id", "label"] : ["id"]) : ["label"]);
            int? id = withIds ? JsonRules.RequiredInt(item["id"], path + ".id") : null;
            var label = withLabels ? JsonRules.OptionalString(item["label"], path + ".label", NameLimit) : string.Empty;
            if (withLabels && string.IsNullOrWhiteSpace(label))
            {
                throw RequestRejected.BadRequest($"{path}.label is required (1 to 255 characters)");
            }

            result.Add((id, label!));
        }

        return result;
    }

    public static JsonArray OptionsBody(JsonNode? body) =>
        body as JsonArray ?? throw RequestRejected.BadRequest("Request body must be a JSON array of options");

    private static JsonElement? Configuration(JsonObject body, string key) =>
        body.TryGetPropertyValue(key, out var node) && node is not null
            ? JsonRules.ToElement(JsonRules.OptionalObject(node, key)!)
            : null;
}
