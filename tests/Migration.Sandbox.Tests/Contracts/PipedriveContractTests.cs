using System.Net;
using System.Text.Json;

namespace Migration.Sandbox.Tests.Contracts;

/// <summary>
/// Every v2 operation the Pipedrive simulator implements, answered by the simulator and checked against
/// openapi-v2.yaml. The account holds a custom field of every creatable type, so every value shape is covered.
/// </summary>
[Collection(ContractCollection.Name)]
public sealed class PipedriveContractTests(ContractSpecs specs) : IAsyncLifetime
{
    private PipedriveSimulator simulator = null!;
    private HttpClient client = null!;
    private readonly Dictionary<string, string> keys = [];
    private JsonElement fullPerson;

    public async Task InitializeAsync()
    {
        simulator = await PipedriveSimulator.StartAsync(new PipedriveSimulatorOptions { ApiToken = "contract", Seed = 3 });
        client = JsonHttp.Client(simulator.BaseAddress, "x-api-token", "contract");

        string[] types = ["varchar", "text", "double", "monetary", "date", "daterange", "time", "timerange", "enum", "set",
                          "varchar_auto", "phone", "address", "user", "people", "org"];
        foreach (var type in types)
        {
            object body = type is "enum" or "set"
                ? new { field_name = $"{type} field", field_type = type, options = new[] { new { label = "One" }, new { label = "Two" } } }
                : new { field_name = $"{type} field", field_type = type };
            var created = await client.PostJsonAsync("/api/v2/personFields", body);
            Assert.Equal(HttpStatusCode.OK, created.Status);
            keys[type] = created.Data.GetProperty("field_code").GetString()!;
            if (type is "enum" or "set")
            {
                keys[type + ":option"] = created.Data.GetProperty("options")[0].GetProperty("id").GetRawText();
            }
        }

        var referee = await client.PostJsonAsync("/api/v2/persons", new { name = "Cher" });
        var labels = (await client.GetJsonAsync("/api/v2/personFields/label_ids")).Data.GetProperty("options");
        var option = int.Parse(keys["enum:option"]);
        var setOption = int.Parse(keys["set:option"]);
        var full = await client.PostJsonAsync("/api/v2/persons", new Dictionary<string, object?>
        {
            ["name"] = "Ayşe Yılmaz",
            ["emails"] = new object[] { new { value = "ayse@example.com", primary = true, label = "work" }, new { value = "a.yilmaz@example.org", label = "home" } },
            ["phones"] = new object[] { new { value = "+90 532 000 00 00", label = "mobile" } },
            ["visible_to"] = 7,
            ["label_ids"] = new[] { labels[0].GetProperty("id").GetInt32() },
            ["add_time"] = "2024-05-01T08:30:00Z",
            ["custom_fields"] = new Dictionary<string, object?>
            {
                [keys["varchar"]] = "nm-000001",
                [keys["text"]] = "Long text",
                [keys["double"]] = 1250.5,
                [keys["monetary"]] = new { value = 99.9, currency = "EUR" },
                [keys["date"]] = "2021-03-04",
                [keys["daterange"]] = new { value = "2024-01-01", until = "2024-02-01" },
                [keys["time"]] = new { value = "09:00:00", timezone_name = "Europe/Istanbul" },
                [keys["timerange"]] = new { value = "22:00:00", until = "23:30:00" },
                [keys["enum"]] = option,
                [keys["set"]] = new[] { setOption },
                [keys["varchar_auto"]] = "İstanbul",
                [keys["phone"]] = "905312345678",
                [keys["address"]] = new { value = "Bağdat Cd. 1, İstanbul", country = "Türkiye" },
                [keys["user"]] = 1,
                [keys["people"]] = referee.Data.GetProperty("id").GetInt32(),
            },
        });
        Assert.Equal(HttpStatusCode.OK, full.Status);
        fullPerson = full.Body;
    }

    public async Task DisposeAsync()
    {
        client.Dispose();
        await simulator.DisposeAsync();
    }

    private OpenApiContract Spec => specs.PipedriveV2;

    [SkippableFact]
    public async Task GetPersonFields_pages_match_the_spec()
    {
        var schema = Spec.Response("/personFields", "get", relaxations: KnownSpecGaps.Pipedrive);
        var first = await client.GetJsonAsync("/api/v2/personFields?limit=5");
        Assert.Equal(JsonValueKind.String, first.Body.GetProperty("additional_data").GetProperty("next_cursor").ValueKind);
        schema.AssertValid(first.Body, "GET /personFields (first page)");

        var all = await client.GetJsonAsync("/api/v2/personFields?limit=500");
        Assert.Equal(JsonValueKind.Null, all.Body.GetProperty("additional_data").GetProperty("next_cursor").ValueKind);
        schema.AssertValid(all.Body, "GET /personFields (all fields)");
    }

    [SkippableFact]
    public async Task AddPersonField_matches_the_spec()
    {
        var schema = Spec.Response("/personFields", "post", relaxations: KnownSpecGaps.Pipedrive);
        var created = await client.PostJsonAsync("/api/v2/personFields", new { field_name = "Tier", field_type = "enum", options = new[] { new { label = "Gold" } } });
        Assert.Equal(HttpStatusCode.OK, created.Status);
        schema.AssertValid(created.Body, "POST /personFields");
    }

    [SkippableFact]
    public async Task GetPersonField_matches_the_spec()
    {
        var schema = Spec.Response("/personFields/{field_code}", "get", relaxations: KnownSpecGaps.Pipedrive);
        foreach (var code in new[] { keys["address"], keys["set"], "label_ids", "visible_to" })
        {
            var field = await client.GetJsonAsync("/api/v2/personFields/" + code);
            Assert.Equal(HttpStatusCode.OK, field.Status);
            schema.AssertValid(field.Body, "GET /personFields/" + code);
        }
    }

    [SkippableFact]
    public void AddPerson_matches_the_spec()
    {
        var schema = Spec.Response("/persons", "post", relaxations: KnownSpecGaps.Pipedrive);
        schema.AssertValid(fullPerson, "POST /persons");
    }

    [SkippableFact]
    public async Task GetPersons_pages_match_the_spec()
    {
        var schema = Spec.Response("/persons", "get", relaxations: KnownSpecGaps.Pipedrive);
        var first = await client.GetJsonAsync("/api/v2/persons?limit=1");
        Assert.Equal(JsonValueKind.String, first.Body.GetProperty("additional_data").GetProperty("next_cursor").ValueKind);
        schema.AssertValid(first.Body, "GET /persons (first page)");

        var last = await client.GetJsonAsync("/api/v2/persons?sort_by=update_time&sort_direction=desc&limit=500");
        Assert.Equal(2, last.Data.GetArrayLength());
        schema.AssertValid(last.Body, "GET /persons (last page)");
    }

    [SkippableFact]
    public async Task GetPerson_matches_the_spec_for_live_and_deleted_persons()
    {
        var schema = Spec.Response("/persons/{id}", "get", relaxations: KnownSpecGaps.Pipedrive);
        var id = fullPerson.GetProperty("data").GetProperty("id").GetInt32();
        schema.AssertValid((await client.GetJsonAsync($"/api/v2/persons/{id}")).Body, "GET /persons/{id}");

        var doomed = await client.PostJsonAsync("/api/v2/persons", new { name = "To Delete" });
        var doomedId = doomed.Data.GetProperty("id").GetInt32();
        await client.DeleteJsonAsync($"/api/v2/persons/{doomedId}");
        var deleted = await client.GetJsonAsync($"/api/v2/persons/{doomedId}");
        Assert.True(deleted.Data.GetProperty("is_deleted").GetBoolean());
        schema.AssertValid(deleted.Body, "GET /persons/{id} (deleted)");
    }

    [SkippableFact]
    public async Task UpdatePerson_matches_the_spec()
    {
        var schema = Spec.Response("/persons/{id}", "patch", relaxations: KnownSpecGaps.Pipedrive);
        var id = fullPerson.GetProperty("data").GetProperty("id").GetInt32();
        var updated = await client.PatchJsonAsync($"/api/v2/persons/{id}", new Dictionary<string, object?>
        {
            ["name"] = "Ayşe Yılmaz Kaya",
            ["custom_fields"] = new Dictionary<string, object?> { [keys["set"]] = null, [keys["double"]] = 7 },
        });
        Assert.Equal(HttpStatusCode.OK, updated.Status);
        schema.AssertValid(updated.Body, "PATCH /persons/{id}");
    }

    [SkippableFact]
    public async Task DeletePerson_matches_the_spec()
    {
        var schema = Spec.Response("/persons/{id}", "delete", relaxations: KnownSpecGaps.Pipedrive);
        var created = await client.PostJsonAsync("/api/v2/persons", new { name = "Short Lived" });
        var deleted = await client.DeleteJsonAsync($"/api/v2/persons/{created.Data.GetProperty("id").GetInt32()}");
        Assert.Equal(HttpStatusCode.OK, deleted.Status);
        schema.AssertValid(deleted.Body, "DELETE /persons/{id}");
    }

    [SkippableFact]
    public async Task Every_operation_the_simulator_counts_is_a_spec_operation_with_a_token_cost()
    {
        // The request pipeline keys counting (and, later, token costs) on method + path template; those must be the spec's.
        var id = fullPerson.GetProperty("data").GetProperty("id").GetInt32();
        await client.GetJsonAsync("/api/v2/personFields");
        await client.GetJsonAsync("/api/v2/persons");
        await client.GetJsonAsync($"/api/v2/persons/{id}");
        await client.GetJsonAsync("/api/v2/persons/search?term=Ay");
        await client.PatchJsonAsync($"/api/v2/persons/{id}", new { visible_to = 3 });
        await client.DeleteJsonAsync($"/api/v2/persons/{id}");

        using var admin = JsonHttp.Client(simulator.BaseAddress);
        var operations = (await admin.GetJsonAsync("/_sandbox/stats")).Body.GetProperty("requestsByOperation").EnumerateObject().Select(p => p.Name).ToList();
        Assert.Equal(9, operations.Count);
        foreach (var key in operations)
        {
            var (method, path) = (key[..key.IndexOf(' ', StringComparison.Ordinal)], key[(key.IndexOf(' ', StringComparison.Ordinal) + 1)..]);
            Assert.StartsWith("/api/v2/", path, StringComparison.Ordinal);
            var operation = Spec.Operation(path["/api/v2".Length..], method);
            Assert.True(operation is not null, $"{key} is not an operation of openapi-v2.yaml");
            Assert.True(operation!["x-token-cost"] is not null, $"{key} has no x-token-cost");
        }
    }

    [SkippableFact]
    public async Task SearchPersons_matches_the_spec()
    {
        var schema = Spec.Response("/persons/search", "get", relaxations: KnownSpecGaps.Pipedrive);
        var byField = await client.GetJsonAsync("/api/v2/persons/search?term=nm-000001&fields=custom_fields&exact_match=true");
        Assert.Equal(1, byField.Data.GetProperty("items").GetArrayLength());
        schema.AssertValid(byField.Body, "GET /persons/search (custom field)");

        var byName = await client.GetJsonAsync("/api/v2/persons/search?term=Ay&limit=1");
        schema.AssertValid(byName.Body, "GET /persons/search (name)");
    }
}
