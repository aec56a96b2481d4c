using System.Text.Json.Nodes;

namespace Migration.Sandbox.Tests.Contracts;

/// <summary>
/// The shared request validator (tests/Shared/Contracts/PipedriveSpec) says yes to a conforming request and no to
/// the mistakes a client makes: unknown or mistyped body properties, unknown or mistyped query parameters, missing
/// required ones, a body where none belongs, a path or method the API does not have.
/// </summary>
[Collection(ContractCollection.Name)]
public sealed class RequestValidationTests(ContractSpecs specs)
{
    private static Uri Path(string pathAndQuery) => new(pathAndQuery, UriKind.Relative);

    private static JsonNode Body(string json) => JsonNode.Parse(json)!;

    private IReadOnlyList<string> Check(string method, string pathAndQuery, string? json = null) =>
        specs.Pipedrive.ValidateRequest(new HttpMethod(method), Path(pathAndQuery), json is null ? null : Body(json));

    [SkippableFact]
    public void A_conforming_request_passes()
    {
        Assert.Empty(Check("POST", "/api/v2/persons", """{"name":"Ada","emails":[{"value":"ada@example.com","primary":true,"label":"work"}],"visible_to":3,"label_ids":[5],"custom_fields":{"abc":{"value":1,"currency":"EUR"}}}"""));
        Assert.Empty(Check("GET", "/api/v2/persons?limit=500&sort_by=update_time&sort_direction=desc&cursor=abc&api_token=t"));
        Assert.Empty(Check("GET", "/api/v2/persons/search?term=ada&fields=name,email&exact_match=true"));
        Assert.Empty(Check("GET", "/v1/users/find?term=ada&search_by_email=1"));
        Assert.Empty(Check("DELETE", "/api/v2/dealFields/abc/options", """[{"id":1},{"id":2}]"""));
        Assert.Empty(Check("PUT", "/api/v1/activityTypes/12", """{"name":"Video call","icon_key":"camera"}"""));
    }

    [SkippableFact]
    public void An_unknown_body_property_fails()
    {
        var problems = Check("POST", "/api/v2/persons", """{"name":"Ada","email":"ada@example.com"}""");
        Assert.Contains(problems, p => p.Contains("$.email", StringComparison.Ordinal) && p.Contains("not declared", StringComparison.Ordinal));
        Assert.NotEmpty(Check("DELETE", "/api/v2/dealFields/abc/options", """[{"id":1,"label":"One"}]"""));
    }

    [SkippableFact]
    public void A_wrongly_typed_body_fails()
    {
        Assert.NotEmpty(Check("POST", "/api/v2/persons", """{"name":"Ada","visible_to":"3"}"""));
        Assert.NotEmpty(Check("POST", "/api/v2/deals", """{"title":"D","value":"100"}"""));
        Assert.NotEmpty(Check("POST", "/api/v2/activities", """{"subject":"Call","done":1}"""));
        Assert.NotEmpty(Check("POST", "/api/v1/activityTypes", """{"name":"X","icon_key":"rocket"}"""));
        Assert.NotEmpty(Check("POST", "/api/v2/dealFields/abc/options", """{"label":"One"}"""));
    }

    [SkippableFact]
    public void Unknown_or_mistyped_query_parameters_fail()
    {
        Assert.Contains(Check("GET", "/api/v2/persons?colour=red"), p => p.Contains("'colour'", StringComparison.Ordinal));
        Assert.NotEmpty(Check("GET", "/api/v2/persons?limit=many"));
        Assert.NotEmpty(Check("GET", "/api/v2/persons?sort_by=name"));
        Assert.NotEmpty(Check("GET", "/api/v2/persons/search?term=ada&exact_match=1"));
        Assert.NotEmpty(Check("GET", "/api/v2/persons/search?term=ada&fields=name,title"));
        Assert.NotEmpty(Check("GET", "/api/v1/users/find?term=ada&search_by_email=true"));
        Assert.NotEmpty(Check("GET", "/api/v2/persons?limit=1&limit=2"));
    }

    [SkippableFact]
    public void Missing_required_parts_and_misplaced_bodies_fail()
    {
        Assert.Contains(Check("GET", "/api/v2/persons/search"), p => p.Contains("'term'", StringComparison.Ordinal));
        Assert.NotEmpty(Check("POST", "/api/v2/deals", """{"value":5}"""));
        Assert.NotEmpty(Check("GET", "/api/v2/persons", """{"name":"Ada"}"""));
        Assert.NotEmpty(Check("GET", "/api/v2/persons/ada"));
        Assert.Contains(Check("PUT", "/api/v2/persons/1", """{"name":"Ada"}"""), p => p.Contains("no operation", StringComparison.Ordinal));
        Assert.NotEmpty(Check("GET", "/api/v3/persons"));
    }

    [SkippableFact]
    public void Operations_and_their_costs_are_found_by_path()
    {
        var spec = specs.Pipedrive;
        Assert.Equal("searchPersons", spec.FindOperation(HttpMethod.Get, Path("/api/v2/persons/search?term=x"))!.OperationId);
        Assert.Equal("getPerson", spec.FindOperation(HttpMethod.Get, Path("/api/v2/persons/42"))!.OperationId);
        Assert.Equal("/api/v1/users/find", spec.FindOperation(HttpMethod.Get, new Uri("https://acme.pipedrive.com/v1/users/find?term=x"))!.Path);
        Assert.Equal(5, spec.TokenCost(HttpMethod.Post, "/api/v2/persons"));
        Assert.Equal(40, spec.TokenCost(HttpMethod.Get, "/api/v1/users/find?term=x"));
        Assert.Equal(3, spec.TokenCost(HttpMethod.Delete, "/api/v2/personFields/abc/options"));
        Assert.Null(spec.TokenCost(HttpMethod.Get, "/api/v2/nothing"));
    }
}
