using System.Net;
using System.Text.Json;

namespace Migration.Sandbox.Tests.Pipedrive;

public sealed class ActivityTests : PipedriveSession
{
    [Fact]
    public async Task Person_id_comes_from_the_primary_participant()
    {
        var ayse = Id(await Created("/api/v2/persons", new { name = "Ayşe" }));
        var mert = Id(await Created("/api/v2/persons", new { name = "Mert" }));

        var explicitPrimary = await Created("/api/v2/activities", new
        {
            subject = "Call",
            type = "call",
            participants = new[] { new { person_id = ayse, primary = false }, new { person_id = mert, primary = true } },
        });
        Assert.Equal(mert, explicitPrimary.GetProperty("person_id").GetInt32());

        var firstIsPrimary = await Created("/api/v2/activities", new { subject = "Call", participants = new[] { new { person_id = ayse }, new { person_id = mert } } });
        Assert.Equal(ayse, firstIsPrimary.GetProperty("person_id").GetInt32());
        Assert.True(firstIsPrimary.GetProperty("participants")[0].GetProperty("primary").GetBoolean());

        var none = await Created("/api/v2/activities", new { subject = "Alone" });
        Assert.Equal(JsonValueKind.Null, none.GetProperty("person_id").ValueKind);

        AssertRejected(await Client.PostJsonAsync("/api/v2/activities", new { subject = "X", person_id = ayse }), "person_id is read-only");
        AssertRejected(await Client.PostJsonAsync("/api/v2/activities", new
        {
            subject = "X",
            participants = new[] { new { person_id = ayse, primary = true }, new { person_id = mert, primary = true } },
        }), "at most one participant");
        AssertRejected(await Client.PostJsonAsync("/api/v2/activities", new { subject = "X", participants = new[] { new { person_id = 999 } } }), "person 999 does not exist");

        Assert.Equal([Id(explicitPrimary)], await AllPages($"/api/v2/activities?person_id={mert}"));
    }

    [Fact]
    public async Task The_type_must_be_the_key_string_of_an_active_activity_type()
    {
        var defaulted = await Created("/api/v2/activities", new { due_date = "2025-03-10" });
        Assert.Equal("task", defaulted.GetProperty("type").GetString());
        Assert.Equal("Task", defaulted.GetProperty("subject").GetString());

        AssertRejected(await Client.PostJsonAsync("/api/v2/activities", new { subject = "X", type = "Call" }), "'Call' is not the key_string");
        AssertRejected(await Client.PostJsonAsync("/api/v2/activities", new { subject = "X", type = "video_call" }), "video_call");

        var video = await Created("/api/v1/activityTypes", new { name = "Video call", icon_key = "camera" });
        Assert.Equal("video_call", (await Created("/api/v2/activities", new { subject = "X", type = "video_call" })).GetProperty("type").GetString());
        Assert.Equal(HttpStatusCode.OK, (await Client.DeleteJsonAsync($"/api/v1/activityTypes/{Id(video)}")).Status);
        AssertRejected(await Client.PostJsonAsync("/api/v2/activities", new { subject = "X", type = "video_call" }), "active activity type");
    }

    [Fact]
    public async Task Booleans_dates_times_and_durations_are_checked()
    {
        AssertRejected(await Client.PostJsonAsync("/api/v2/activities", new { subject = "X", busy = "true" }), "busy must be a boolean");
        AssertRejected(await Client.PostJsonAsync("/api/v2/activities", new { subject = "X", done = 1 }), "done must be a boolean");
        AssertRejected(await Client.PostJsonAsync("/api/v2/activities", new { subject = "X", due_date = "2025-02-30" }), "YYYY-MM-DD");
        AssertRejected(await Client.PostJsonAsync("/api/v2/activities", new { subject = "X", due_date = "2025-03-01", due_time = "25:00" }), "HH:MM");
        AssertRejected(await Client.PostJsonAsync("/api/v2/activities", new { subject = "X", due_time = "10:00" }), "due_time needs a due_date");
        AssertRejected(await Client.PostJsonAsync("/api/v2/activities", new { subject = "X", duration = "1h" }), "duration");
        AssertRejected(await Client.PostJsonAsync("/api/v2/activities", new { subject = "X", deal_id = 12 }), "deal 12 does not exist");
        AssertRejected(await Client.PostJsonAsync("/api/v2/activities", new { subject = "X", lead_id = "adf21080-0e10-11eb-879b-05d71fb426ec" }), "lead");
        AssertRejected(await Client.PostJsonAsync("/api/v2/activities", new { subject = "X", busy_flag = true }), "busy_flag is not a known activity property");

        var activity = await Created("/api/v2/activities", new { subject = "Demo", due_date = "2025-03-04", due_time = "15:00", duration = "00:45", busy = true, done = false });
        Assert.Equal("15:00:00", activity.GetProperty("due_time").GetString());
        Assert.Equal("00:45:00", activity.GetProperty("duration").GetString());
        Assert.True(activity.GetProperty("busy").GetBoolean());
        Assert.Equal(JsonValueKind.Null, activity.GetProperty("marked_as_done_time").ValueKind);

        Clock.Advance(TimeSpan.FromMinutes(10));
        var done = await Patched($"/api/v2/activities/{Id(activity)}", new { done = true });
        Assert.Equal("2025-03-01T09:10:00Z", done.GetProperty("marked_as_done_time").GetString());
        var undone = await Patched($"/api/v2/activities/{Id(activity)}", new { done = false });
        Assert.Equal(JsonValueKind.Null, undone.GetProperty("marked_as_done_time").ValueKind);
        Assert.Empty(await AllPages("/api/v2/activities?done=true"));
        AssertRejected(await Client.GetJsonAsync("/api/v2/activities?done=1"), "done must be true or false");
    }

    [Fact]
    public async Task Attendees_are_listed_on_request_and_due_date_sorts()
    {
        var late = Id(await Created("/api/v2/activities", new { subject = "Late", due_date = "2025-05-01", attendees = new[] { new { email = "a@example.com" } } }));
        var early = Id(await Created("/api/v2/activities", new { subject = "Early", due_date = "2025-04-01", due_time = "08:00" }));
        var undated = Id(await Created("/api/v2/activities", new { subject = "Undated" }));

        Assert.Equal([undated, early, late], await AllPages("/api/v2/activities?sort_by=due_date"));
        Assert.Equal([late, early, undated], await AllPages("/api/v2/activities?sort_by=due_date&sort_direction=desc&limit=1"));

        var plain = (await Fetched($"/api/v2/activities/{late}"));
        Assert.False(plain.TryGetProperty("attendees", out _));
        var withAttendees = await Fetched($"/api/v2/activities/{late}?include_fields=attendees");
        Assert.Equal("a@example.com", withAttendees.GetProperty("attendees")[0].GetProperty("email").GetString());
        AssertRejected(await Client.PostJsonAsync("/api/v2/activities", new { subject = "X", attendees = new[] { new { name = "Nobody" } } }), "needs an email");
    }

    [Fact]
    public async Task A_deleted_activity_stays_readable_but_leaves_the_list()
    {
        var id = Id(await Created("/api/v2/activities", new { subject = "Temp" }));
        Assert.Equal(id, Id((await Client.DeleteJsonAsync($"/api/v2/activities/{id}")).Data));
        Assert.Empty(await AllPages("/api/v2/activities"));
        Assert.True((await Fetched($"/api/v2/activities/{id}")).GetProperty("is_deleted").GetBoolean());
        Assert.Equal(HttpStatusCode.NotFound, (await Client.PatchJsonAsync($"/api/v2/activities/{id}", new { done = true })).Status);
    }
}
