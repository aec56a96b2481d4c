using System.Text.Json;
using System.Text.Json.Nodes;
using Json.Schema;

namespace Migration.Sandbox.Tests.Contracts;

/// <summary>One loaded spec: finds an operation's response schema and checks bodies against it.</summary>
public sealed class OpenApiContract
{
    private readonly JsonObject document;
    private readonly string name;

    private OpenApiContract(string name, JsonObject document)
    {
        this.name = name;
        this.document = document;
    }

    public static OpenApiContract Load(string path) =>
        new(Path.GetFileNameWithoutExtension(path), YamlJson.Load(path) as JsonObject ?? throw new InvalidDataException($"{path} is not a YAML mapping"));

    /// <summary>The operation object at a path and method, or null when the spec has none.</summary>
    public JsonObject? Operation(string path, string method) =>
        document["paths"]?[path]?[method.ToLowerInvariant()] as JsonObject;

    /// <summary>The response schema of an operation, e.g. ("/persons", "post", "200").</summary>
    public JsonNode ResponseSchema(string path, string method, string status = "200", string mediaType = "application/json") =>
        document["paths"]?[path]?[method.ToLowerInvariant()]?["responses"]?[status]?["content"]?[mediaType]?["schema"]
            ?? throw new KeyNotFoundException($"{name}: no {status} {mediaType} response schema for {method.ToUpperInvariant()} {path}");

    public JsonNode ComponentSchema(string component) =>
        document["components"]?["schemas"]?[component]
            ?? throw new KeyNotFoundException($"{name}: no component schema {component}");

    public ContractSchema Compile(JsonNode openApiSchema, ContractRelaxations? relaxations = null)
    {
        relaxations ??= ContractRelaxations.None;
        var jsonSchema = new OpenApiSchemaConverter(document, relaxations).Convert(openApiSchema);
        return new ContractSchema(jsonSchema, relaxations);
    }

    public ContractSchema Response(string path, string method, string status = "200", ContractRelaxations? relaxations = null) =>
        Compile(ResponseSchema(path, method, status), relaxations);
}

/// <summary>A compiled schema plus the check that every property a body carries is one the spec declares.</summary>
public sealed class ContractSchema
{
    private readonly JsonObject source;
    private readonly JsonSchema schema;
    private readonly ContractRelaxations relaxations;

    public ContractSchema(JsonObject jsonSchema, ContractRelaxations relaxations)
    {
        source = jsonSchema;
        this.relaxations = relaxations;

        // A registry per schema: the same $defs names recur across operations.
        var options = new BuildOptions { SchemaRegistry = new SchemaRegistry() };
        schema = JsonSchema.Build(JsonSerializer.SerializeToElement(jsonSchema), options, new Uri($"https://contract.sandbox.test/schema/{Guid.NewGuid():N}"));
    }

    public JsonObject JsonSchemaDocument => source;

    /// <summary>Schema violations, then undeclared properties; empty when the body conforms.</summary>
    public IReadOnlyList<string> Check(JsonElement body)
    {
        var problems = new List<string>();
        var results = schema.Evaluate(body, new EvaluationOptions { OutputFormat = OutputFormat.Hierarchical });
        if (!results.IsValid)
        {
            Failures(results, problems);
            if (problems.Count == 0)
            {
                problems.Add("body does not match the schema");
            }
        }

        Undeclared(body, source, "$", problems);
        return problems;
    }

    public void AssertValid(JsonElement body, string what)
    {
        var problems = Check(body);
        Assert.True(problems.Count == 0, $"{what} does not match the spec:\n  {string.Join("\n  ", problems)}\nbody: {body.GetRawText()[..Math.Min(2000, body.GetRawText().Length)]}");
    }

    /// <summary>Errors of failing nodes only: a failed anyOf branch under a passing anyOf is not a problem.</summary>
    private static void Failures(EvaluationResults node, List<string> problems)
    {
        if (node.IsValid)
        {
            return;
        }

        foreach (var (keyword, message) in node.Errors ?? [])
        {
            problems.Add($"{node.InstanceLocation} ({node.EvaluationPath}/{keyword}): {message}");
        }

        foreach (var child in node.Details ?? [])
        {
            Failures(child, problems);
        }
    }

    /// <summary>
    /// JSON Schema allows extra properties unless told otherwise, and the vendor specs never say otherwise;
    /// a misspelt property (isDeleted for is_deleted) would pass. So every property of the body must be
    /// declared by some branch of the schema at its position, unless that position is free-form.
    /// </summary>
    private void Undeclared(JsonElement instance, JsonNode? schemaNode, string path, List<string> problems)
    {
        var branches = Branches(schemaNode).ToList();
        if (branches.Count == 0)
        {
            return;
        }

        switch (instance.ValueKind)
        {
            case JsonValueKind.Object:
                {
                    var freeForm = branches.Any(b => b["additionalProperties"] is { } extra && extra.GetValueKind() != JsonValueKind.False)
                        || branches.All(b => b["properties"] is null);
                    foreach (var property in instance.EnumerateObject())
                    {
                        var declared = branches.Select(b => b["properties"]?[property.Name]).Where(s => s is not null).ToList();
                        if (declared.Count == 0)
                        {
                            if (!freeForm && !relaxations.UndeclaredAllowed.Contains(property.Name))
                            {
                                problems.Add($"{path}.{property.Name}: not declared by the spec");
                            }

                            continue;
                        }

                        foreach (var sub in declared)
                        {
                            Undeclared(property.Value, sub, $"{path}.{property.Name}", problems);
                        }
                    }

                    break;
                }

            case JsonValueKind.Array:
                {
                    var items = branches.Select(b => b["items"]).Where(s => s is not null).ToList();
                    var index = 0;
                    foreach (var element in instance.EnumerateArray())
                    {
                        foreach (var item in items)
                        {
                            Undeclared(element, item, $"{path}[{index}]", problems);
                        }

                        index++;
                    }

                    break;
                }
        }
    }

    /// <summary>The schema and every allOf/anyOf/oneOf branch under it, with $refs followed.</summary>
    private IEnumerable<JsonObject> Branches(JsonNode? node, int depth = 0)
    {
        if (node is not JsonObject obj || depth > 32)
        {
            yield break;
        }

        if (obj["$ref"]?.GetValue<string>() is { } reference && reference.StartsWith("#/$defs/", StringComparison.Ordinal))
        {
            foreach (var branch in Branches(source["$defs"]?[reference["#/$defs/".Length..]], depth + 1))
            {
                yield return branch;
            }
        }

        yield return obj;
        foreach (var key in new[] { "allOf", "anyOf", "oneOf" })
        {
            if (obj[key] is JsonArray list)
            {
                foreach (var item in list)
                {
                    foreach (var branch in Branches(item, depth + 1))
                    {
                        yield return branch;
                    }
                }
            }
        }
    }
}
