using System.Collections.Frozen;
using System.Collections.Immutable;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Migration.Sandbox.Pipedrive;

/// <summary>POST and PATCH /organizations bodies (spec addOrganization/updateOrganization, pipedrive-api.md §7.2).</summary>
internal static class OrganizationWriteRules
{
    private static readonly FrozenSet<string> CreateKeys = FrozenSet.ToFrozenSet(
    [
        "name", "owner_id", "add_time", "visible_to", "label_ids", "address", "website", "linkedin", "industry",
        "annual_revenue", "employee_count", "custom_fields",
    ]);

    private static readonly FrozenSet<string> UpdateKeys = FrozenSet.ToFrozenSet(CreateKeys.Where(k => k != "add_time"));

    public static StoredOrganization Create(int id, JsonObject body, WriteContext context)
    {
        RecordRules.CheckKeys(body, CreateKeys, "organization", " (custom fields go under custom_fields, keyed by field_code)");
        if (!body.ContainsKey("name"))
        {
            throw RequestRejected.BadRequest("name is required");
        }

        var blank = new StoredOrganization(
            id, string.Empty, context.CurrentUserId, context.Now, context.Now, IsDeleted: false, VisibleTo: 3, null, [],
            null, null, null, null, null, ImmutableDictionary<string, JsonElement>.Empty);
        var organization = Apply(blank, body, context);
        return JsonRules.OptionalTimestamp(body["add_time"], "add_time") is { } addTime ? organization with { AddTime = addTime } : organization;
    }

    public static StoredOrganization Update(StoredOrganization current, JsonObject body, WriteContext context)
    {
        RecordRules.CheckKeys(body, UpdateKeys, "organization", " (custom fields go under custom_fields, keyed by field_code)");
        RecordRules.RequireSomething(body);
        return Apply(current, body, context) with { UpdateTime = context.Now };
    }

    private static StoredOrganization Apply(StoredOrganization organization, JsonObject body, WriteContext context)
    {
        if (body.TryGetPropertyValue("name", out var name))
        {
            organization = organization with { Name = JsonRules.RequiredText(name, "name", RecordRules.NameLimit) };
        }

        if (body.TryGetPropertyValue("owner_id", out var owner))
        {
            organization = organization with { OwnerId = RecordRules.Owner(owner, context) };
        }

        if (body.TryGetPropertyValue("visible_to", out var visibleTo))
        {
            organization = organization with { VisibleTo = RecordRules.VisibleTo(visibleTo) };
        }

        if (body.TryGetPropertyValue("label_ids", out var labels))
        {
            organization = organization with { LabelIds = RecordRules.LabelIds(labels, context.LabelIds) };
        }

        if (body.TryGetPropertyValue("address", out var address))
        {
            organization = organization with { Address = RecordRules.Address(address, "address") };
        }

        if (body.TryGetPropertyValue("website", out var website))
        {
            organization = organization with { Website = JsonRules.OptionalString(website, "website", CustomFieldValueRules.VarcharLimit) };
        }

        if (body.TryGetPropertyValue("linkedin", out var linkedin))
        {
            organization = organization with { Linkedin = JsonRules.OptionalString(linkedin, "linkedin", CustomFieldValueRules.VarcharLimit) };
        }

        if (body.TryGetPropertyValue("industry", out var industry))
        {
            // industry is an option id of the built-in enum field of the same name.
            var id = JsonRules.OptionalInt(industry, "industry");
            organization = id is null || context.Fields.GetValueOrDefault("industry")?.FindOption(id.Value) is not null
                ? organization with { Industry = id }
                : throw RequestRejected.BadRequest($"industry: option {id} does not exist on the industry field");
        }

        if (body.TryGetPropertyValue("annual_revenue", out var revenue))
        {
            organization = organization with { AnnualRevenue = NonNegative(revenue, "annual_revenue") };
        }

        if (body.TryGetPropertyValue("employee_count", out var employees))
        {
            organization = organization with { EmployeeCount = NonNegative(employees, "employee_count") };
        }

        return organization with { CustomFields = RecordRules.CustomFields(organization.CustomFields, body["custom_fields"], context) };
    }

    private static int? NonNegative(JsonNode? node, string path) =>
        JsonRules.OptionalInt(node, path) is { } value && value < 0
            ? throw RequestRejected.BadRequest($"{path} must not be negative")
            : JsonRules.OptionalInt(node, path);
}
