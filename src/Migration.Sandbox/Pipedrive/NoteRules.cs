using System.Collections.Frozen;
using System.Text.Json.Nodes;

namespace Migration.Sandbox.Pipedrive;

/// <summary>POST and PUT /v1/notes bodies (spec addNote/updateNote, pipedrive-api.md §7.5).</summary>
internal static class NoteRules
{
    /// <summary>"~100,000 characters" (SPEC-V1, tag Notes).</summary>
    public const int ContentLimit = 100_000;

    private static readonly FrozenSet<string> Keys = FrozenSet.ToFrozenSet(
    [
        "content", "lead_id", "deal_id", "person_id", "org_id", "project_id", "task_id", "user_id", "add_time",
        "pinned_to_lead_flag", "pinned_to_deal_flag", "pinned_to_organization_flag", "pinned_to_person_flag",
        "pinned_to_project_flag", "pinned_to_task_flag",
    ]);

    public static StoredNote Create(int id, JsonObject body, WriteContext context)
    {
        RecordRules.CheckKeys(body, Keys, "note");
        if (!body.ContainsKey("content"))
        {
            throw RequestRejected.BadRequest("content is required");
        }

        var blank = new StoredNote(id, string.Empty, context.CurrentUserId, null, null, null, null, true, context.Now, context.Now, false, false, false);
        var note = Apply(blank, body, context);
        if (note.DealId is null && note.PersonId is null && note.OrgId is null)
        {
            throw RequestRejected.BadRequest("A note must be attached to a deal, person, organization, lead or project: give one of deal_id, person_id, org_id, lead_id, project_id");
        }

        return note;
    }

    public static StoredNote Update(StoredNote current, JsonObject body, WriteContext context)
    {
        RecordRules.CheckKeys(body, Keys, "note");
        RecordRules.RequireSomething(body);
        var note = Apply(current, body, context) with { UpdateTime = context.Now, LastUpdateUserId = context.CurrentUserId };
        return note.DealId is null && note.PersonId is null && note.OrgId is null
            ? throw RequestRejected.BadRequest("A note must stay attached to a deal, person, organization, lead or project")
            : note;
    }

    private static StoredNote Apply(StoredNote note, JsonObject body, WriteContext context)
    {
        var references = context.References;
        foreach (var (key, what) in new[] { ("lead_id", "lead"), ("project_id", "project"), ("task_id", "task") })
        {
            // The sandbox holds no leads, projects or tasks, so no id of theirs can be valid.
            if (body.TryGetPropertyValue(key, out var node) && node is not null)
            {
                throw RequestRejected.BadRequest($"{key}: {what} {node.ToJsonString()} does not exist");
            }
        }

        if (body.TryGetPropertyValue("content", out var content))
        {
            note = note with { Content = JsonRules.RequiredText(content, "content", ContentLimit) };
        }

        if (body.TryGetPropertyValue("deal_id", out var deal))
        {
            note = note with { DealId = RecordRules.Reference(deal, "deal_id", "deal", references.DealExists) };
        }

        if (body.TryGetPropertyValue("person_id", out var person))
        {
            note = note with { PersonId = RecordRules.Reference(person, "person_id", "person", references.PersonExists) };
        }

        if (body.TryGetPropertyValue("org_id", out var org))
        {
            note = note with { OrgId = RecordRules.Reference(org, "org_id", "organization", references.OrganizationExists) };
        }

        if (body.TryGetPropertyValue("user_id", out var user))
        {
            note = note with { UserId = RecordRules.Owner(user, context, "user_id") };
        }

        if (body.TryGetPropertyValue("add_time", out var addTime) && JsonRules.OptionalV1Time(addTime, "add_time") is { } added)
        {
            note = note with { AddTime = added };
        }

        note = note with
        {
            PinnedToDeal = JsonRules.OptionalFlag(body["pinned_to_deal_flag"], "pinned_to_deal_flag") ?? note.PinnedToDeal,
            PinnedToOrganization = JsonRules.OptionalFlag(body["pinned_to_organization_flag"], "pinned_to_organization_flag") ?? note.PinnedToOrganization,
            PinnedToPerson = JsonRules.OptionalFlag(body["pinned_to_person_flag"], "pinned_to_person_flag") ?? note.PinnedToPerson,
        };
        foreach (var flag in new[] { "pinned_to_lead_flag", "pinned_to_project_flag", "pinned_to_task_flag" })
        {
            if (JsonRules.OptionalFlag(body[flag], flag) == true)
            {
                throw RequestRejected.BadRequest($"{flag}: the note is not attached to that kind of record");
            }
        }

        return note;
    }
}
