using System.Net;
using System.Text.Json;

namespace Migration.Sandbox.Tests.Contracts;

/// <summary>
/// A tour through every operation the Pipedrive simulator implements, v1 and v2, with every request and every
/// JSON response checked against openapi-v1.yaml / openapi-v2.yaml by <see cref="SpecConformanceHandler"/>
/// (the same handler the client's tests put in front of the client). The account holds a custom field of every
/// creatable type on persons, organizations and deals, so every value shape is covered.
/// </summary>
[Collection(ContractCollection.Name)]
public sealed class PipedriveContractTests(ContractSpecs specs) : IAsyncLifetime
{
    private const string Token = "contract";

    private static readonly string[] FieldTypes =
        ["varchar", "text", "double", "monetary", "date", "daterange", "time", "timerange", "enum", "set", "varchar_auto", "phone", "address", "user", "people", "org"];

    private PipedriveSimulator simulator = null!;

    public async Task InitializeAsync() =>
        simulator = await PipedriveSimulator.StartAsync(new PipedriveSimulatorOptions { ApiToken = Token, Seed = 3 });

    public async Task DisposeAsync() => await simulator.DisposeAsync();

    [SkippableFact]
    public async Task Every_operation_answers_as_the_spec_says_and_is_asked_as_the_spec_says()
    {
        var conformance = new SpecConformanceHandler(specs.Pipedrive) { InnerHandler = new HttpClientHandler() };
        using var client = new HttpClient(conformance) { BaseAddress = simulator.BaseAddress, Timeout = TimeSpan.FromSeconds(30) };
        client.DefaultRequestHeaders.Add("x-api-token", Token);

        // Users (v1).
        var users = await Ok(client.GetJsonAsync("/api/v1/users"));
        var otherUser = users.Data.EnumerateArray().Select(u => u.GetProperty("id").GetInt32()).First(id => id != 1);
        await Ok(client.GetJsonAsync("/api/v1/users/find?term=ayla"));
        await Ok(client.GetJsonAsync("/api/v1/users/find?term=admin@sandbox.example&search_by_email=1"));
        await Ok(client.GetJsonAsync("/v1/users/me"));

        // Pipelines and stages.
        await Ok(client.GetJsonAsync("/api/v2/pipelines"));
        var pipeline = (await Ok(client.PostJsonAsync("/api/v2/pipelines", new { name = "Partners", is_deal_probability_enabled = true }))).Data.GetProperty("id").GetInt32();
        await Ok(client.GetJsonAsync($"/api/v2/pipelines/{pipeline}"));
        await Ok(client.PatchJsonAsync($"/api/v2/pipelines/{pipeline}", new { name = "Partner deals" }));
        var stage = (await Ok(client.PostJsonAsync("/api/v2/stages", new { name = "Intro", pipeline_id = pipeline, deal_probability = 20, is_deal_rot_enabled = true, days_to_rotten = 10 }))).Data.GetProperty("id").GetInt32();
        await Ok(client.PostJsonAsync("/api/v2/stages", new { name = "Signed", pipeline_id = pipeline }));
        await Ok(client.GetJsonAsync($"/api/v2/stages?pipeline_id={pipeline}&sort_by=order_nr"));
        await Ok(client.GetJsonAsync($"/api/v2/stages/{stage}"));
        await Ok(client.PatchJsonAsync($"/api/v2/stages/{stage}", new { deal_probability = 30, days_to_rotten = 14 }));

        // Fields of every creatable type on persons, organizations and deals, and their options.
        var keys = new Dictionary<string, string>();
        foreach (var entity in new[] { "personFields", "organizationFields", "dealFields" })
        {
            foreach (var type in FieldTypes)
            {
                object body = type is "enum" or "set"
                    ? new { field_name = $"{type} field", field_type = type, options = new[] { new { label = "One" }, new { label = "Two" } } }
                    : new { field_name = $"{type} field", field_type = type };
                var field = (await Ok(client.PostJsonAsync($"/api/v2/{entity}", body))).Data;
                keys[$"{entity}:{type}"] = field.GetProperty("field_code").GetString()!;
                if (type is "enum" or "set")
                {
                    keys[$"{entity}:{type}:option"] = field.GetProperty("options")[0].GetProperty("id").GetRawText();
                }
            }

            var set = keys[$"{entity}:set"];
            await Ok(client.GetJsonAsync($"/api/v2/{entity}?limit=5"));
            await Ok(client.GetJsonAsync($"/api/v2/{entity}?limit=500&include_fields=ui_visibility,important_fields,required_fields"));
            await Ok(client.GetJsonAsync($"/api/v2/{entity}/{set}"));
            keys[$"{entity}:label"] = (await Ok(client.GetJsonAsync($"/api/v2/{entity}/label_ids"))).Data.GetProperty("options")[0].GetProperty("id").GetRawText();
            await Ok(client.PatchJsonAsync($"/api/v2/{entity}/{keys[$"{entity}:varchar"]}", new { field_name = "Renamed", ui_visibility = new { add_visible_flag = true } }));
            var added = (await Ok(client.PostJsonAsync($"/api/v2/{entity}/{set}/options", new[] { new { label = "Three" }, new { label = "Four" } }))).Data;
            var three = added[0].GetProperty("id").GetInt32();
            await Ok(client.PatchJsonAsync($"/api/v2/{entity}/{set}/options", new[] { new { id = three, label = "Drei" } }));
            await Ok(client.SendJsonAsync(HttpMethod.Delete, $"/api/v2/{entity}/{set}/options", JsonSerializer.Serialize(new[] { new { id = added[1].GetProperty("id").GetInt32() } })));
            var doomed = (await Ok(client.PostJsonAsync($"/api/v2/{entity}", new { field_name = "Doomed", field_type = "varchar" }))).Data.GetProperty("field_code").GetString();
            await Ok(client.DeleteJsonAsync($"/api/v2/{entity}/{doomed}"));
        }

        await Ok(client.GetJsonAsync("/api/v2/activityFields?include_fields=ui_visibility"));
        await Ok(client.GetJsonAsync("/api/v2/activityFields/priority"));

        // Activity types (v1).
        await Ok(client.GetJsonAsync("/api/v1/activityTypes"));
        var activityType = (await Ok(client.PostJsonAsync("/api/v1/activityTypes", new { name = "Video call", icon_key = "camera", color = "AEB31B" }))).Data;
        await Ok(client.SendJsonAsync(HttpMethod.Put, $"/api/v1/activityTypes/{activityType.GetProperty("id").GetInt32()}", JsonSerializer.Serialize(new { name = "Video meeting", order_nr = 9 })));
        var spare = (await Ok(client.PostJsonAsync("/api/v1/activityTypes", new { name = "Spare", icon_key = "bell" }))).Data.GetProperty("id").GetInt32();
        await Ok(client.DeleteJsonAsync($"/api/v1/activityTypes/{spare}"));

        // Organizations, persons, deals, activities with every kind of value.
        var organization = (await Ok(client.PostJsonAsync("/api/v2/organizations", Values("organizationFields", keys, new Dictionary<string, object?>
        {
            ["name"] = "Anadolu Ticaret A.Ş.",
            ["owner_id"] = otherUser,
            ["visible_to"] = 7,
            ["address"] = new { value = "Bağdat Cd. 1, İstanbul", country = "Türkiye", locality = "Kadıköy" },
            ["website"] = "https://anadolu.example",
            ["employee_count"] = 42,
            ["add_time"] = "2024-01-02T03:04:05Z",
        }, referee: null, organization: null)))).Data.GetProperty("id").GetInt32();
        await Ok(client.PostJsonAsync("/api/v2/organizations", new { name = "Bare Org" }));
        var referee = (await Ok(client.PostJsonAsync("/api/v2/persons", new { name = "Cher" }))).Data.GetProperty("id").GetInt32();
        var person = (await Ok(client.PostJsonAsync("/api/v2/persons", Values("personFields", keys, new Dictionary<string, object?>
        {
            ["name"] = "Ayşe Yılmaz",
            ["org_id"] = organization,
            ["emails"] = new object[] { new { value = "ayse@example.com", primary = true, label = "work" }, new { value = "a.yilmaz@example.org", label = "home" } },
            ["phones"] = new object[] { new { value = "+90 532 000 00 00", label = "mobile" } },
            ["visible_to"] = 7,
            ["add_time"] = "2024-05-01T08:30:00Z",
        }, referee, organization)))).Data.GetProperty("id").GetInt32();
        var deal = (await Ok(client.PostJsonAsync("/api/v2/deals", Values("dealFields", keys, new Dictionary<string, object?>
        {
            ["title"] = "Anadolu renewal",
            ["person_id"] = person,
            ["org_id"] = organization,
            ["pipeline_id"] = pipeline,
            ["stage_id"] = stage,
            ["value"] = 1250.5,
            ["currency"] = "EUR",
            ["probability"] = 60,
            ["expected_close_date"] = "2025-06-30",
        }, referee, organization)))).Data.GetProperty("id").GetInt32();
        await Ok(client.PostJsonAsync("/api/v2/deals", new { title = "Bare deal" }));
        var activity = (await Ok(client.PostJsonAsync("/api/v2/activities", new
        {
            subject = "Kick-off",
            type = activityType.GetProperty("key_string").GetString(),
            deal_id = deal,
            org_id = organization,
            due_date = "2025-03-04",
            due_time = "09:30",
            duration = "01:00",
            busy = true,
            done = false,
            location = new { value = "Kadıköy, İstanbul", country = "Türkiye" },
            participants = new[] { new { person_id = person, primary = true }, new { person_id = referee, primary = false } },
            attendees = new object[] { new { email = "guest@example.com", name = "Guest", status = "accepted", is_organizer = false }, new { user_id = otherUser } },
            public_description = "Agenda",
            priority = 1,
            note = "<p>Bring the contract</p>",
        }))).Data.GetProperty("id").GetInt32();
        await Ok(client.PostJsonAsync("/api/v2/activities", new { due_date = "2025-03-05" }));

        await Ok(client.GetJsonAsync("/api/v2/organizations?limit=1&sort_by=update_time&sort_direction=desc"));
        await Ok(client.GetJsonAsync($"/api/v2/organizations/{organization}?include_option_labels=true"));
        await Ok(client.PatchJsonAsync($"/api/v2/organizations/{organization}", new { annual_revenue = 1_000_000, address = new { value = "Moda, İstanbul" } }));
        await Ok(client.GetJsonAsync("/api/v2/persons?limit=1"));
        await Ok(client.GetJsonAsync($"/api/v2/persons?org_id={organization}&custom_fields={keys["personFields:set"]}&include_option_labels=true"));
        await Ok(client.GetJsonAsync($"/api/v2/persons/{person}"));
        await Ok(client.PatchJsonAsync($"/api/v2/persons/{person}", new Dictionary<string, object?> { ["custom_fields"] = new Dictionary<string, object?> { [keys["personFields:set"]] = null } }));
        await Ok(client.GetJsonAsync("/api/v2/deals?status=open,won&limit=1"));
        await Ok(client.GetJsonAsync($"/api/v2/deals/{deal}"));
        await Ok(client.PatchJsonAsync($"/api/v2/deals/{deal}", new { status = "won" }));
        await Ok(client.GetJsonAsync($"/api/v2/activities?person_id={person}&include_fields=attendees&sort_by=due_date"));
        await Ok(client.GetJsonAsync($"/api/v2/activities/{activity}"));
        await Ok(client.PatchJsonAsync($"/api/v2/activities/{activity}", new { done = true }));

        // Notes (v1).
        var note = (await Ok(client.PostJsonAsync("/api/v1/notes", new { content = "Met at the fair", person_id = person, deal_id = deal, pinned_to_person_flag = 1 }))).Data.GetProperty("id").GetInt32();
        await Ok(client.PostJsonAsync("/api/v1/notes", new { content = "Org note", org_id = organization, add_time = "2024-02-03 04:05:06" }));
        await Ok(client.GetJsonAsync($"/api/v1/notes?person_id={person}&limit=1&sort=add_time DESC"));
        await Ok(client.GetJsonAsync($"/api/v1/notes/{note}"));
        await Ok(client.SendJsonAsync(HttpMethod.Put, $"/api/v1/notes/{note}", JsonSerializer.Serialize(new { content = "Met at the fair (2024)" })));

        // Search.
        await Ok(client.GetJsonAsync("/api/v2/persons/search?term=Ayşe&fields=name,email"));
        await Ok(client.GetJsonAsync("/api/v2/persons/search?term=fair&fields=notes"));
        await Ok(client.GetJsonAsync("/api/v2/organizations/search?term=anadolu&fields=name,address"));
        await Ok(client.GetJsonAsync("/api/v2/deals/search?term=renewal&status=won"));
        await Ok(client.GetJsonAsync("/api/v2/itemSearch?term=anadolu&item_types=deal,person,organization&limit=10"));
        await Ok(client.GetJsonAsync("/api/v2/itemSearch?term=ayse@example.com&exact_match=true&search_for_related_items=true"));
        await Ok(client.GetJsonAsync($"/api/v2/itemSearch/field?term=nm-&entity_type=person&field={keys["personFields:varchar"]}&match=beginning"));

        // Filters (v1).
        object Conditions(int count) => new
        {
            glue = "and",
            conditions = new object[]
            {
                new { glue = "and", conditions = Enumerable.Range(0, count).Select(i => new { @object = "person", field_id = (9000 + i).ToString(System.Globalization.CultureInfo.InvariantCulture), @operator = "=", value = $"v{i}", extra_value = (string?)null }).ToArray() },
                new { glue = "or", conditions = Array.Empty<object>() },
            },
        };
        var filter = (await Ok(client.PostJsonAsync("/api/v1/filters", new { name = "Istanbul people", type = "people", conditions = Conditions(2) }))).Data.GetProperty("id").GetInt32();
        await Ok(client.GetJsonAsync("/api/v1/filters?type=people"));
        await Ok(client.GetJsonAsync($"/api/v1/filters/{filter}"));
        await Ok(client.SendJsonAsync(HttpMethod.Put, $"/api/v1/filters/{filter}", JsonSerializer.Serialize(new { name = "Renamed", conditions = Conditions(3) })));
        var second = (await Ok(client.PostJsonAsync("/api/v1/filters", new { name = "Two", type = "deals", conditions = Conditions(1) }))).Data.GetProperty("id").GetInt32();
        var third = (await Ok(client.PostJsonAsync("/api/v1/filters", new { name = "Three", type = "org", conditions = Conditions(0) }))).Data.GetProperty("id").GetInt32();
        await Ok(client.DeleteJsonAsync($"/api/v1/filters/{filter}"));
        await Ok(client.DeleteJsonAsync($"/api/v1/filters?ids={second},{third}"));

        // v1 person fields: person labels are added by a PUT sending every option (LBL).
        var labelField = (await Ok(client.GetJsonAsync("/api/v1/personFields"))).Body.GetProperty("data").EnumerateArray()
            .Single(f => f.GetProperty("key").GetString() == "label_ids");
        var labelOptions = labelField.GetProperty("options").EnumerateArray()
            .Select(o => (object)new { id = o.GetProperty("id").GetInt32(), label = o.GetProperty("label").GetString() })
            .Append(new { label = "Drafted", color = "gray" }).ToArray();
        await Ok(client.SendJsonAsync(HttpMethod.Put, $"/api/v1/personFields/{labelField.GetProperty("id").GetInt32()}", JsonSerializer.Serialize(new { options = labelOptions })));

        // Deletes, newest dependants first.
        await Ok(client.DeleteJsonAsync($"/api/v1/notes/{note}"));
        await Ok(client.DeleteJsonAsync($"/api/v2/activities/{activity}"));
        await Ok(client.DeleteJsonAsync($"/api/v2/deals/{deal}"));
        await Ok(client.GetJsonAsync("/api/v2/deals?status=deleted"));
        await Ok(client.DeleteJsonAsync($"/api/v2/persons/{referee}"));
        await Ok(client.GetJsonAsync($"/api/v2/persons/{referee}"));
        await Ok(client.DeleteJsonAsync($"/api/v2/organizations/{organization}"));
        await Ok(client.DeleteJsonAsync($"/api/v2/stages/{stage}"));
        await Ok(client.DeleteJsonAsync($"/api/v2/pipelines/{pipeline}"));

        // Error answers: held to the documented envelope (or to the 401 the v1 file declares).
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetJsonAsync("/api/v2/persons/999999")).Status);
        Assert.Equal(HttpStatusCode.BadRequest, (await client.PostJsonAsync("/api/v2/deals", new { title = "x", status = "maybe" })).Status);
        using (var anonymous = new HttpClient(conformance, disposeHandler: false) { BaseAddress = simulator.BaseAddress })
        {
            Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetJsonAsync("/api/v1/users/me")).Status);
        }

        Assert.True(conformance.Problems.Count == 0, string.Join("\n", conformance.Problems));
        var answered = conformance.Exchanges.Where(e => e.Status is >= 200 and < 300 && e.Operation is not null).Select(e => e.Operation!.Key).ToHashSet();
        var missed = PipedriveSimulator.Operations.Select(o => o.Key).Where(k => !answered.Contains(k)).ToList();
        Assert.True(missed.Count == 0, "not exercised: " + string.Join(", ", missed));
    }

    private static async Task<JsonReply> Ok(Task<JsonReply> pending)
    {
        var reply = await pending;
        Assert.True(reply.Status == HttpStatusCode.OK, reply.ToString());
        return reply;
    }

    /// <summary>A body with a value of every custom field type for one entity, plus a label.</summary>
    private static Dictionary<string, object?> Values(string entity, Dictionary<string, string> keys, Dictionary<string, object?> body, int? referee, int? organization)
    {
        string Key(string type) => keys[$"{entity}:{type}"];
        var custom = new Dictionary<string, object?>
        {
            [Key("varchar")] = "nm-000001",
            [Key("text")] = "Long text",
            [Key("double")] = 1250.5,
            [Key("monetary")] = new { value = 99.9, currency = "EUR" },
            [Key("date")] = "2021-03-04",
            [Key("daterange")] = new { value = "2024-01-01", until = "2024-02-01" },
            [Key("time")] = new { value = "09:00:00", timezone_name = "Europe/Istanbul" },
            [Key("timerange")] = new { value = "22:00:00", until = "23:30:00" },
            [Key("enum")] = int.Parse(keys[$"{entity}:enum:option"], System.Globalization.CultureInfo.InvariantCulture),
            [Key("set")] = new[] { int.Parse(keys[$"{entity}:set:option"], System.Globalization.CultureInfo.InvariantCulture) },
            [Key("varchar_auto")] = "İstanbul",
            [Key("phone")] = "905312345678",
            [Key("address")] = new { value = "Bağdat Cd. 1, İstanbul", country = "Türkiye" },
            [Key("user")] = 1,
        };
        if (referee is { } id)
        {
            custom[Key("people")] = id;
        }

        if (organization is { } org)
        {
            custom[Key("org")] = org;
        }

        body["custom_fields"] = custom;
        body["label_ids"] = new[] { int.Parse(keys[$"{entity}:label"], System.Globalization.CultureInfo.InvariantCulture) };
        return body;
    }
}
