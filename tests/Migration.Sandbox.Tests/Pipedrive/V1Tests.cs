using System.Net;
using System.Text.Json;

namespace Migration.Sandbox.Tests.Pipedrive;

public sealed class UserTests : PipedriveSession
{
    [Fact]
    public async Task The_company_has_several_users_with_seeded_ids_and_the_token_is_user_1()
    {
        var users = (await Fetched("/api/v1/users")).EnumerateArray().ToList();
        Assert.Equal(4, users.Count);
        Assert.Equal(1, Id(users.Single(u => u.GetProperty("is_you").GetBoolean())));
        Assert.All(users, u => Assert.EndsWith("@sandbox.example", u.GetProperty("email").GetString(), StringComparison.Ordinal));

        var me = await Fetched("/v1/users/me");
        Assert.Equal(1, Id(me));
        Assert.Equal("sandbox", me.GetProperty("company_domain").GetString());

        // Another seed, other ids for the same people: owners must be mapped by email.
        await using var other = await PipedriveSimulator.StartAsync(new PipedriveSimulatorOptions { ApiToken = Token, Seed = 6 });
        using var otherClient = JsonHttp.Client(other.BaseAddress, "x-api-token", Token);
        var otherIds = (await otherClient.GetJsonAsync("/api/v1/users")).Data.EnumerateArray().Select(Id).ToHashSet();
        Assert.NotEqual(users.Select(Id).ToHashSet(), otherIds);

        var owner = Id(users.First(u => Id(u) != 1));
        Assert.Equal(owner, (await Created("/api/v2/persons", new { name = "Owned", owner_id = owner })).GetProperty("owner_id").GetInt32());
    }

    [Fact]
    public async Task Find_matches_names_or_emails()
    {
        var byName = (await Fetched("/api/v1/users/find?term=ayla")).EnumerateArray().ToList();
        Assert.Equal("Ayla Demir", Assert.Single(byName).GetProperty("name").GetString());
        Assert.Single((await Fetched("/api/v1/users/find?term=mert.kaya@sandbox.example&search_by_email=1")).EnumerateArray());
        Assert.Empty((await Fetched("/api/v1/users/find?term=mert.kaya@sandbox.example")).EnumerateArray());
        AssertRejected(await Client.GetJsonAsync("/api/v1/users/find?term=ayla&search_by_email=true"), "search_by_email");
        AssertRejected(await Client.GetJsonAsync("/api/v1/users/find"), "term");
    }
}

public sealed class ActivityTypeTests : PipedriveSession
{
    [Fact]
    public async Task Key_strings_come_from_the_name_once_and_never_change()
    {
        var defaults = (await Fetched("/api/v1/activityTypes")).EnumerateArray().Select(t => t.GetProperty("key_string").GetString()).ToList();
        Assert.Equal(["call", "meeting", "task", "deadline", "email", "lunch"], defaults);

        var video = await Created("/api/v1/activityTypes", new { name = "Video call", icon_key = "camera", color = "00FF00" });
        Assert.Equal("video_call", video.GetProperty("key_string").GetString());
        Assert.True(video.GetProperty("is_custom_flag").GetBoolean());
        var twin = await Created("/api/v1/activityTypes", new { name = "Video  Call!", icon_key = "camera" });
        Assert.Equal("video_call_2", twin.GetProperty("key_string").GetString());

        var renamed = await Put($"/api/v1/activityTypes/{Id(video)}", new { name = "Online meeting", icon_key = "world" });
        Assert.Equal(("Online meeting", "video_call", "world"), (renamed.GetProperty("name").GetString(), renamed.GetProperty("key_string").GetString(), renamed.GetProperty("icon_key").GetString()));
    }

    [Fact]
    public async Task Name_and_an_icon_from_the_spec_are_required_and_colors_are_hex()
    {
        AssertRejected(await Client.PostJsonAsync("/api/v1/activityTypes", new { name = "X" }), "icon_key are required");
        AssertRejected(await Client.PostJsonAsync("/api/v1/activityTypes", new { icon_key = "call" }), "name and icon_key are required");
        AssertRejected(await Client.PostJsonAsync("/api/v1/activityTypes", new { name = "X", icon_key = "rocket" }), "icon_key 'rocket'");
        AssertRejected(await Client.PostJsonAsync("/api/v1/activityTypes", new { name = "X", icon_key = "call", color = "#FFFFFF" }), "color");
        AssertRejected(await Client.PostJsonAsync("/api/v1/activityTypes", new { name = "X", icon_key = "call", key_string = "x" }), "key_string is not a known");
        Assert.Equal(HttpStatusCode.NotFound, (await Client.SendJsonAsync(HttpMethod.Put, "/api/v1/activityTypes/999", JsonSerializer.Serialize(new { name = "Y" }))).Status);
    }

    [Fact]
    public async Task The_company_limit_answers_403_and_deleting_deactivates()
    {
        for (var i = 0; i < 44; i++)
        {
            await Created("/api/v1/activityTypes", new { name = $"Type {i}", icon_key = "task" });
        }

        var refused = await Client.PostJsonAsync("/api/v1/activityTypes", new { name = "One more", icon_key = "task" });
        AssertRejected(refused, "activity type per company limit", HttpStatusCode.Forbidden);

        var deleted = (await Client.DeleteJsonAsync("/api/v1/activityTypes/7")).Data;
        Assert.False(deleted.GetProperty("active_flag").GetBoolean());
        Assert.Contains((await Fetched("/api/v1/activityTypes")).EnumerateArray(), t => Id(t) == 7 && !t.GetProperty("active_flag").GetBoolean());
        await Created("/api/v1/activityTypes", new { name = "One more", icon_key = "task" });
        Assert.Equal(HttpStatusCode.NotFound, (await Client.DeleteJsonAsync("/api/v1/activityTypes/7")).Status);
    }
}

public sealed class FilterTests : PipedriveSession
{
    private static object Conditions(int andCount, int orCount = 0, string outer = "and", string first = "and", string second = "or", string op = "=") => new
    {
        glue = outer,
        conditions = new object[]
        {
            new { glue = first, conditions = Enumerable.Range(0, andCount).Select(i => new { @object = "person", field_id = "9039", @operator = op, value = $"a{i}", extra_value = (string?)null }).ToArray() },
            new { glue = second, conditions = Enumerable.Range(0, orCount).Select(i => new { @object = "deal", field_id = 12, @operator = "IS NOT NULL", value = (string?)null, extra_value = (string?)null }).ToArray() },
        },
    };

    [Fact]
    public async Task A_filter_keeps_its_conditions_in_the_documented_layout()
    {
        var filter = await Created("/api/v1/filters", new { name = "Istanbul", type = "people", conditions = Conditions(1, 1) });
        Assert.Equal("people", filter.GetProperty("type").GetString());
        var groups = filter.GetProperty("conditions").GetProperty("conditions");
        Assert.Equal("a0", groups[0].GetProperty("conditions")[0].GetProperty("value").GetString());
        Assert.Equal("12", groups[1].GetProperty("conditions")[0].GetProperty("field_id").GetString());

        Assert.Equal(16, (await Created("/api/v1/filters", new { name = "Max", type = "deals", conditions = Conditions(10, 6) })).GetProperty("conditions")
            .GetProperty("conditions").EnumerateArray().Sum(g => g.GetProperty("conditions").GetArrayLength()));
        var listed = (await Fetched("/api/v1/filters?type=people")).EnumerateArray().ToList();
        Assert.Equal([Id(filter)], listed.Select(Id));
        Assert.False(listed[0].TryGetProperty("conditions", out _));
    }

    [Fact]
    public async Task Filters_are_refused_unless_complete_well_nested_and_at_most_16_conditions()
    {
        AssertRejected(await Client.PostJsonAsync("/api/v1/filters", new { name = "X", type = "people" }), "all required");
        AssertRejected(await Client.PostJsonAsync("/api/v1/filters", new { name = "X", conditions = Conditions(1) }), "all required");
        AssertRejected(await Client.PostJsonAsync("/api/v1/filters", new { name = "X", type = "persons", conditions = Conditions(1) }), "type must be one of");
        AssertRejected(await Client.PostJsonAsync("/api/v1/filters", new { name = "X", type = "people", conditions = Conditions(1, outer: "or") }), "conditions must be");
        AssertRejected(await Client.PostJsonAsync("/api/v1/filters", new { name = "X", type = "people", conditions = Conditions(1, first: "or", second: "and") }), "conditions must be");
        AssertRejected(await Client.PostJsonAsync("/api/v1/filters", new { name = "X", type = "people", conditions = new { glue = "and", conditions = Array.Empty<object>() } }), "conditions must be");
        AssertRejected(await Client.PostJsonAsync("/api/v1/filters", new { name = "X", type = "people", conditions = Conditions(9, 8) }), "at most 16 conditions");
        AssertRejected(await Client.PostJsonAsync("/api/v1/filters", new { name = "X", type = "people", conditions = Conditions(1, op: "CONTAINS") }), "operator must be one of");
        Assert.Empty((await Fetched("/api/v1/filters")).EnumerateArray());
    }

    [Fact]
    public async Task Update_needs_conditions_and_deletes_are_all_or_nothing()
    {
        var a = Id(await Created("/api/v1/filters", new { name = "A", type = "org", conditions = Conditions(1) }));
        var b = Id(await Created("/api/v1/filters", new { name = "B", type = "org", conditions = Conditions(1) }));
        var c = Id(await Created("/api/v1/filters", new { name = "C", type = "org", conditions = Conditions(1) }));

        AssertRejected(await Client.SendJsonAsync(HttpMethod.Put, $"/api/v1/filters/{a}", JsonSerializer.Serialize(new { name = "A2" })), "conditions is required");
        var updated = await Put($"/api/v1/filters/{a}", new { name = "A2", conditions = Conditions(2) });
        Assert.Equal("A2", updated.GetProperty("name").GetString());

        Assert.Equal(HttpStatusCode.NotFound, (await Client.DeleteJsonAsync($"/api/v1/filters?ids={b},999")).Status);
        Assert.Equal(3, (await Fetched("/api/v1/filters")).GetArrayLength());
        var bulk = (await Client.DeleteJsonAsync($"/api/v1/filters?ids={c},{b}")).Data;
        Assert.Equal([b, c], bulk.GetProperty("id").EnumerateArray().Select(i => i.GetInt32()));
        Assert.Equal(a, Id((await Client.DeleteJsonAsync($"/api/v1/filters/{a}")).Data));
        Assert.Empty((await Fetched("/api/v1/filters")).EnumerateArray());
        Assert.Equal(HttpStatusCode.NotFound, (await Client.GetJsonAsync($"/api/v1/filters/{a}")).Status);
    }
}

public sealed class NoteTests : PipedriveSession
{
    [Fact]
    public async Task A_note_needs_content_and_something_to_belong_to()
    {
        var person = Id(await Created("/api/v2/persons", new { name = "Elif" }));
        AssertRejected(await Client.PostJsonAsync("/api/v1/notes", new { person_id = person }), "content is required");
        AssertRejected(await Client.PostJsonAsync("/api/v1/notes", new { content = "  ", person_id = person }), "content");
        AssertRejected(await Client.PostJsonAsync("/api/v1/notes", new { content = "Orphan" }), "attached to a deal, person");
        AssertRejected(await Client.PostJsonAsync("/api/v1/notes", new { content = "X", person_id = 404 }), "person 404 does not exist");
        AssertRejected(await Client.PostJsonAsync("/api/v1/notes", new { content = "X", lead_id = "adf21080-0e10-11eb-879b-05d71fb426ec" }), "lead");
        AssertRejected(await Client.PostJsonAsync("/api/v1/notes", new { content = "X", person_id = person, add_time = "2024-01-01T10:00:00Z" }), "YYYY-MM-DD HH:MM:SS");
        AssertRejected(await Client.PostJsonAsync("/api/v1/notes", new { content = new string('n', 100_001), person_id = person }), "at most 100000");

        var note = await Created("/api/v1/notes", new { content = "<p>Called back</p>", person_id = person, add_time = "2024-01-02 03:04:05", pinned_to_person_flag = 1 });
        Assert.Equal("2024-01-02 03:04:05", note.GetProperty("add_time").GetString());
        Assert.Equal("Elif", note.GetProperty("person").GetProperty("name").GetString());
        Assert.True(note.GetProperty("pinned_to_person_flag").GetBoolean());
        Assert.Equal("admin@sandbox.example", note.GetProperty("user").GetProperty("email").GetString());
    }

    [Fact]
    public async Task Notes_page_by_offset_and_delete_softly()
    {
        var person = Id(await Created("/api/v2/persons", new { name = "Elif" }));
        var deal = Id(await Created("/api/v2/deals", new { title = "D" }));
        var ids = new List<int>();
        for (var i = 0; i < 5; i++)
        {
            ids.Add(Id(await Created("/api/v1/notes", new { content = $"Note {i}", person_id = person })));
        }

        var onDeal = Id(await Created("/api/v1/notes", new { content = "Deal note", deal_id = deal }));
        var first = await Client.GetJsonAsync($"/api/v1/notes?person_id={person}&limit=2");
        var pagination = first.Body.GetProperty("additional_data").GetProperty("pagination");
        Assert.True(pagination.GetProperty("more_items_in_collection").GetBoolean());
        Assert.Equal(2, pagination.GetProperty("next_start").GetInt32());
        var last = await Client.GetJsonAsync($"/api/v1/notes?person_id={person}&start=4&limit=2");
        Assert.Equal([ids[4]], last.Data.EnumerateArray().Select(Id));
        Assert.False(last.Body.GetProperty("additional_data").GetProperty("pagination").GetProperty("more_items_in_collection").GetBoolean());
        Assert.False(last.Body.GetProperty("additional_data").GetProperty("pagination").TryGetProperty("next_start", out _));
        Assert.Equal([onDeal], (await Fetched($"/api/v1/notes?deal_id={deal}")).EnumerateArray().Select(Id));
        Assert.Equal(ids[4], Id((await Fetched($"/api/v1/notes?person_id={person}&sort=id DESC&limit=1"))[0]));

        var updated = await Put($"/api/v1/notes/{ids[0]}", new { content = "Edited" });
        Assert.Equal(1, updated.GetProperty("last_update_user_id").GetInt32());
        var deleted = await Client.DeleteJsonAsync($"/api/v1/notes/{ids[0]}");
        Assert.True(deleted.Data.GetBoolean());
        Assert.Equal(4, (await Fetched($"/api/v1/notes?person_id={person}")).GetArrayLength());
        Assert.False((await Fetched($"/api/v1/notes/{ids[0]}")).GetProperty("active_flag").GetBoolean());
        Assert.Equal(HttpStatusCode.NotFound, (await Client.DeleteJsonAsync($"/api/v1/notes/{ids[0]}")).Status);
        AssertRejected(await Client.GetJsonAsync("/api/v1/notes?sort=content ASC"), "sort");
    }
}
