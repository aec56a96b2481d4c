using System.Text.Json;
using System.Text.Json.Nodes;
using Json.Schema;

namespace Migration.Tests.Shared.Contracts;

/// <summary>One loaded spec: finds an operation's parameters, request body and response schemas and checks bodies against them.</summary>
public sealed class OpenApiContract
{
    private static readonly string[] Methods = ["get", "put", "post", "delete", "options", "head", "patch", "trace"];

    private readonly JsonObject document;

    private OpenApiContract(string name, JsonObject document)
    {
        Name = name;
        this.document = document;
    }

    /// <summary>The file name without extension, e.g. <c>openapi-v2</c>; problems name it.</summary>
    public string Name { get; }

    public static OpenApiContract Load(string path) =>
        new(Path.GetFileNameWithoutExtension(path), YamlJson.Load(path) as JsonObject ?? throw new InvalidDataException($"{path} is not a YAML mapping"));

    /// <summary>Every operation in the file: its path template, lower-case method and operation object.</summary>
    public IEnumerable<(string Path, string Method, JsonObject Operation)> Operations()
    {
        foreach (var (path, item) in document["paths"] as JsonObject ?? [])
        {
            foreach (var method in Methods)
            {
                if (item?[method] is JsonObject operation)
                {
                    yield return (path, method, operation);
                }
            }
        }
    }

    /// <summary>The operation object at a path and method, or null when the spec has none.</summary>
    public JsonObject? Operation(string path, string method) =>
        document["paths"]?[path]?[method.ToLowerInvariant()] as JsonObject;

    /// <summary>
    /// The parameters that apply to an operation: the path item's, overridden by the operation's own with the same
    /// name and location, with <c>#/components/parameters</c> references followed.
    /// </summary>
    public IReadOnlyList<JsonObject> Parameters(string path, string method)
    {
        var merged = new Dictionary<(string, string), JsonObject>();
        foreach (var list in new[] { document["paths"]?[path]?["parameters"], Operation(path, method)?["parameters"] })
        {
            foreach (var entry in list as JsonArray ?? [])
            {
                if (Resolve(entry, "#/components/parameters/") is { } parameter
                    && parameter["name"]?.GetValue<string>() is { } name
                    && parameter["in"]?.GetValue<string>() is { } location)
                {
                    merged[(location, name)] = parameter;
                }
            }
        }

        return [.. merged.Values];
    }

    /// <summary>The JSON request body schema of an operation, or null when it takes none.</summary>
    public JsonNode? RequestBodySchema(string path, string method, string mediaType = "application/json") =>
        Resolve(Operation(path, method)?["requestBody"], "#/components/requestBodies/")?["content"]?[mediaType]?["schema"];

    /// <summary>Whether the spec marks the request body as required.</summary>
    public bool RequestBodyRequired(string path, string method) =>
        Resolve(Operation(path, method)?["requestBody"], "#/components/requestBodies/")?["required"]?.GetValueKind() == JsonValueKind.True;

    /// <summary>The response schema declared for a status (or the <c>default</c> response), or null when none is.</summary>
    public JsonNode? DeclaredResponseSchema(string path, string method, int status, string mediaType = "application/json")
    {
        var responses = Operation(path, method)?["responses"];
        var response = responses?[status.ToString(System.Globalization.CultureInfo.InvariantCulture)]
            ?? responses?[$"{status / 100}XX"]
            ?? responses?["default"];
        return Resolve(response, "#/components/responses/")?["content"]?[mediaType]?["schema"];
    }

    /// <summary>The response schema of an operation, e.g. ("/persons", "post", "200").</summary>
    public JsonNode ResponseSchema(string path, string method, string status = "200", string mediaType = "application/json") =>
        document["paths"]?[path]?[method.ToLowerInvariant()]?["responses"]?[status]?["content"]?[mediaType]?["schema"]
            ?? throw new KeyNotFoundException($"{Name}: no {status} {mediaType} response schema for {method.ToUpperInvariant()} {path}");

    public JsonNode ComponentSchema(string component) =>
        document["components"]?["schemas"]?[component]
            ?? throw new KeyNotFoundException($"{Name}: no component schema {component}");

    public ContractSchema Compile(JsonNode openApiSchema, ContractRelaxations? relaxations = null)
    {
        relaxations ??= ContractRelaxations.None;
        var jsonSchema = new OpenApiSchemaConverter(document, relaxations).Convert(openApiSchema);
        return new ContractSchema(jsonSchema, relaxations);
    }

    public ContractSchema Response(string path, string method, string status = "200", ContractRelaxations? relaxations = null) =>
        Compile(ResponseSchema(path, method, status), relaxations);

    /// <summary>An object, or the component it references (parameters, request bodies and responses can be shared).</summary>
    private JsonObject? Resolve(JsonNode? node, string prefix)
    {
        for (var depth = 0; node is JsonObject obj && depth < 8; depth++)
        {
            if (obj["$ref"]?.GetValue<string>() is not { } reference)
            {
                return obj;
            }

            if (!reference.StartsWith(prefix, StringComparison.Ordinal))
            {
                throw new NotSupportedException($"{Name}: only {prefix}* references are supported here, not {reference}");
            }

            node = document["components"]?[prefix["#/components/".Length..^1]]?[reference[prefix.Length..]];
        }

        return null;
    }
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
