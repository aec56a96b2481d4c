using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Migration.Tests.Shared.Contracts;

/// <summary>
/// One Pipedrive operation as the official files describe it. <see cref="Path"/> carries the API prefix
/// (<c>/api/v2/persons/{id}</c>, <c>/api/v1/users/find</c>), as token-costs.tsv and the simulator key operations.
/// </summary>
public sealed record SpecOperation(string Spec, string Method, string Path, string SpecPath, string? OperationId, int? TokenCost, bool Deprecated)
{
    public string Key => $"{Method} {Path}";
}

/// <summary>
/// Both Pipedrive files (openapi-v1.yaml, openapi-v2.yaml) as one API: finds the operation a request is for,
/// by method and path template (v2 under <c>/api/v2</c>, v1 under <c>/api/v1</c> or <c>/v1</c>), and checks the
/// request (path and query parameters, JSON body) and the response (status, JSON body) against it.
/// Every check answers a list of readable problems; empty means the message conforms.
/// <code>
/// var spec = PipedriveSpec.Load(SpecsLocation.Find());
/// var problems = spec.ValidateRequest(HttpMethod.Post, new Uri("/api/v2/persons", UriKind.Relative), body);
/// </code>
/// </summary>
public sealed class PipedriveSpec
{
    public const string V1Prefix = "/api/v1";
    public const string V2Prefix = "/api/v2";

    /// <summary>Query parameters every operation accepts although no operation declares them.</summary>
    public static readonly IReadOnlySet<string> ImplicitQueryParameters = new HashSet<string>(StringComparer.Ordinal)
    {
        // The API token in the query: gone from the current specs' security schemes, still in Pipedrive's own
        // tutorials and reported working on v2 (pipedrive-api.md §1).
        "api_token",
    };

    // The documented error envelope (pipedrive-api.md §4): the specs declare almost no error responses, so an
    // undeclared 4xx/5xx is held to this instead of passing unchecked.
    private const string ErrorEnvelope = """
        {"$schema":"https://json-schema.org/draft/2020-12/schema","type":"object","required":["success","error"],
         "properties":{"success":{"const":false},"error":{"type":"string"},"error_info":{"type":"string"},
                       "data":{"type":["null","object","array"]},"additional_data":{"type":["null","object"]},
                       "code":{"type":"string"},"errorCode":{"type":"integer"}},
         "additionalProperties":false}
        """;

    private readonly ContractRelaxations responseRelaxations;
    private readonly ContractRelaxations requestRelaxations;
    private readonly ConcurrentDictionary<string, ContractSchema> compiled = new(StringComparer.Ordinal);
    private readonly IReadOnlyList<(SpecOperation Operation, string[] Segments)> templates;

    private PipedriveSpec(OpenApiContract v1, OpenApiContract v2, ContractRelaxations responseRelaxations, ContractRelaxations requestRelaxations)
    {
        V1 = v1;
        V2 = v2;
        this.responseRelaxations = responseRelaxations;
        this.requestRelaxations = requestRelaxations;
        templates = [.. Describe("v1", V1Prefix, v1).Concat(Describe("v2", V2Prefix, v2))];
        Operations = [.. templates.Select(t => t.Operation)];
    }

    public OpenApiContract V1 { get; }

    public OpenApiContract V2 { get; }

    /// <summary>Every operation of both files (213 + 158 in the 2026-08-18 files).</summary>
    public IReadOnlyList<SpecOperation> Operations { get; }

    /// <summary>
    /// Loads both files. Responses are checked with <paramref name="responseRelaxations"/> (default
    /// <see cref="KnownSpecGaps.Pipedrive"/>), requests with <paramref name="requestRelaxations"/> (default none:
    /// what a client sends is held to the letter of the spec).
    /// </summary>
    public static PipedriveSpec Load(SpecsLocation location, ContractRelaxations? responseRelaxations = null, ContractRelaxations? requestRelaxations = null)
    {
        ArgumentNullException.ThrowIfNull(location);
        var v1 = Task.Run(() => OpenApiContract.Load(location.PipedriveV1));
        var v2 = OpenApiContract.Load(location.PipedriveV2);
        return new PipedriveSpec(v1.GetAwaiter().GetResult(), v2, responseRelaxations ?? KnownSpecGaps.Pipedrive, requestRelaxations ?? ContractRelaxations.None);
    }

    /// <summary>The operation a request goes to, or null when neither file has one for this method and path.</summary>
    public SpecOperation? FindOperation(HttpMethod method, Uri pathAndQuery)
    {
        ArgumentNullException.ThrowIfNull(method);
        var (path, _) = Split(pathAndQuery);
        return Match(method, path)?.Operation;
    }

    /// <summary>The operation's <c>x-token-cost</c>, e.g. ("GET", "/api/v2/persons/7") → 1; null when unknown.</summary>
    public int? TokenCost(HttpMethod method, string path)
    {
        ArgumentNullException.ThrowIfNull(path);

        // "/api/v2/..." would parse as an absolute file URI on Unix; only http(s) addresses are taken as absolute.
        var uri = Uri.TryCreate(path, UriKind.Absolute, out var absolute) && absolute.Scheme is "http" or "https"
            ? absolute
            : new Uri(path, UriKind.Relative);
        return FindOperation(method, uri)?.TokenCost;
    }

    /// <summary>
    /// Checks a request: the operation exists; path parameters have the declared types; every query parameter is
    /// declared, appears once and has the declared type and enum; required ones are present; the JSON body matches
    /// the request body schema, with undeclared properties reported (unless the schema is free-form there).
    /// </summary>
    public IReadOnlyList<string> ValidateRequest(HttpMethod method, Uri pathAndQuery, JsonNode? body)
    {
        ArgumentNullException.ThrowIfNull(method);
        var (path, query) = Split(pathAndQuery);
        var what = $"{method.Method} {path} request";
        if (Match(method, path) is not { } match)
        {
            return [$"{what}: no operation in openapi-v1.yaml or openapi-v2.yaml has this method and path"];
        }

        var problems = new List<string>();
        var contract = Contract(match.Operation);
        var parameters = contract.Parameters(match.Operation.SpecPath, method.Method.ToLowerInvariant());

        foreach (var parameter in parameters.Where(p => p["in"]?.GetValue<string>() == "path"))
        {
            var name = parameter["name"]!.GetValue<string>();
            if (match.PathValues.TryGetValue(name, out var raw))
            {
                CheckParameter(match.Operation, parameter, "path", name, raw, what, problems);
            }
        }

        var declared = parameters.Where(p => p["in"]?.GetValue<string>() == "query")
            .ToDictionary(p => p["name"]!.GetValue<string>(), StringComparer.Ordinal);
        foreach (var group in query.GroupBy(q => q.Name, StringComparer.Ordinal))
        {
            if (!declared.TryGetValue(group.Key, out var parameter))
            {
                if (!ImplicitQueryParameters.Contains(group.Key))
                {
                    problems.Add($"{what}: query parameter '{group.Key}' is not declared by {match.Operation.OperationId}");
                }

                continue;
            }

            if (group.Count() > 1 && parameter["schema"]?["type"]?.GetValue<string>() != "array")
            {
                problems.Add($"{what}: query parameter '{group.Key}' appears {group.Count()} times");
            }

            foreach (var (_, value) in group)
            {
                CheckParameter(match.Operation, parameter, "query", group.Key, value, what, problems);
            }
        }

        foreach (var (name, parameter) in declared)
        {
            if (parameter["required"]?.GetValueKind() == JsonValueKind.True && query.All(q => q.Name != name))
            {
                problems.Add($"{what}: required query parameter '{name}' is missing");
            }
        }

        var bodySchema = contract.RequestBodySchema(match.Operation.SpecPath, method.Method.ToLowerInvariant());
        if (body is null)
        {
            if (bodySchema is not null && contract.RequestBodyRequired(match.Operation.SpecPath, method.Method.ToLowerInvariant()))
            {
                problems.Add($"{what}: the request body is required");
            }
        }
        else if (bodySchema is null)
        {
            problems.Add($"{what}: {match.Operation.OperationId} takes no request body");
        }
        else
        {
            var schema = Schema($"{match.Operation.Key} request", () => contract.Compile(bodySchema, requestRelaxations));
            problems.AddRange(schema.Check(JsonSerializer.SerializeToElement(body)).Select(p => $"{what}: {p}"));
        }

        return problems;
    }

    /// <summary>
    /// Checks a response: a declared status is held to its schema (undeclared properties reported); an undeclared
    /// error status to the documented error envelope; an undeclared success status is itself a problem.
    /// </summary>
    public IReadOnlyList<string> ValidateResponse(HttpMethod method, Uri pathAndQuery, int status, JsonNode? body)
    {
        ArgumentNullException.ThrowIfNull(method);
        var (path, _) = Split(pathAndQuery);
        var what = $"{method.Method} {path} response {status}";
        if (Match(method, path) is not { } match)
        {
            return [$"{what}: no operation in openapi-v1.yaml or openapi-v2.yaml has this method and path"];
        }

        var contract = Contract(match.Operation);
        var declared = contract.DeclaredResponseSchema(match.Operation.SpecPath, method.Method.ToLowerInvariant(), status);
        ContractSchema schema;
        if (declared is not null)
        {
            schema = Schema($"{match.Operation.Key} {status}", () => contract.Compile(declared, responseRelaxations));
        }
        else if (status >= 400)
        {
            schema = Schema("error envelope", () => new ContractSchema(JsonNode.Parse(ErrorEnvelope)!.AsObject(), ContractRelaxations.None));
        }
        else
        {
            return [$"{what}: {match.Operation.OperationId} declares no {status} response"];
        }

        if (body is null)
        {
            return [$"{what}: the body is empty, the spec declares a JSON body"];
        }

        return [.. schema.Check(JsonSerializer.SerializeToElement(body)).Select(p => $"{what}: {p}")];
    }

    public void AssertValidRequest(HttpMethod method, Uri pathAndQuery, JsonNode? body)
    {
        var problems = ValidateRequest(method, pathAndQuery, body);
        Assert.True(problems.Count == 0, string.Join("\n", problems));
    }

    public void AssertValidResponse(HttpMethod method, Uri pathAndQuery, int status, JsonNode? body)
    {
        var problems = ValidateResponse(method, pathAndQuery, status, body);
        Assert.True(problems.Count == 0, string.Join("\n", problems) + "\nbody: " + Truncate(body?.ToJsonString()));
    }

    private static string Truncate(string? text) => text is null ? "(none)" : text[..Math.Min(2000, text.Length)];

    private OpenApiContract Contract(SpecOperation operation) => operation.Spec == "v1" ? V1 : V2;

    private ContractSchema Schema(string key, Func<ContractSchema> build) => compiled.GetOrAdd(key, _ => build());

    private void CheckParameter(SpecOperation operation, JsonObject parameter, string location, string name, string raw, string what, List<string> problems)
    {
        var schemaNode = parameter["schema"];
        if (schemaNode is null)
        {
            return;
        }

        var type = schemaNode["type"]?.GetValue<string>();
        var description = parameter["description"]?.GetValue<string>() ?? string.Empty;

        // Pipedrive types many list parameters as a single-value string enum and says "comma separated" in the
        // description (fields, item_types, include_fields, status): each listed value must be in the enum.
        var values = type == "array"
            || (type == "string" && schemaNode["enum"] is not null && description.Contains("comma", StringComparison.OrdinalIgnoreCase))
            ? raw.Split(',')
            : [raw];
        var itemSchema = type == "array" ? schemaNode["items"] ?? new JsonObject() : schemaNode;
        var itemType = itemSchema["type"]?.GetValue<string>();
        var schema = Schema($"{operation.Key} {location}:{name}", () => Contract(operation).Compile(itemSchema, requestRelaxations));

        foreach (var value in values)
        {
            if (Coerce(value, itemType) is not { } node)
            {
                problems.Add($"{what}: {location} parameter '{name}' must be {Article(itemType)}, got '{value}'");
                continue;
            }

            foreach (var problem in schema.Check(JsonSerializer.SerializeToElement(node)))
            {
                problems.Add($"{what}: {location} parameter '{name}'='{value}': {problem}");
            }
        }
    }

    private static string Article(string? type) => type switch
    {
        "integer" => "an integer",
        "number" => "a number",
        "boolean" => "true or false",
        _ => "a " + type,
    };

    /// <summary>A query or path value as the JSON value its schema type means; null when it cannot be one.</summary>
    private static JsonNode? Coerce(string raw, string? type) => type switch
    {
        "integer" => long.TryParse(raw, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var i) ? JsonValue.Create(i) : null,
        "number" => double.TryParse(raw, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) && double.IsFinite(d) ? JsonValue.Create(d) : null,

        // Booleans in the query are the words: v2 rejects 0/1 where it declares a boolean (pipedrive-api.md §11.4).
        "boolean" => raw switch { "true" => JsonValue.Create(true), "false" => JsonValue.Create(false), _ => null },
        _ => JsonValue.Create(raw),
    };

    private (SpecOperation Operation, Dictionary<string, string> PathValues)? Match(HttpMethod method, string path)
    {
        string[] segments;
        string prefix;
        if (path.StartsWith(V2Prefix + "/", StringComparison.Ordinal))
        {
            prefix = V2Prefix;
            segments = Segments(path[V2Prefix.Length..]);
        }
        else if (path.StartsWith(V1Prefix + "/", StringComparison.Ordinal) || path.StartsWith("/v1/", StringComparison.Ordinal))
        {
            // v1 answers under both /api/v1/ and /v1/ (pipedrive-api.md §2).
            prefix = V1Prefix;
            segments = Segments(path[(path.StartsWith("/v1/", StringComparison.Ordinal) ? 3 : V1Prefix.Length)..]);
        }
        else
        {
            return null;
        }

        // Literal segments win over templated ones: /persons/search is not /persons/{id}.
        (SpecOperation Operation, Dictionary<string, string> PathValues)? best = null;
        var bestLiterals = -1;
        foreach (var (operation, template) in templates)
        {
            if (operation.Method != method.Method.ToUpperInvariant() || !operation.Path.StartsWith(prefix + "/", StringComparison.Ordinal)
                || template.Length != segments.Length)
            {
                continue;
            }

            var values = new Dictionary<string, string>(StringComparer.Ordinal);
            var literals = 0;
            var matches = true;
            for (var i = 0; i < template.Length && matches; i++)
            {
                if (template[i].StartsWith('{') && template[i].EndsWith('}'))
                {
                    values[template[i][1..^1]] = segments[i];
                }
                else if (template[i] == segments[i])
                {
                    literals++;
                }
                else
                {
                    matches = false;
                }
            }

            if (matches && literals > bestLiterals)
            {
                best = (operation, values);
                bestLiterals = literals;
            }
        }

        return best;
    }

    private static string[] Segments(string path) =>
        [.. path.Split('/', StringSplitOptions.RemoveEmptyEntries).Select(Uri.UnescapeDataString)];

    private static (string Path, IReadOnlyList<(string Name, string Value)> Query) Split(Uri pathAndQuery)
    {
        ArgumentNullException.ThrowIfNull(pathAndQuery);
        var text = pathAndQuery.IsAbsoluteUri ? pathAndQuery.PathAndQuery : pathAndQuery.OriginalString;
        var mark = text.IndexOf('?', StringComparison.Ordinal);
        var path = mark < 0 ? text : text[..mark];
        var queryText = mark < 0 ? string.Empty : text[(mark + 1)..];
        var query = queryText.Split('&', StringSplitOptions.RemoveEmptyEntries)
            .Select(pair =>
            {
                var eq = pair.IndexOf('=', StringComparison.Ordinal);
                var name = eq < 0 ? pair : pair[..eq];
                var value = eq < 0 ? string.Empty : pair[(eq + 1)..];
                return (Decode(name), Decode(value));
            })
            .ToList();
        return (path, query);
    }

    private static string Decode(string text) => Uri.UnescapeDataString(text.Replace('+', ' '));

    private static IEnumerable<(SpecOperation, string[])> Describe(string spec, string prefix, OpenApiContract contract)
    {
        foreach (var (path, method, operation) in contract.Operations())
        {
            int? cost = operation["x-token-cost"] is JsonValue value && value.TryGetValue<long>(out var c) ? (int)c : null;
            var described = new SpecOperation(
                spec,
                method.ToUpperInvariant(),
                prefix + path,
                path,
                operation["operationId"]?.GetValue<string>(),
                cost,
                operation["deprecated"]?.GetValueKind() == JsonValueKind.True);
            yield return (described, Segments(path));
        }
    }
}

/// <summary>One row of token-costs.tsv: <c>spec, method, path, x-token-cost, deprecated, operationId, summary</c>.</summary>
public sealed record TokenCostRow(string Spec, string Method, string Path, int Cost, bool Deprecated, string OperationId)
{
    public string Key => $"{Method} {Path}";

    /// <summary>Reads the table; a malformed row is an error, not a skip, so a broken table cannot pass a check.</summary>
    public static IReadOnlyList<TokenCostRow> Load(string path)
    {
        var lines = File.ReadAllLines(path);
        var header = lines[0].Split('\t');
        int Column(string name) => Array.IndexOf(header, name) is var i and >= 0 ? i : throw new InvalidDataException($"{path}: no '{name}' column");
        var (spec, method, route, cost, deprecated, operationId) =
            (Column("spec"), Column("method"), Column("path"), Column("x-token-cost"), Column("deprecated"), Column("operationId"));

        return [.. lines.Skip(1).Where(l => l.Length > 0).Select(line =>
        {
            var cells = line.Split('\t');
            return new TokenCostRow(
                cells[spec],
                cells[method],
                cells[route],
                int.TryParse(cells[cost], NumberStyles.None, CultureInfo.InvariantCulture, out var tokens) ? tokens : throw new InvalidDataException($"{path}: bad cost in '{line}'"),
                cells[deprecated].Length > 0 && !cells[deprecated].Equals("false", StringComparison.OrdinalIgnoreCase),
                cells[operationId]);
        })];
    }
}
