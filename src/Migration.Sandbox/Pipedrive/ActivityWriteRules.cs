using System.Collections.Frozen;
using System.Collections.Immutable;
using System.Globalization;
using System.Text.Json.Nodes;

namespace Migration.Sandbox.Pipedrive;

/// <summary>POST and PATCH /activities bodies (spec addActivity/updateActivity, pipedrive-api.md §7.4).</summary>
internal static class ActivityWriteRules
{
    public const int SubjectLimit = 255;

    /// <summary>Activities without a type are tasks.</summary>
    public const string DefaultType = "task";

    private static readonly FrozenSet<string> Keys = FrozenSet.ToFrozenSet(
    [
        "subject", "type", "owner_id", "deal_id", "lead_id", "person_id", "org_id", "project_id", "due_date", "due_time",
        "duration", "busy", "done", "location", "participants", "attendees", "public_description", "priority", "note",
    ]);

    private static readonly FrozenSet<string> AttendeeStatuses = FrozenSet.ToFrozenSet(["accepted", "declined", "tentative", "noreply"]);

    public static StoredActivity Create(int id, JsonObject body, WriteContext context)
    {
        RecordRules.CheckKeys(body, Keys, "activity");
        var blank = new StoredActivity(
            id, string.Empty, DefaultType, context.CurrentUserId, context.CurrentUserId, IsDeleted: false, context.Now, context.Now,
            null, null, null, null, null, Busy: false, Done: false, null, null, [], [], null, null, null);
        var activity = Apply(blank, body, context);
        if (!body.ContainsKey("subject"))
        {
            // Without a subject the activity is called after its type, as the app names new activities.
            activity = activity with { Subject = context.References.FindActivityType(activity.Type)?.Name ?? activity.Type };
        }

        return activity;
    }

    public static StoredActivity Update(StoredActivity current, JsonObject body, WriteContext context)
    {
        RecordRules.CheckKeys(body, Keys, "activity");
        RecordRules.RequireSomething(body);
        return Apply(current, body, context) with { UpdateTime = context.Now };
    }

    private static StoredActivity Apply(StoredActivity activity, JsonObject body, WriteContext context)
    {
        var references = context.References;
        if (body.ContainsKey("person_id"))
        {
            // v2 derives person_id from the primary participant; sending it would silently do nothing on the live API.
            throw RequestRejected.BadRequest("person_id is read-only in v2: send participants [{person_id, primary: true}] instead");
        }

        if (body.TryGetPropertyValue("lead_id", out var lead) && lead is not null)
        {
            throw RequestRejected.BadRequest($"lead_id: lead {lead.ToJsonString()} does not exist");
        }

        if (body.TryGetPropertyValue("project_id", out var project) && project is not null)
        {
            throw RequestRejected.BadRequest($"project_id: project {project.ToJsonString()} does not exist");
        }

        if (body.TryGetPropertyValue("subject", out var subject))
        {
            activity = activity with { Subject = JsonRules.RequiredText(subject, "subject", SubjectLimit) };
        }

        if (body.TryGetPropertyValue("type", out var type))
        {
            var key = JsonRules.RequiredString(type, "type", 255);
            activity = references.FindActivityType(key) is { ActiveFlag: true }
                ? activity with { Type = key }
                : throw RequestRejected.BadRequest($"type: '{key}' is not the key_string of an active activity type");
        }

        if (body.TryGetPropertyValue("owner_id", out var owner))
        {
            activity = activity with { OwnerId = RecordRules.Owner(owner, context) };
        }

        if (body.TryGetPropertyValue("deal_id", out var deal))
        {
            activity = activity with { DealId = RecordRules.Reference(deal, "deal_id", "deal", references.DealExists) };
        }

        if (body.TryGetPropertyValue("org_id", out var org))
        {
            activity = activity with { OrgId = RecordRules.Reference(org, "org_id", "organization", references.OrganizationExists) };
        }

        if (body.TryGetPropertyValue("due_date", out var dueDate))
        {
            activity = activity with { DueDate = dueDate is null ? null : JsonRules.Date(dueDate, "due_date") };
        }

        if (body.TryGetPropertyValue("due_time", out var dueTime))
        {
            // UTC, as v1 documented; v2 states no timezone (pipedrive-api.md §6).
            activity = activity with { DueTime = dueTime is null ? null : JsonRules.Time(dueTime, "due_time", allowMinutes: true) };
        }

        if (activity.DueTime is not null && activity.DueDate is null)
        {
            throw RequestRejected.BadRequest("due_time needs a due_date");
        }

        if (body.TryGetPropertyValue("duration", out var duration))
        {
            activity = activity with { Duration = duration is null ? null : JsonRules.Time(duration, "duration", allowMinutes: true).ToString("HH:mm:ss", CultureInfo.InvariantCulture) };
        }

        if (body.TryGetPropertyValue("busy", out var busy))
        {
            activity = activity with { Busy = JsonRules.OptionalBool(busy, "busy") ?? throw RequestRejected.BadRequest("busy must be a boolean") };
        }

        if (body.TryGetPropertyValue("done", out var done))
        {
            var isDone = JsonRules.OptionalBool(done, "done") ?? throw RequestRejected.BadRequest("done must be a boolean");
            activity = activity with { Done = isDone, MarkedAsDoneTime = isDone ? activity.MarkedAsDoneTime ?? context.Now : null };
        }

        if (body.TryGetPropertyValue("location", out var location))
        {
            activity = activity with { Location = RecordRules.Address(location, "location") };
        }

        if (body.TryGetPropertyValue("participants", out var participants))
        {
            activity = activity with { Participants = Participants(participants, references) };
        }

        if (body.TryGetPropertyValue("attendees", out var attendees))
        {
            activity = activity with { Attendees = Attendees(attendees, context) };
        }

        if (body.TryGetPropertyValue("public_description", out var description))
        {
            activity = activity with { PublicDescription = JsonRules.OptionalString(description, "public_description", CustomFieldValueRules.TextLimit) };
        }

        if (body.TryGetPropertyValue("priority", out var priority))
        {
            activity = activity with { Priority = JsonRules.OptionalInt(priority, "priority") };
        }

        if (body.TryGetPropertyValue("note", out var note))
        {
            activity = activity with { Note = JsonRules.OptionalString(note, "note", NoteRules.ContentLimit) };
        }

        return activity;
    }

    private static ImmutableArray<Participant> Participants(JsonNode? node, IAccountReferences references)
    {
        var items = JsonRules.OptionalArray(node, "participants") ?? [];
        var parsed = new List<(int PersonId, bool? Primary)>();
        for (var i = 0; i < items.Count; i++)
        {
            var path = $"participants[{i}]";
            var item = items[i] as JsonObject ?? throw RequestRejected.BadRequest($"{path} must be an object {{person_id, primary}}");
            JsonRules.OnlyKnownKeys(item, path, ["person_id", "primary"]);
            var personId = JsonRules.RequiredInt(item["person_id"], path + ".person_id");
            if (!references.PersonExists(personId))
            {
                throw RequestRejected.BadRequest($"{path}.person_id: person {personId} does not exist");
            }

            parsed.Add((personId, JsonRules.OptionalBool(item["primary"], path + ".primary")));
        }

        if (parsed.Count(p => p.Primary == true) > 1)
        {
            throw RequestRejected.BadRequest("participants: at most one participant can be primary");
        }

        // Without an explicit primary the first participant is the one person_id shows.
        var hasPrimary = parsed.Any(p => p.Primary == true);
        return [.. parsed.Select((p, i) => new Participant(p.PersonId, p.Primary ?? (!hasPrimary && i == 0)))];
    }

    private static ImmutableArray<Attendee> Attendees(JsonNode? node, WriteContext context)
    {
        var items = JsonRules.OptionalArray(node, "attendees") ?? [];
        var attendees = new List<Attendee>();
        for (var i = 0; i < items.Count; i++)
        {
            var path = $"attendees[{i}]";
            var item = items[i] as JsonObject ?? throw RequestRejected.BadRequest($"{path} must be an object");
            JsonRules.OnlyKnownKeys(item, path, ["email", "name", "status", "is_organizer", "person_id", "user_id"]);
            var status = JsonRules.OptionalString(item["status"], path + ".status", 16);
            if (status is not null && !AttendeeStatuses.Contains(status))
            {
                throw RequestRejected.BadRequest($"{path}.status must be one of {string.Join(", ", AttendeeStatuses.Order())}");
            }

            var personId = RecordRules.Reference(item["person_id"], path + ".person_id", "person", context.References.PersonExists);
            var userId = RecordRules.Reference(item["user_id"], path + ".user_id", "user", context.References.UserExists);
            var email = JsonRules.OptionalString(item["email"], path + ".email", CustomFieldValueRules.VarcharLimit);
            if (email is null && personId is null && userId is null)
            {
                throw RequestRejected.BadRequest($"{path} needs an email, a person_id or a user_id");
            }

            attendees.Add(new Attendee(
                email,
                JsonRules.OptionalString(item["name"], path + ".name", CustomFieldValueRules.VarcharLimit),
                status,
                JsonRules.OptionalBool(item["is_organizer"], path + ".is_organizer"),
                personId,
                userId));
        }

        return [.. attendees];
    }
}
