using System.Text.Json.Nodes;

namespace Migration.Tests.Shared.Contracts;

/// <summary>
/// Turns an OpenAPI schema object into a JSON Schema (2020-12) document. OpenAPI 3.0 differs from JSON Schema in
/// ways that matter for validation: <c>nullable: true</c> (3.0 only), boolean <c>exclusiveMinimum</c>/<c>Maximum</c>,
/// <c>$ref</c> siblings being ignored, and refs pointing into <c>#/components/schemas</c>. Components that are referenced
/// are copied into <c>$defs</c> (converted the same way), so recursive schemas work.
/// </summary>
public sealed class OpenApiSchemaConverter(JsonObject document, ContractRelaxations relaxations)
{
    private const string ComponentPrefix = "#/components/schemas/";

    private static readonly HashSet<string> SchemaMaps = ["properties", "patternProperties", "$defs", "definitions", "dependentSchemas"];
    private static readonly HashSet<string> SchemaValues = ["items", "additionalProperties", "not", "contains", "propertyNames", "if", "then", "else", "unevaluatedProperties", "unevaluatedItems", "additionalItems"];
    private static readonly HashSet<string> SchemaLists = ["allOf", "anyOf", "oneOf", "prefixItems"];

    // OpenAPI-only annotations with no JSON Schema meaning.
    private static readonly HashSet<string> Dropped = ["nullable", "example", "discriminator", "xml", "externalDocs"];

    private readonly bool openApi30 = document["openapi"]?.GetValue<string>().StartsWith("3.0", StringComparison.Ordinal) ?? false;
    private readonly Queue<string> pending = new();
    private readonly HashSet<string> seen = new(StringComparer.Ordinal);

    public JsonObject Convert(JsonNode schema)
    {
        var root = ConvertSchema(schema) as JsonObject ?? new JsonObject { ["allOf"] = new JsonArray(ConvertSchema(schema)) };
        var defs = new JsonObject();
        while (pending.TryDequeue(out var name))
        {
            var component = document["components"]?["schemas"]?[name]
                ?? throw new InvalidOperationException($"{ComponentPrefix}{name} does not exist in the spec");
            defs[name] = ConvertSchema(component);
        }

        var result = new JsonObject { ["$schema"] = "https://json-schema.org/draft/2020-12/schema" };
        foreach (var (key, value) in root)
        {
            result[key] = value?.DeepClone();
        }

        if (defs.Count > 0)
        {
            result["$defs"] = defs;
        }

        return result;
    }

    private JsonNode? ConvertSchema(JsonNode? node)
    {
        if (node is not JsonObject schema)
        {
            return node?.DeepClone(); // boolean schemas
        }

        var result = new JsonObject();
        if (schema["$ref"]?.GetValue<string>() is { } reference)
        {
            result["$ref"] = Reference(reference);
            if (openApi30)
            {
                // 3.0: siblings of $ref are ignored.
                return Nullable(schema, result);
            }
        }

        foreach (var (key, value) in schema)
        {
            if (key == "$ref" || Dropped.Contains(key) || key.StartsWith("x-", StringComparison.Ordinal))
            {
                continue;
            }

            if (SchemaMaps.Contains(key) && value is JsonObject map)
            {
                var converted = new JsonObject();
                foreach (var (name, sub) in map)
                {
                    var property = ConvertSchema(sub);
                    converted[name] = key == "properties" && relaxations.NullableProperties.Contains(name)
                        ? new JsonObject { ["anyOf"] = new JsonArray(property, new JsonObject { ["type"] = "null" }) }
                        : property;
                }

                result[key] = converted;
            }
            else if (SchemaValues.Contains(key))
            {
                result[key] = ConvertSchema(value);
            }
            else if (SchemaLists.Contains(key) && value is JsonArray list)
            {
                result[key] = new JsonArray(list.Select(ConvertSchema).ToArray());
            }
            else if (openApi30 && key is "exclusiveMinimum" or "exclusiveMaximum" && value?.GetValueKind() is System.Text.Json.JsonValueKind.True or System.Text.Json.JsonValueKind.False)
            {
                // 3.0: a boolean flag on minimum/maximum; 2020-12: the bound itself.
                var bound = key == "exclusiveMinimum" ? "minimum" : "maximum";
                if (value.GetValue<bool>() && schema[bound] is { } limit)
                {
                    result[key] = limit.DeepClone();
                }
            }
            else
            {
                result[key] = value?.DeepClone();
            }
        }

        if (openApi30 && schema["exclusiveMinimum"]?.GetValueKind() == System.Text.Json.JsonValueKind.True)
        {
            result.Remove("minimum");
        }

        if (openApi30 && schema["exclusiveMaximum"]?.GetValueKind() == System.Text.Json.JsonValueKind.True)
        {
            result.Remove("maximum");
        }

        return Nullable(schema, result);
    }

    private static JsonNode Nullable(JsonObject source, JsonObject converted)
    {
        if (source["nullable"]?.GetValueKind() != System.Text.Json.JsonValueKind.True)
        {
            return converted;
        }

        // Wrapping keeps every other keyword's meaning (type, enum, allOf, $ref) for the non-null case.
        return new JsonObject { ["anyOf"] = new JsonArray(converted, new JsonObject { ["type"] = "null" }) };
    }

    private string Reference(string reference)
    {
        if (!reference.StartsWith(ComponentPrefix, StringComparison.Ordinal))
        {
            throw new NotSupportedException($"only {ComponentPrefix}* references are supported, not {reference}");
        }

        var name = reference[ComponentPrefix.Length..];
        if (seen.Add(name))
        {
            pending.Enqueue(name);
        }

        return "#/$defs/" + name;
    }
}

/// <summary>
/// Where the spec is known to be wrong about what the live API returns, stated explicitly and narrowly.
/// Each entry needs a documented reason at its declaration; the validator stays strict about everything else.
/// </summary>
public sealed record ContractRelaxations
{
    public static readonly ContractRelaxations None = new();

    /// <summary>Properties (by name, anywhere in the schema) that may also be null.</summary>
    public IReadOnlySet<string> NullableProperties { get; init; } = new HashSet<string>();

    /// <summary>Properties the spec does not declare but other vendor documentation does.</summary>
    public IReadOnlySet<string> UndeclaredAllowed { get; init; } = new HashSet<string>();
}
