using System.Collections.Frozen;
using System.Collections.Immutable;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Migration.Sandbox.Pipedrive;

/// <summary>
/// Validation of POST and PATCH /persons bodies, as v2 applies it (spec addPerson/updatePerson, pipedrive-api.md §7.1).
/// Stricter than the spec on one point on purpose: unknown top-level properties are refused (<see cref="RecordRules.CheckKeys"/>).
/// </summary>
internal static class PersonWriteRules
{
    public const int NameLimit = RecordRules.NameLimit;

    private static readonly FrozenSet<string> CreateKeys = FrozenSet.ToFrozenSet(
        ["name", "first_name", "last_name", "owner_id", "org_id", "add_time", "emails", "phones", "visible_to", "label_ids", "custom_fields"]);

    // PATCH cannot back-date: add_time is not in the spec's update body.
    private static readonly FrozenSet<string> UpdateKeys = FrozenSet.ToFrozenSet(CreateKeys.Where(k => k != "add_time"));

    private static readonly FrozenSet<string> NotEnabledKeys = FrozenSet.ToFrozenSet(
        ["postal_address", "notes", "im", "birthday", "job_title", "marketing_status"]);

    public static StoredPerson Create(int id, JsonObject body, WriteContext context)
    {
        CheckKeys(body, CreateKeys);
        var blank = new StoredPerson(
            id, string.Empty, null, null, context.CurrentUserId, null, context.Now, context.Now,
            [], [], IsDeleted: false, VisibleTo: 3, [], null, ImmutableDictionary<string, JsonElement>.Empty);
        var person = Apply(blank, body, context, creating: true);
        return JsonRules.OptionalTimestamp(body["add_time"], "add_time") is { } addTime ? person with { AddTime = addTime } : person;
    }

    public static StoredPerson Update(StoredPerson current, JsonObject body, WriteContext context)
    {
        CheckKeys(body, UpdateKeys);
        RecordRules.RequireSomething(body);
        return Apply(current, body, context, creating: false) with { UpdateTime = context.Now };
    }

    private static void CheckKeys(JsonObject body, FrozenSet<string> allowed)
    {
        foreach (var (key, _) in body)
        {
            if (NotEnabledKeys.Contains(key))
            {
                throw RequestRejected.BadRequest($"{key} is not available: contact sync and Campaigns are not enabled in this account");
            }
        }

        RecordRules.CheckKeys(body, allowed, "person", " (custom fields go under custom_fields, keyed by field_code)");
    }

    private static StoredPerson Apply(StoredPerson person, JsonObject body, WriteContext context, bool creating)
    {
        person = ApplyNames(person, body, creating);

        if (body.TryGetPropertyValue("owner_id", out var owner))
        {
            person = person with { OwnerId = RecordRules.Owner(owner, context) };
        }

        if (body.TryGetPropertyValue("org_id", out var org))
        {
            person = person with { OrgId = RecordRules.Reference(org, "org_id", "organization", context.References.OrganizationExists) };
        }

        if (body.TryGetPropertyValue("emails", out var emails))
        {
            person = person with { Emails = Contacts(emails, "emails") };
        }

        if (body.TryGetPropertyValue("phones", out var phones))
        {
            person = person with { Phones = Contacts(phones, "phones") };
        }

        if (body.TryGetPropertyValue("visible_to", out var visibleTo))
        {
            person = person with { VisibleTo = RecordRules.VisibleTo(visibleTo) };
        }

        if (body.TryGetPropertyValue("label_ids", out var labels))
        {
            person = person with { LabelIds = RecordRules.LabelIds(labels, context.LabelIds) };
        }

        return person with { CustomFields = RecordRules.CustomFields(person.CustomFields, body["custom_fields"], context) };
    }

    private static StoredPerson ApplyNames(StoredPerson person, JsonObject body, bool creating)
    {
        var hasName = body.TryGetPropertyValue("name", out var nameNode);
        var hasFirst = body.TryGetPropertyValue("first_name", out var firstNode);
        var hasLast = body.TryGetPropertyValue("last_name", out var lastNode);
        var name = JsonRules.OptionalString(nameNode, "name", NameLimit);
        var first = JsonRules.OptionalString(firstNode, "first_name", NameLimit);
        var last = JsonRules.OptionalString(lastNode, "last_name", NameLimit);

        if (!hasName && !hasFirst && !hasLast)
        {
            return creating ? throw RequestRejected.BadRequest("Name must be given.") : person;
        }

        if (hasName && !string.IsNullOrWhiteSpace(name))
        {
            if (!hasFirst && !hasLast)
            {
                // Derived by splitting, as Pipedrive does when only name is sent.
                var split = name.Trim().Split(' ', 2, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
                first = split[0];
                last = split.Length > 1 ? split[1] : null;
            }
            else
            {
                first = hasFirst ? first : person.FirstName;
                last = hasLast ? last : person.LastName;
            }

            return person with { Name = name, FirstName = first, LastName = last };
        }

        if (hasName)
        {
            // An explicit empty name clears nothing: a person always has a name.
            throw RequestRejected.BadRequest("Name must be given.");
        }

        if (creating && !(hasFirst && hasLast))
        {
            throw RequestRejected.BadRequest("Name must be given (name, or both first_name and last_name).");
        }

        first = hasFirst ? first : person.FirstName;
        last = hasLast ? last : person.LastName;
        var joined = string.Join(' ', new[] { first, last }.Where(p => !string.IsNullOrWhiteSpace(p))).Trim();
        if (joined.Length == 0)
        {
            throw RequestRejected.BadRequest("Name must be given.");
        }

        if (joined.Length > NameLimit)
        {
            throw RequestRejected.BadRequest($"name must be at most {NameLimit} characters (got {joined.Length})");
        }

        return person with { Name = joined, FirstName = first, LastName = last };
    }

    private static ImmutableArray<ContactValue> Contacts(JsonNode? node, string path)
    {
        var items = JsonRules.OptionalArray(node, path);
        if (items is null)
        {
            return [];
        }

        var parsed = new List<(string Value, bool? Primary, string Label)>(items.Count);
        for (var i = 0; i < items.Count; i++)
        {
            var itemPath = $"{path}[{i}]";
            var item = items[i] as JsonObject
                ?? throw RequestRejected.BadRequest($"{itemPath} must be an object {{value, primary, label}}");
            JsonRules.OnlyKnownKeys(item, itemPath, ["value", "primary", "label"]);
            var value = JsonRules.RequiredString(item["value"], itemPath + ".value", CustomFieldValueRules.VarcharLimit);
            if (string.IsNullOrWhiteSpace(value))
            {
                throw RequestRejected.BadRequest($"{itemPath}.value must not be empty");
            }

            var primary = JsonRules.OptionalBool(item["primary"], itemPath + ".primary");
            var label = JsonRules.OptionalString(item["label"], itemPath + ".label", CustomFieldValueRules.VarcharLimit) ?? "work";
            parsed.Add((value, primary, label));
        }

        if (parsed.Count(p => p.Primary == true) > 1)
        {
            throw RequestRejected.BadRequest($"{path}: at most one item can be primary");
        }

        // When none is marked, the first becomes primary.
        var hasPrimary = parsed.Any(p => p.Primary == true);
        return [.. parsed.Select((p, i) => new ContactValue(p.Value, p.Primary ?? (!hasPrimary && i == 0), p.Label))];
    }
}
