using System.Net;
using System.Text.Json;
using Microsoft.Extensions.Time.Testing;

namespace Migration.Sandbox.Tests.Pipedrive;

public sealed class PipedriveSimulatorTests : IAsyncLifetime
{
    private const string Token = "test-pipedrive-token";

    private readonly FakeTimeProvider clock = new(new DateTimeOffset(2025, 3, 1, 9, 0, 0, TimeSpan.Zero));
    private PipedriveSimulator simulator = null!;
    private HttpClient client = null!;

    public async Task InitializeAsync()
    {
        simulator = await PipedriveSimulator.StartAsync(new PipedriveSimulatorOptions { ApiToken = Token, Seed = 5, Clock = clock });
        client = JsonHttp.Client(simulator.BaseAddress, "x-api-token", Token);
    }

    public async Task DisposeAsync()
    {
        client.Dispose();
        await simulator.DisposeAsync();
    }

    private async Task<JsonElement> CreateField(string name, string type, params string[] options)
    {
        object body = options.Length > 0
            ? new { field_name = name, field_type = type, options = options.Select(o => new { label = o }).ToArray() }
            : new { field_name = name, field_type = type };
        var reply = await client.PostJsonAsync("/api/v2/personFields", body);
        Assert.True(reply.Status == HttpStatusCode.OK, reply.ToString());
        return reply.Data;
    }

    private async Task<JsonReply> CreatePerson(object body) => await client.PostJsonAsync("/api/v2/persons", body);

    private static void AssertRejected(JsonReply reply, string fragment)
    {
        Assert.True(reply.Status == HttpStatusCode.BadRequest, reply.ToString());
        Assert.False(reply.Body.GetProperty("success").GetBoolean());
        Assert.Equal(JsonValueKind.Null, reply.Body.GetProperty("data").ValueKind);
        Assert.Equal("Please check developers.pipedrive.com", reply.Body.GetProperty("error_info").GetString());
        Assert.Contains(fragment, reply.Body.GetProperty("error").GetString(), StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task A_created_field_gets_a_fresh_40_character_key()
    {
        var first = await CreateField("Netmera ID", "varchar");
        var second = await CreateField("Netmera ID", "varchar");
        var firstKey = first.GetProperty("field_code").GetString()!;

        Assert.Matches("^[0-9a-f]{40}$", firstKey);
        Assert.NotEqual(firstKey, second.GetProperty("field_code").GetString());
        Assert.True(first.GetProperty("is_custom_field").GetBoolean());
        Assert.Equal(JsonValueKind.Null, first.GetProperty("options").ValueKind);

        // The key is per account: the same seed reproduces it, another seed does not.
        await using var twin = await PipedriveSimulator.StartAsync(new PipedriveSimulatorOptions { ApiToken = Token, Seed = 5 });
        await using var other = await PipedriveSimulator.StartAsync(new PipedriveSimulatorOptions { ApiToken = Token, Seed = 6 });
        foreach (var (sim, same) in new[] { (twin, true), (other, false) })
        {
            using var c = JsonHttp.Client(sim.BaseAddress, "x-api-token", Token);
            var key = (await c.PostJsonAsync("/api/v2/personFields", new { field_name = "Netmera ID", field_type = "varchar" })).Data.GetProperty("field_code").GetString();
            Assert.Equal(same, key == firstKey);
        }
    }

    [Fact]
    public async Task Option_fields_get_integer_option_ids_and_need_options()
    {
        var set = await CreateField("Interests", "set", "Books", "Sports");
        var ids = set.GetProperty("options").EnumerateArray().Select(o => o.GetProperty("id").GetInt32()).ToList();
        Assert.Equal(2, ids.Distinct().Count());

        AssertRejected(await client.PostJsonAsync("/api/v2/personFields", new { field_name = "Tier", field_type = "enum" }), "options");
        AssertRejected(await client.PostJsonAsync("/api/v2/personFields", new { field_name = "", field_type = "varchar" }), "field_name");
        AssertRejected(await client.PostJsonAsync("/api/v2/personFields", new { field_name = new string('x', 256), field_type = "varchar" }), "field_name");
        AssertRejected(await client.PostJsonAsync("/api/v2/personFields", new { field_name = "Flag", field_type = "boolean" }), "field_type");
        AssertRejected(await client.PostJsonAsync("/api/v2/personFields", new { field_name = "NoType" }), "field_type");
    }

    [Fact]
    public async Task PersonFields_list_built_ins_with_account_specific_labels_and_pages_by_cursor()
    {
        await CreateField("Netmera ID", "varchar");
        var codes = new List<string>();
        string? cursor = null;
        do
        {
            var page = await client.GetJsonAsync("/api/v2/personFields?limit=4" + (cursor is null ? string.Empty : "&cursor=" + cursor));
            codes.AddRange(page.Data.EnumerateArray().Select(f => f.GetProperty("field_code").GetString()!));
            var next = page.Body.GetProperty("additional_data").GetProperty("next_cursor");
            cursor = next.ValueKind == JsonValueKind.Null ? null : next.GetString();
        }
        while (cursor is not null);

        Assert.Equal(codes.Count, codes.Distinct().Count());
        Assert.Superset(new HashSet<string> { "name", "first_name", "last_name", "emails", "phones", "owner_id", "org_id", "label_ids", "add_time", "update_time", "visible_to" }, codes.ToHashSet());
        Assert.Single(codes, c => c.Length == 40);

        var labels = (await client.GetJsonAsync("/api/v2/personFields/label_ids")).Data.GetProperty("options");
        Assert.Equal(["Customer", "Hot lead", "Warm lead", "Cold lead"], labels.EnumerateArray().Select(o => o.GetProperty("label").GetString()));
        Assert.All(labels.EnumerateArray(), o => Assert.Equal(JsonValueKind.Number, o.GetProperty("id").ValueKind));

        AssertRejected(await client.GetJsonAsync("/api/v2/personFields?limit=501"), "limit");
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetJsonAsync("/api/v2/personFields/nope")).Status);
    }

    [Fact]
    public async Task A_person_with_a_custom_value_is_found_again_by_exact_search()
    {
        var key = (await CreateField("Netmera ID", "varchar")).GetProperty("field_code").GetString()!;
        await CreatePerson(new Dictionary<string, object> { ["name"] = "Decoy", ["custom_fields"] = new Dictionary<string, object> { [key] = "nm-0000123" } });
        var created = await CreatePerson(new Dictionary<string, object>
        {
            ["name"] = "Gülşen Öztürk",
            ["emails"] = new[] { new { value = "gulsen@example.com" } },
            ["custom_fields"] = new Dictionary<string, object> { [key] = "nm-000123" },
        });
        Assert.Equal(HttpStatusCode.OK, created.Status);
        var person = created.Data;
        Assert.Equal(1, person.GetProperty("id").GetInt32() - 1);
        Assert.Equal(("Gülşen", "Öztürk"), (person.GetProperty("first_name").GetString(), person.GetProperty("last_name").GetString()));
        Assert.Equal(1, person.GetProperty("owner_id").GetInt32());
        Assert.True(person.GetProperty("emails")[0].GetProperty("primary").GetBoolean());
        Assert.Equal("work", person.GetProperty("emails")[0].GetProperty("label").GetString());
        Assert.Equal("2025-03-01T09:00:00Z", person.GetProperty("add_time").GetString());

        var exact = await client.GetJsonAsync("/api/v2/persons/search?term=NM-000123&fields=custom_fields&exact_match=true");
        var items = exact.Data.GetProperty("items").EnumerateArray().ToList();
        var hit = Assert.Single(items).GetProperty("item");
        Assert.Equal(person.GetProperty("id").GetInt32(), hit.GetProperty("id").GetInt32());
        Assert.Equal("person", hit.GetProperty("type").GetString());
        Assert.Equal(["nm-000123"], hit.GetProperty("custom_fields").EnumerateArray().Select(v => v.GetString()));
        Assert.Equal(["gulsen@example.com"], hit.GetProperty("emails").EnumerateArray().Select(v => v.GetString()));

        var partial = await client.GetJsonAsync("/api/v2/persons/search?term=000123&fields=custom_fields");
        Assert.Equal(2, partial.Data.GetProperty("items").GetArrayLength());
        var byEmail = await client.GetJsonAsync("/api/v2/persons/search?term=gulsen@example.com&fields=email&exact_match=true");
        Assert.Single(byEmail.Data.GetProperty("items").EnumerateArray());
        var nameOnly = await client.GetJsonAsync("/api/v2/persons/search?term=nm-000123&fields=name");
        Assert.Empty(nameOnly.Data.GetProperty("items").EnumerateArray());
    }

    [Fact]
    public async Task Search_terms_need_two_characters_unless_exact()
    {
        await CreatePerson(new { name = "X Y" });
        AssertRejected(await client.GetJsonAsync("/api/v2/persons/search?term=X"), "2 characters");
        AssertRejected(await client.GetJsonAsync("/api/v2/persons/search"), "2 characters");
        AssertRejected(await client.GetJsonAsync("/api/v2/persons/search?term=XY&fields=title"), "fields");
        Assert.Equal(HttpStatusCode.OK, (await client.GetJsonAsync("/api/v2/persons/search?term=X&exact_match=true")).Status);
    }

    [Fact]
    public async Task Only_searchable_custom_field_types_are_searched()
    {
        var number = (await CreateField("Score", "double")).GetProperty("field_code").GetString()!;
        var date = (await CreateField("Since", "date")).GetProperty("field_code").GetString()!;
        await CreatePerson(new Dictionary<string, object> { ["name"] = "P", ["custom_fields"] = new Dictionary<string, object> { [number] = 4242.5, [date] = "2024-12-31" } });

        Assert.Single((await client.GetJsonAsync("/api/v2/persons/search?term=4242.5&exact_match=true")).Data.GetProperty("items").EnumerateArray());
        Assert.Empty((await client.GetJsonAsync("/api/v2/persons/search?term=2024-12-31&exact_match=true")).Data.GetProperty("items").EnumerateArray());
    }

    public static TheoryData<string, string, object?, string> RejectedValues => new()
    {
        { "set", "Interests", Array.Empty<int>(), "empty array" },
        { "double", "Score", "12.5", "must be a number" },
        { "varchar", "Nickname", new string('a', 256), "at most 255" },
        { "phone", "Alt phone", new string('1', 256), "at most 255" },
        { "text", "Bio", new string('a', 65_537), "at most 65536" },
        { "date", "Since", "01/02/2024", "YYYY-MM-DD" },
        { "date", "Since", "2024-02-30", "YYYY-MM-DD" },
        { "enum", "Tier", 999_999, "option 999999 does not exist" },
        { "set", "Interests", new[] { 999_999 }, "option 999999 does not exist" },
        { "monetary", "Value", 12.5, "must be an object" },
        { "monetary", "Value", new { value = "12.5", currency = "EUR" }, "must be a number" },
        { "user", "Manager", 2, "user 2 does not exist" },
        { "org", "Employer", 77, "organization 77 does not exist" },
        { "address", "Home", new { route = "Main St" }, ".value is required" },
    };

    [Theory]
    [MemberData(nameof(RejectedValues))]
    public async Task Custom_values_are_validated_by_field_type(string type, string name, object? value, string fragment)
    {
        var key = (await CreateField(name, type, type is "enum" or "set" ? ["A", "B"] : [])).GetProperty("field_code").GetString()!;
        var reply = await CreatePerson(new Dictionary<string, object?> { ["name"] = "Val Idation", ["custom_fields"] = new Dictionary<string, object?> { [key] = value } });
        AssertRejected(reply, fragment);
        Assert.Contains(key, reply.Body.GetProperty("error").GetString(), StringComparison.Ordinal);
        Assert.Empty((await client.GetJsonAsync("/api/v2/persons")).Data.EnumerateArray());
    }

    [Fact]
    public async Task Valid_values_of_every_shape_are_stored_and_null_clears()
    {
        var set = await CreateField("Interests", "set", "A", "B");
        var setKey = set.GetProperty("field_code").GetString()!;
        var optionIds = set.GetProperty("options").EnumerateArray().Select(o => o.GetProperty("id").GetInt32()).ToArray();
        var money = (await CreateField("Value", "monetary")).GetProperty("field_code").GetString()!;
        var score = (await CreateField("Score", "double")).GetProperty("field_code").GetString()!;

        var created = await CreatePerson(new Dictionary<string, object>
        {
            ["name"] = "Shape Ok",
            ["custom_fields"] = new Dictionary<string, object> { [setKey] = optionIds, [money] = new { value = 10, currency = "TRY" }, [score] = 1e3 },
        });
        var custom = created.Data.GetProperty("custom_fields");
        Assert.Equal(optionIds, custom.GetProperty(setKey).EnumerateArray().Select(i => i.GetInt32()));
        Assert.Equal("TRY", custom.GetProperty(money).GetProperty("currency").GetString());
        Assert.Equal(1000, custom.GetProperty(score).GetDouble());

        var id = created.Data.GetProperty("id").GetInt32();
        var cleared = await client.PatchJsonAsync($"/api/v2/persons/{id}", new Dictionary<string, object?> { ["custom_fields"] = new Dictionary<string, object?> { [setKey] = null } });
        Assert.Equal(JsonValueKind.Null, cleared.Data.GetProperty("custom_fields").GetProperty(setKey).ValueKind);
        Assert.Equal(1000, cleared.Data.GetProperty("custom_fields").GetProperty(score).GetDouble());
    }

    [Fact]
    public async Task Person_bodies_are_validated_as_pipedrive_does()
    {
        AssertRejected(await CreatePerson(new { emails = new[] { new { value = "a@example.com" } } }), "Name must be given");
        AssertRejected(await CreatePerson(new { name = "   " }), "Name must be given");
        AssertRejected(await CreatePerson(new { first_name = "Only" }), "Name must be given");
        AssertRejected(await CreatePerson(new { name = new string('n', 256) }), "at most 255");
        AssertRejected(await CreatePerson(new Dictionary<string, object> { ["name"] = "A", ["custom_fields"] = new Dictionary<string, object> { ["0123456789abcdef0123456789abcdef01234567"] = "x" } }), "no custom field has this key");
        AssertRejected(await CreatePerson(new { name = "A", email = "a@example.com" }), "email is not a known person property");
        AssertRejected(await CreatePerson(new { name = "A", emails = new[] { "a@example.com" } }), "emails[0] must be an object");
        AssertRejected(await CreatePerson(new { name = "A", emails = new[] { new { value = "a@x.com", primary = true }, new { value = "b@x.com", primary = true } } }), "at most one");
        AssertRejected(await CreatePerson(new { name = "A", label_ids = new[] { 1_000_000 } }), "label 1000000 does not exist");
        AssertRejected(await CreatePerson(new { name = "A", visible_to = "3" }), "visible_to");
        AssertRejected(await CreatePerson(new { name = "A", org_id = 5 }), "organization 5");
        AssertRejected(await CreatePerson(new { name = "A", owner_id = 99 }), "user 99");
        AssertRejected(await client.SendJsonAsync(HttpMethod.Post, "/api/v2/persons", "{\"name\":"), "not valid JSON");
        AssertRejected(await client.SendJsonAsync(HttpMethod.Post, "/api/v2/persons", "[]"), "JSON object");

        var fromParts = await CreatePerson(new { first_name = "Jo", last_name = "Doe" });
        Assert.Equal("Jo Doe", fromParts.Data.GetProperty("name").GetString());
        var oneWord = await CreatePerson(new { name = "Cher" });
        Assert.Equal(JsonValueKind.Null, oneWord.Data.GetProperty("last_name").ValueKind);
        Assert.Equal(2, (await client.GetJsonAsync("/api/v2/persons")).Data.GetArrayLength());
    }

    [Fact]
    public async Task Patch_changes_only_what_is_sent_and_moves_update_time()
    {
        var created = await CreatePerson(new { name = "Ayşe Kaya", phones = new[] { new { value = "905312345678", label = "mobile" } } });
        var id = created.Data.GetProperty("id").GetInt32();
        clock.Advance(TimeSpan.FromMinutes(5));

        var patched = await client.PatchJsonAsync($"/api/v2/persons/{id}", new { name = "Ayşe Demir" });
        Assert.Equal(HttpStatusCode.OK, patched.Status);
        Assert.Equal("Demir", patched.Data.GetProperty("last_name").GetString());
        Assert.Equal("905312345678", patched.Data.GetProperty("phones")[0].GetProperty("value").GetString());
        Assert.Equal("2025-03-01T09:00:00Z", patched.Data.GetProperty("add_time").GetString());
        Assert.Equal("2025-03-01T09:05:00Z", patched.Data.GetProperty("update_time").GetString());

        var since = await client.GetJsonAsync("/api/v2/persons?updated_since=2025-03-01T09:01:00Z");
        Assert.Equal([id], since.Data.EnumerateArray().Select(p => p.GetProperty("id").GetInt32()));
        AssertRejected(await client.GetJsonAsync("/api/v2/persons?updated_since=2025-03-01T09:01:00.123Z"), "fractional");
        AssertRejected(await client.PatchJsonAsync($"/api/v2/persons/{id}", new { }), "At least one");
        AssertRejected(await client.PatchJsonAsync($"/api/v2/persons/{id}", new { add_time = "2020-01-01T00:00:00Z" }), "add_time");
        Assert.Equal(HttpStatusCode.NotFound, (await client.PatchJsonAsync("/api/v2/persons/9999", new { name = "N" })).Status);
    }

    [Fact]
    public async Task Soft_delete_hides_a_person_from_list_and_search_but_keeps_it()
    {
        var key = (await CreateField("Netmera ID", "varchar")).GetProperty("field_code").GetString()!;
        var kept = await CreatePerson(new Dictionary<string, object> { ["name"] = "Kept Person", ["custom_fields"] = new Dictionary<string, object> { [key] = "nm-1" } });
        var gone = await CreatePerson(new Dictionary<string, object> { ["name"] = "Gone Person", ["custom_fields"] = new Dictionary<string, object> { [key] = "nm-2" } });
        var goneId = gone.Data.GetProperty("id").GetInt32();
        clock.Advance(TimeSpan.FromSeconds(30));

        var deleted = await client.DeleteJsonAsync($"/api/v2/persons/{goneId}");
        Assert.Equal(HttpStatusCode.OK, deleted.Status);
        Assert.Equal(goneId, deleted.Data.GetProperty("id").GetInt32());

        var listed = (await client.GetJsonAsync("/api/v2/persons")).Data.EnumerateArray().Select(p => p.GetProperty("id").GetInt32());
        Assert.Equal([kept.Data.GetProperty("id").GetInt32()], listed);
        Assert.Empty((await client.GetJsonAsync("/api/v2/persons/search?term=nm-2&exact_match=true")).Data.GetProperty("items").EnumerateArray());
        Assert.Empty((await client.GetJsonAsync($"/api/v2/persons?ids={goneId}")).Data.EnumerateArray());
        Assert.Empty((await client.GetJsonAsync("/api/v2/persons/search?term=Gone")).Data.GetProperty("items").EnumerateArray());

        // Still readable by id, flagged, with update_time at the deletion; no second delete, no edit.
        var read = await client.GetJsonAsync($"/api/v2/persons/{goneId}");
        Assert.Equal(HttpStatusCode.OK, read.Status);
        Assert.True(read.Data.GetProperty("is_deleted").GetBoolean());
        Assert.Equal("2025-03-01T09:00:30Z", read.Data.GetProperty("update_time").GetString());
        Assert.Equal(HttpStatusCode.NotFound, (await client.DeleteJsonAsync($"/api/v2/persons/{goneId}")).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await client.PatchJsonAsync($"/api/v2/persons/{goneId}", new { name = "Back" })).Status);

        using var admin = JsonHttp.Client(simulator.BaseAddress);
        var all = (await admin.GetJsonAsync("/_sandbox/persons")).Body.EnumerateArray().ToList();
        Assert.Equal(2, all.Count);
        Assert.True(all.Single(p => p.GetProperty("id").GetInt32() == goneId).GetProperty("is_deleted").GetBoolean());
        var stats = await admin.GetJsonAsync("/_sandbox/stats");
        Assert.Equal((1, 1), (stats.Body.GetProperty("persons").GetInt32(), stats.Body.GetProperty("personsDeleted").GetInt32()));
    }

    [Fact]
    public async Task Missing_persons_answer_404_with_the_error_envelope()
    {
        var reply = await client.GetJsonAsync("/api/v2/persons/12345");
        Assert.Equal(HttpStatusCode.NotFound, reply.Status);
        Assert.Equal("Person not found", reply.Body.GetProperty("error").GetString());
        Assert.False(reply.Body.GetProperty("success").GetBoolean());
        AssertRejected(await client.GetJsonAsync("/api/v2/persons/abc"), "id");
    }

    [Theory]
    [InlineData("id", "asc")]
    [InlineData("id", "desc")]
    [InlineData("update_time", "asc")]
    [InlineData("add_time", "desc")]
    public async Task Cursor_paging_visits_every_person_once(string sortBy, string direction)
    {
        const int count = 230;
        for (var i = 0; i < count; i++)
        {
            await CreatePerson(new { name = $"Person {i:D3}" });
            if (i % 7 == 0)
            {
                clock.Advance(TimeSpan.FromSeconds(1)); // ties on time keys, broken by id
            }
        }

        var seen = new List<int>();
        string? cursor = null;
        var pages = 0;
        do
        {
            var page = await client.GetJsonAsync($"/api/v2/persons?limit=50&sort_by={sortBy}&sort_direction={direction}" + (cursor is null ? string.Empty : "&cursor=" + cursor));
            Assert.Equal(HttpStatusCode.OK, page.Status);
            seen.AddRange(page.Data.EnumerateArray().Select(p => p.GetProperty("id").GetInt32()));
            var next = page.Body.GetProperty("additional_data").GetProperty("next_cursor");
            cursor = next.ValueKind == JsonValueKind.Null ? null : next.GetString();
            pages++;
        }
        while (cursor is not null && pages < 20);

        Assert.Equal(5, pages);
        Assert.Equal(count, seen.Distinct().Count());
        Assert.Equal(count, seen.Count);
        Assert.Equal(direction == "asc" ? seen.Order() : seen.OrderDescending(), seen);
    }

    [Fact]
    public async Task List_filters_and_limits_are_checked()
    {
        for (var i = 0; i < 5; i++)
        {
            await CreatePerson(new { name = $"P{i}" });
        }

        var some = await client.GetJsonAsync("/api/v2/persons?ids=2,4,99");
        Assert.Equal([2, 4], some.Data.EnumerateArray().Select(p => p.GetProperty("id").GetInt32()));
        AssertRejected(await client.GetJsonAsync("/api/v2/persons?limit=501"), "limit");
        AssertRejected(await client.GetJsonAsync("/api/v2/persons?limit=0"), "limit");
        AssertRejected(await client.GetJsonAsync("/api/v2/persons?ids=" + string.Join(',', Enumerable.Range(1, 101))), "ids");
        AssertRejected(await client.GetJsonAsync("/api/v2/persons?sort_by=name"), "sort_by");
        AssertRejected(await client.GetJsonAsync("/api/v2/persons?cursor=bm9wZQ"), "cursor");

        var byId = await client.GetJsonAsync("/api/v2/persons?limit=2");
        var cursor = byId.Body.GetProperty("additional_data").GetProperty("next_cursor").GetString();
        AssertRejected(await client.GetJsonAsync($"/api/v2/persons?limit=2&sort_by=add_time&cursor={cursor}"), "cursor");
    }

    [Fact]
    public async Task Authentication_accepts_header_query_and_bearer_and_refuses_the_rest()
    {
        using var anonymous = JsonHttp.Client(simulator.BaseAddress);
        Assert.Equal(HttpStatusCode.OK, (await anonymous.GetJsonAsync($"/api/v2/persons?api_token={Token}")).Status);
        var bearer = await anonymous.SendJsonAsync(HttpMethod.Get, "/api/v2/persons", null, h => h.Authorization = new("Bearer", Token));
        Assert.Equal(HttpStatusCode.OK, bearer.Status);

        foreach (var reply in new[]
        {
            await anonymous.GetJsonAsync("/api/v2/persons"),
            await anonymous.GetJsonAsync("/api/v2/persons?api_token=wrong"),
            await anonymous.SendJsonAsync(HttpMethod.Get, "/api/v2/persons", null, h => h.Authorization = new("Bearer", "wrong")),
            await anonymous.SendJsonAsync(HttpMethod.Get, "/api/v2/persons", null, h => h.Add("x-api-token", "wrong")),
        })
        {
            // The 401 openapi-v1.yaml declares: {success, error, errorCode}, plus the documented error_info.
            Assert.Equal(HttpStatusCode.Unauthorized, reply.Status);
            Assert.False(reply.Body.GetProperty("success").GetBoolean());
            Assert.Equal("unauthorized access", reply.Body.GetProperty("error").GetString());
            Assert.Equal(401, reply.Body.GetProperty("errorCode").GetInt32());
            Assert.Equal("Please check developers.pipedrive.com", reply.Body.GetProperty("error_info").GetString());
        }
    }

    [Fact]
    public async Task Unknown_routes_and_methods_answer_with_the_error_envelope()
    {
        var unknown = await client.GetJsonAsync("/api/v2/products");
        Assert.Equal(HttpStatusCode.NotFound, unknown.Status);
        Assert.False(unknown.Body.GetProperty("success").GetBoolean());
        var method = await client.SendJsonAsync(HttpMethod.Put, "/api/v2/persons/1", "{}");
        Assert.Equal(HttpStatusCode.MethodNotAllowed, method.Status);
        Assert.False(method.Body.GetProperty("success").GetBoolean());
    }

    [Fact]
    public async Task Concurrent_creates_get_unique_increasing_ids()
    {
        var replies = await Task.WhenAll(Enumerable.Range(0, 200).Select(i => CreatePerson(new { name = $"Parallel {i}" })));
        Assert.All(replies, r => Assert.Equal(HttpStatusCode.OK, r.Status));
        Assert.Equal(Enumerable.Range(1, 200), replies.Select(r => r.Data.GetProperty("id").GetInt32()).Order());
    }

    [Fact]
    public async Task Stats_count_requests_per_operation_and_reset_clears_the_account()
    {
        using var admin = JsonHttp.Client(simulator.BaseAddress);
        await CreateField("Netmera ID", "varchar");
        await CreatePerson(new { name = "A B" });
        await CreatePerson(new { name = "C D" });
        await client.GetJsonAsync("/api/v2/persons/1");
        await admin.GetJsonAsync("/api/v2/persons"); // refused, counted in total only

        var stats = (await admin.GetJsonAsync("/_sandbox/stats")).Body;
        Assert.Equal(2, stats.GetProperty("persons").GetInt32());
        Assert.Equal(0, stats.GetProperty("personsDeleted").GetInt32());
        Assert.Equal(5, stats.GetProperty("requests").GetInt64());
        var byOperation = stats.GetProperty("requestsByOperation");
        Assert.Equal(2, byOperation.GetProperty("POST /api/v2/persons").GetInt64());
        Assert.Equal(1, byOperation.GetProperty("POST /api/v2/personFields").GetInt64());
        Assert.Equal(1, byOperation.GetProperty("GET /api/v2/persons/{id}").GetInt64());
        var fieldsBefore = stats.GetProperty("personFields").GetInt32();

        var reset = await admin.SendJsonAsync(HttpMethod.Post, "/_sandbox/reset", null);
        Assert.Equal(HttpStatusCode.NoContent, reset.Status);
        var after = (await admin.GetJsonAsync("/_sandbox/stats")).Body;
        Assert.Equal((0, 0L, fieldsBefore - 1), (after.GetProperty("persons").GetInt32(), after.GetProperty("requests").GetInt64(), after.GetProperty("personFields").GetInt32()));
        Assert.Equal(1, (await CreatePerson(new { name = "First Again" })).Data.GetProperty("id").GetInt32());
    }
}
