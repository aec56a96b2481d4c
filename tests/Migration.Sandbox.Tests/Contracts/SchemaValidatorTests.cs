using System.Text.Json;
using System.Text.Json.Nodes;

namespace Migration.Sandbox.Tests.Contracts;

/// <summary>
/// The validator must be able to say no: deliberately wrong bodies are rejected, and each conversion rule
/// (nullable, allOf, $ref, 3.0 exclusive bounds) changes the verdict the way it should.
/// </summary>
[Collection(ContractCollection.Name)]
public sealed class SchemaValidatorTests(ContractSpecs specs)
{
    private const string GoodPerson = """
        {"success":true,"data":{"id":1,"name":"A B","first_name":"A","last_name":"B","owner_id":1,"org_id":null,
         "add_time":"2024-01-01T00:00:00Z","update_time":"2024-01-01T00:00:00Z",
         "emails":[{"value":"a@example.com","primary":true,"label":"work"}],"phones":[],"is_deleted":false,
         "visible_to":3,"label_ids":[],"picture_id":null,"custom_fields":{"abc":null}}}
        """;

    private static JsonElement Parse(string json) => JsonDocument.Parse(json).RootElement.Clone();

    private static JsonElement Mutate(string json, Action<JsonObject> change)
    {
        var node = JsonNode.Parse(json)!.AsObject();
        change(node);
        return JsonSerializer.SerializeToElement(node);
    }

    [SkippableFact]
    public void A_conforming_person_passes()
    {
        var schema = specs.PipedriveV2.Response("/persons", "post", relaxations: KnownSpecGaps.Pipedrive);
        Assert.Empty(schema.Check(Parse(GoodPerson)));
    }

    [SkippableFact]
    public void A_string_id_is_rejected()
    {
        var schema = specs.PipedriveV2.Response("/persons", "post", relaxations: KnownSpecGaps.Pipedrive);
        var problems = schema.Check(Mutate(GoodPerson, o => o["data"]!["id"] = "1"));
        Assert.Contains(problems, p => p.Contains("/data/id", StringComparison.Ordinal));
    }

    [SkippableFact]
    public void AllOf_branches_are_enforced()
    {
        // getPersons wraps success and data in allOf; a string success must fail the first branch.
        var schema = specs.PipedriveV2.Response("/persons", "get", relaxations: KnownSpecGaps.Pipedrive);
        var list = """{"success":"yes","data":[],"additional_data":{"next_cursor":null}}""";
        Assert.NotEmpty(schema.Check(Parse(list)));
        Assert.Empty(schema.Check(Parse(list.Replace("\"yes\"", "true", StringComparison.Ordinal))));
    }

    [SkippableFact]
    public void Relaxed_nullability_is_narrow()
    {
        var strict = specs.PipedriveV2.Response("/persons", "post");
        var relaxed = specs.PipedriveV2.Response("/persons", "post", relaxations: KnownSpecGaps.Pipedrive);

        // Without the relaxation the spec refuses null org_id; with it, null passes but a wrong type still fails.
        Assert.NotEmpty(strict.Check(Parse(GoodPerson)));
        Assert.Empty(relaxed.Check(Parse(GoodPerson)));
        Assert.NotEmpty(relaxed.Check(Mutate(GoodPerson, o => o["data"]!["org_id"] = "abc")));
        Assert.NotEmpty(relaxed.Check(Mutate(GoodPerson, o => o["data"]!["is_deleted"] = null)));
    }

    [SkippableFact]
    public void Nullable_from_the_spec_is_honoured()
    {
        // personFields options are `nullable: true` in the spec itself.
        var schema = specs.PipedriveV2.Response("/personFields/{field_code}", "get");
        var field = """{"success":true,"data":{"field_name":"N","field_code":"name","field_type":"varchar","options":null,"subfields":null,"is_custom_field":false,"is_optional_response_field":false}}""";
        Assert.Empty(schema.Check(Parse(field)));
        Assert.NotEmpty(schema.Check(Parse(field.Replace("\"options\":null", "\"options\":\"none\"", StringComparison.Ordinal))));
        Assert.NotEmpty(schema.Check(Parse(field.Replace("\"field_type\":\"varchar\"", "\"field_type\":\"string\"", StringComparison.Ordinal))));
        Assert.NotEmpty(schema.Check(Parse(field.Replace("\"field_code\":\"name\",", string.Empty, StringComparison.Ordinal))));
    }

    [SkippableFact]
    public void A_misspelt_property_is_reported_as_undeclared()
    {
        var schema = specs.PipedriveV2.Response("/persons", "post", relaxations: KnownSpecGaps.Pipedrive);
        var problems = schema.Check(Mutate(GoodPerson, o => o["data"]!["isDeleted"] = false));
        Assert.Contains(problems, p => p.Contains("$.data.isDeleted", StringComparison.Ordinal));
    }

    [SkippableFact]
    public void Search_items_with_email_objects_are_rejected()
    {
        // Search returns emails as plain strings, unlike the person object; mixing them up must fail.
        var schema = specs.PipedriveV2.Response("/persons/search", "get", relaxations: KnownSpecGaps.Pipedrive);
        var hit = """{"success":true,"data":{"items":[{"result_score":1,"item":{"id":1,"type":"person","name":"A","phones":[],"emails":["a@example.com"],"visible_to":3,"owner":{"id":1},"organization":null,"custom_fields":[],"notes":[]}}]},"additional_data":{"next_cursor":null}}""";
        Assert.Empty(schema.Check(Parse(hit)));
        Assert.NotEmpty(schema.Check(Parse(hit.Replace("[\"a@example.com\"]", "[{\"value\":\"a@example.com\"}]", StringComparison.Ordinal))));
    }

    [SkippableFact]
    public void Netmera_refs_into_components_are_followed()
    {
        var schema = specs.Netmera.Response("/rest/3.0/getDevices", "get", relaxations: KnownSpecGaps.Netmera);
        var devices = """{"extId":"u1","devices":[{"platform":"IOS","token":"t","deviceModel":"iPhone","pushPermitted":true,"installationId":"i"}]}""";
        Assert.Empty(schema.Check(Parse(devices)));
        Assert.NotEmpty(schema.Check(Parse(devices.Replace("\"pushPermitted\":true", "\"pushPermitted\":\"yes\"", StringComparison.Ordinal))));
        Assert.Contains(schema.Check(Parse(devices.Replace("\"installationId\"", "\"installId\"", StringComparison.Ordinal))), p => p.Contains("installId", StringComparison.Ordinal));
    }

    [SkippableFact]
    public void Netmera_error_with_a_string_code_is_rejected()
    {
        var schema = specs.Netmera.Compile(specs.Netmera.ComponentSchema("ErrorResponse"));
        Assert.Empty(schema.Check(Parse("""{"code":2010,"error":"API key is invalid"}""")));
        Assert.NotEmpty(schema.Check(Parse("""{"code":"2010","error":"API key is invalid"}""")));
    }

    [Fact]
    public void OpenApi30_rules_convert_as_specified()
    {
        // A small 3.0 document, so the rules are tested without depending on the vendor files.
        var document = JsonNode.Parse("""
            {"openapi":"3.0.1","components":{"schemas":{
              "Money":{"type":"object","required":["value"],"properties":{"value":{"type":"number","minimum":0,"exclusiveMinimum":true}}},
              "Holder":{"type":"object","properties":{"money":{"$ref":"#/components/schemas/Money","nullable":true,"description":"ignored sibling"},
                                                      "tag":{"type":"string","enum":["a","b"],"nullable":true}}}}}}
            """)!.AsObject();
        var converted = new OpenApiSchemaConverter(document, ContractRelaxations.None).Convert(document["components"]!["schemas"]!["Holder"]!);
        var schema = new ContractSchema(converted, ContractRelaxations.None);

        Assert.Empty(schema.Check(Parse("""{"money":{"value":1},"tag":null}""")));
        Assert.Empty(schema.Check(Parse("""{"money":null,"tag":"a"}""")));
        Assert.NotEmpty(schema.Check(Parse("""{"money":{"value":0}}""")));   // exclusive minimum
        Assert.NotEmpty(schema.Check(Parse("""{"money":{}}""")));            // required, through $ref
        Assert.NotEmpty(schema.Check(Parse("""{"tag":"c"}""")));             // enum still applies beside nullable
    }

    [Fact]
    public void Specs_are_located_or_the_reason_is_given()
    {
        var missing = SpecsLocation.Find("/nonexistent/specs", AppContext.BaseDirectory);
        Assert.False(missing.Found);
        Assert.Contains("MIGRATION_SPECS_DIR", missing.Reason, StringComparison.Ordinal);

        var nowhere = SpecsLocation.Find(null, Path.GetPathRoot(AppContext.BaseDirectory)!);
        Assert.False(nowhere.Found);
        Assert.Contains("Migration.sln", nowhere.Reason, StringComparison.Ordinal);
    }

    [SkippableFact]
    public void Response_checks_by_method_and_path_fail_a_wrong_answer()
    {
        var spec = specs.Pipedrive;
        var path = new Uri("/api/v2/persons/1", UriKind.Relative);
        var good = JsonNode.Parse(GoodPerson)!;
        Assert.Empty(spec.ValidateResponse(HttpMethod.Get, path, 200, good));

        var stringId = good.DeepClone();
        stringId["data"]!["id"] = "1";
        Assert.NotEmpty(spec.ValidateResponse(HttpMethod.Get, path, 200, stringId));

        var extra = good.DeepClone();
        extra["data"]!["active_flag"] = true;
        Assert.Contains(spec.ValidateResponse(HttpMethod.Get, path, 200, extra), p => p.Contains("active_flag", StringComparison.Ordinal));

        // A status the operation does not declare is itself a finding.
        Assert.NotEmpty(spec.ValidateResponse(HttpMethod.Post, new Uri("/api/v2/persons", UriKind.Relative), 201, good));
    }

    [SkippableFact]
    public void Undeclared_errors_are_held_to_the_documented_envelope()
    {
        var spec = specs.Pipedrive;
        var path = new Uri("/api/v2/deals", UriKind.Relative);
        const string envelope = """{"success":false,"error":"title is required","error_info":"Please check developers.pipedrive.com","data":null,"additional_data":null}""";
        Assert.Empty(spec.ValidateResponse(HttpMethod.Post, path, 400, JsonNode.Parse(envelope)));
        Assert.Empty(spec.ValidateResponse(HttpMethod.Post, path, 403, JsonNode.Parse(envelope.Replace("\"data\"", "\"code\":\"feature_capping_deals_limit\",\"data\"", StringComparison.Ordinal))));
        Assert.NotEmpty(spec.ValidateResponse(HttpMethod.Post, path, 400, JsonNode.Parse(envelope.Replace("false", "true", StringComparison.Ordinal))));
        Assert.NotEmpty(spec.ValidateResponse(HttpMethod.Post, path, 400, JsonNode.Parse(envelope.Replace("\"data\"", "\"details\":[],\"data\"", StringComparison.Ordinal))));
        Assert.NotEmpty(spec.ValidateResponse(HttpMethod.Post, path, 400, JsonNode.Parse("""{"message":"bad"}""")));
    }
}
