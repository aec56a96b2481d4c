using System.Collections.Immutable;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Migration.Sandbox.Pipedrive;

/// <summary>
/// v2 <c>custom_fields</c> value formats, validated by field type (pipedrive-api.md §8). Returns the value
/// as stored, or null when the request clears it.
/// </summary>
internal static class CustomFieldValueRules
{
    public const int VarcharLimit = 255;
    public const int TextLimit = 65_536;

    /// <summary>What a value may point at besides options: the account's users and live persons and organizations.</summary>
    internal interface IReferences
    {
        bool UserExists(int id);

        bool PersonExists(int id);

        bool OrganizationExists(int id);
    }

    public static JsonElement? Normalize(FieldDefinition field, JsonNode? value, IReferences references)
    {
        var path = "custom_fields." + field.FieldCode;
        if (value is null)
        {
            // null clears any type, including set (where [] is the error).
            return null;
        }

        switch (field.FieldType)
        {
            case "varchar" or "varchar_auto" or "phone":
                return JsonRules.ToElement(JsonValue.Create(JsonRules.RequiredString(value, path, VarcharLimit)));

            case "text":
                return JsonRules.ToElement(JsonValue.Create(JsonRules.RequiredString(value, path, TextLimit)));

            case "double":
                // Kept as sent (not via decimal) so large or precise doubles survive unchanged.
                JsonRules.RequireNumber(value, path);
                return JsonRules.ToElement(value);

            case "date":
                JsonRules.Date(value, path);
                return JsonRules.ToElement(value);

            case "monetary":
                {
                    var money = JsonRules.OptionalObject(value, path)!;
                    JsonRules.OnlyKnownKeys(money, path, ["value", "currency"]);
                    var amount = JsonRules.RequiredNumber(money["value"], path + ".value");
                    var currency = JsonRules.OptionalString(money["currency"], path + ".currency", 3);
                    if (currency is not null && (currency.Length != 3 || !currency.All(char.IsAsciiLetterUpper)))
                    {
                        throw RequestRejected.BadRequest($"{path}.currency must be a 3-letter currency code");
                    }

                    return JsonRules.ToElement(new JsonObject { ["value"] = amount, ["currency"] = currency });
                }

            case "daterange":
                {
                    var range = JsonRules.OptionalObject(value, path)!;
                    JsonRules.OnlyKnownKeys(range, path, ["value", "until"]);
                    var from = JsonRules.Date(range["value"], path + ".value");
                    var until = JsonRules.Date(range["until"], path + ".until");
                    if (until < from)
                    {
                        throw RequestRejected.BadRequest($"{path}.until must not be before {path}.value");
                    }

                    return JsonRules.ToElement(range);
                }

            case "time" or "timerange":
                {
                    var time = JsonRules.OptionalObject(value, path)!;
                    var isRange = field.FieldType == "timerange";
                    JsonRules.OnlyKnownKeys(time, path, isRange ? ["value", "until", "timezone_id", "timezone_name"] : ["value", "timezone_id", "timezone_name"]);
                    var normalized = new JsonObject { ["value"] = JsonRules.Time(time["value"], path + ".value").ToString("HH:mm:ss") };
                    if (isRange)
                    {
                        normalized["until"] = JsonRules.Time(time["until"], path + ".until").ToString("HH:mm:ss");
                    }

                    normalized["timezone_id"] = JsonRules.OptionalInt(time["timezone_id"], path + ".timezone_id");
                    normalized["timezone_name"] = JsonRules.OptionalString(time["timezone_name"], path + ".timezone_name", VarcharLimit);
                    return JsonRules.ToElement(normalized);
                }

            case "enum":
                {
                    var id = JsonRules.RequiredInt(value, path);
                    return field.FindOption(id) is not null
                        ? JsonRules.ToElement(JsonValue.Create(id))
                        : throw RequestRejected.BadRequest($"{path}: option {id} does not exist on this field");
                }

            case "set":
                {
                    var ids = JsonRules.OptionalArray(value, path)!;
                    if (ids.Count == 0)
                    {
                        // The spec: "sending an empty array [] is not supported and will result in a validation error".
                        throw RequestRejected.BadRequest($"{path} must not be an empty array; send null to clear a set field");
                    }

                    var chosen = new JsonArray();
                    var seen = new HashSet<int>();
                    for (var i = 0; i < ids.Count; i++)
                    {
                        var id = JsonRules.RequiredInt(ids[i], $"{path}[{i}]");
                        if (field.FindOption(id) is null)
                        {
                            throw RequestRejected.BadRequest($"{path}[{i}]: option {id} does not exist on this field");
                        }

                        if (seen.Add(id))
                        {
                            chosen.Add(id);
                        }
                    }

                    return JsonRules.ToElement(chosen);
                }

            case "user":
                {
                    var id = JsonRules.RequiredInt(value, path);
                    return references.UserExists(id)
                        ? JsonRules.ToElement(JsonValue.Create(id))
                        : throw RequestRejected.BadRequest($"{path}: user {id} does not exist");
                }

            case "people":
                {
                    var id = JsonRules.RequiredInt(value, path);
                    return references.PersonExists(id)
                        ? JsonRules.ToElement(JsonValue.Create(id))
                        : throw RequestRejected.BadRequest($"{path}: person {id} does not exist");
                }

            case "org":
                {
                    var id = JsonRules.RequiredInt(value, path);
                    return references.OrganizationExists(id)
                        ? JsonRules.ToElement(JsonValue.Create(id))
                        : throw RequestRejected.BadRequest($"{path}: organization {id} does not exist");
                }

            case "address":
                {
                    var address = JsonRules.OptionalObject(value, path)!;
                    JsonRules.OnlyKnownKeys(address, path, ["value", .. FieldTypes.AddressParts]);
                    var normalized = new JsonObject { ["value"] = JsonRules.RequiredString(address["value"], path + ".value", VarcharLimit) };
                    foreach (var part in FieldTypes.AddressParts)
                    {
                        // Unset subfields become null, as the v2 docs say.
                        normalized[part] = JsonRules.OptionalString(address[part], $"{path}.{part}", VarcharLimit);
                    }

                    return JsonRules.ToElement(normalized);
                }

            default:
                throw RequestRejected.BadRequest($"{path}: fields of type {field.FieldType} cannot be written");
        }
    }

    /// <summary>
    /// Applies a <c>custom_fields</c> object to the values a record holds. Keys of deleted fields are ignored, as
    /// Pipedrive ignores them (CF); unknown keys are refused, so a key from another account fails loudly.
    /// </summary>
    public static ImmutableDictionary<string, JsonElement> Apply(
        ImmutableDictionary<string, JsonElement> current, JsonNode? node, IReadOnlyDictionary<string, FieldDefinition> fields, IReferences references)
    {
        if (node is null)
        {
            return current;
        }

        var values = JsonRules.OptionalObject(node, "custom_fields")!;
        var updated = current;
        foreach (var (code, value) in values)
        {
            if (!fields.TryGetValue(code, out var field))
            {
                throw RequestRejected.BadRequest($"custom_fields.{code}: no custom field has this key in this account");
            }

            if (field.IsDeleted)
            {
                continue;
            }

            var normalized = Normalize(field, value, references);
            updated = normalized is { } element ? updated.SetItem(code, element) : updated.Remove(code);
        }

        return updated;
    }

    /// <summary>The text search matches for a stored value, or null when the type is not searchable.</summary>
    public static string? SearchableText(FieldDefinition field, JsonElement value)
    {
        if (!FieldTypes.Searchable.Contains(field.FieldType))
        {
            return null;
        }

        return field.FieldType switch
        {
            "double" => value.GetRawText(),
            "monetary" or "address" => value.TryGetProperty("value", out var inner) ? (inner.ValueKind == JsonValueKind.String ? inner.GetString() : inner.GetRawText()) : null,
            _ => value.ValueKind == JsonValueKind.String ? value.GetString() : null,
        };
    }
}
