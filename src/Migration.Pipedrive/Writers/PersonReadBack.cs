using System.Text.Json;
using Migration.Domain.Mapping;
using Migration.Domain.Persons;

namespace Migration.Pipedrive;

/// <summary>One field of a person read back: what the draft meant, what Pipedrive holds, both as canonical text.</summary>
public sealed record FieldComparison(string Field, string Expected, string Actual, bool Match);

/// <summary>
/// Compares a person as Pipedrive holds it with the draft it was written from, field by field, in canonical
/// forms (<see cref="MappedValues"/>). Rows: Name, Email, Phone (primary values; emails case-insensitive), Owner,
/// Labels (order-insensitive) when the draft has labels or the schema has any, Netmera ID, every custom value of
/// the draft, and every other person field the map targets (<see cref="FieldPurposes.Mapped"/>) with an empty
/// expectation, so a value that should be absent but is present shows as a mismatch. Summary fields are compared
/// only when the draft carries them. Organization (given a directory, when either side has one): the Pipedrive id
/// the draft's organization resolves to, none when it was rejected. Owner: when the draft's owner resolves to nobody (no directory, no match and
/// no default) Pipedrive chose the owner, and the row matches whatever it holds.
/// </summary>
public static class PersonReadBack
{
    public static IReadOnlyList<FieldComparison> Compare(
        PersonDraft expected, Person actual, ProvisionedSchema schema, OwnerDirectory? owners, OrganizationDirectory? organizations = null)
    {
        ArgumentNullException.ThrowIfNull(expected);
        ArgumentNullException.ThrowIfNull(actual);
        ArgumentNullException.ThrowIfNull(schema);
        var rows = new List<FieldComparison>
        {
            Row("Name", expected.Name, actual.Name ?? ""),
            Row("Email", expected.Email ?? "", Primary(actual.Emails), StringComparison.OrdinalIgnoreCase),
            Row("Phone", expected.Phone ?? "", Primary(actual.Phones)),
        };

        var owner = owners?.Resolve(expected.Owner);
        var actualOwner = actual.OwnerId is { } id ? owners?.Describe(id) ?? $"#{id}" : "";
        rows.Add(owner is { } wanted
            ? new FieldComparison("Owner", owners!.Describe(wanted), actualOwner, actual.OwnerId == wanted)
            : new FieldComparison("Owner", "(Pipedrive's default)", actualOwner, true));

        // The organization the person should link to: none when it has none, or when its organization was rejected.
        if (organizations is not null && (expected.Organization is not null || actual.OrgId is not null))
        {
            var wantedOrganization = organizations.Resolve(expected.Organization);
            rows.Add(new FieldComparison("Organization", wantedOrganization is { } org ? $"#{org}" : "", actual.OrgId is { } held ? $"#{held}" : "",
                wantedOrganization == actual.OrgId));
        }

        if (expected.Labels.Count > 0 || schema.PersonLabels.Count > 0)
        {
            var wantedLabels = MappedValues.Labels(expected.Labels.Where(l => !string.IsNullOrWhiteSpace(l)).Select(l => schema.PersonLabel(l)?.Name ?? l.Trim()));
            var actualLabels = MappedValues.Labels((actual.LabelIds ?? []).Select(l => schema.PersonLabel(l)?.Name ?? $"#{l}"));
            rows.Add(Row("Labels", wantedLabels, actualLabels));
        }

        var netmeraId = schema.NetmeraId(FieldEntity.Person);
        rows.Add(Row(netmeraId.Name, expected.NetmeraId, MappedValues.Actual(Value(actual, netmeraId.Key), netmeraId)));

        var compared = new HashSet<string>(StringComparer.Ordinal) { netmeraId.Key };
        foreach (var value in expected.CustomValues)
        {
            if (schema.Field(FieldEntity.Person, value.FieldName) is not { } field)
            {
                rows.Add(new FieldComparison(value.FieldName, value.Text ?? value.Number?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "",
                    "(no such field in the schema)", false));
                continue;
            }
            compared.Add(field.Key);
            rows.Add(Row(field.Name, MappedValues.Expected(value, field), MappedValues.Actual(Value(actual, field.Key), field)));
        }

        foreach (var field in schema.Fields.Where(f => f.Entity == FieldEntity.Person && f.Purpose == FieldPurposes.Mapped && !compared.Contains(f.Key)))
            rows.Add(Row(field.Name, "", MappedValues.Actual(Value(actual, field.Key), field)));

        return rows;
    }

    /// <summary>Only the rows that differ.</summary>
    public static IReadOnlyList<FieldComparison> Mismatches(IReadOnlyList<FieldComparison> rows) => [.. rows.Where(r => !r.Match)];

    private static FieldComparison Row(string field, string expected, string actual, StringComparison comparison = StringComparison.Ordinal) =>
        new(field, expected, actual, string.Equals(expected.Trim(), actual.Trim(), comparison));

    private static string Primary(IReadOnlyList<ContactValue>? values) =>
        (values?.FirstOrDefault(v => v.Primary == true) ?? values?.FirstOrDefault())?.Value ?? "";

    private static JsonElement? Value(Person person, string key) =>
        person.CustomFields is { } fields && fields.TryGetValue(key, out var value) ? value : null;
}
