using System.Text.Json;
using Migration.Domain.Mapping;
using Migration.Domain.Persons;

namespace Migration.Pipedrive;

/// <summary>
/// A delta sync's update of one person: the PATCH body holding only the fields whose values differ from what Pipedrive
/// holds now (<see cref="PersonReadBack"/> decides which), and the body that would put the replaced values back (the
/// before-image a rollback sends). <see cref="Fields"/> names the changed fields as the read-back does.
/// </summary>
public sealed record PersonUpdate(IReadOnlyList<string> Fields, PersonWrite Patch, PersonWrite Restore)
{
    public bool IsEmpty => Fields.Count == 0;

    public static PersonUpdate Plan(PersonDraft draft, Person current, ProvisionedSchema schema, OwnerDirectory? owners, OrganizationDirectory? organizations)
    {
        ArgumentNullException.ThrowIfNull(current);
        ArgumentNullException.ThrowIfNull(schema);
        var changed = PersonReadBack.Mismatches(PersonReadBack.Compare(draft, current, schema, owners, organizations)).Select(r => r.Field).ToList();
        var full = PersonWriter.ToWrite(draft, schema, owners, organizations);
        PersonWrite patch = new(), restore = new();
        Dictionary<string, object?> patchCustom = new(StringComparer.Ordinal), restoreCustom = new(StringComparer.Ordinal);
        foreach (var field in changed)
        {
            switch (field)
            {
                case "Name":
                    (patch, restore) = (patch with { Name = full.Name }, restore with { Name = current.Name });
                    break;
                case "Email":
                    (patch, restore) = (patch with { Emails = full.Emails ?? [] }, restore with { Emails = current.Emails ?? [] });
                    break;
                case "Phone":
                    (patch, restore) = (patch with { Phones = full.Phones ?? [] }, restore with { Phones = current.Phones ?? [] });
                    break;
                case "Owner":
                    (patch, restore) = (patch with { OwnerId = full.OwnerId }, restore with { OwnerId = current.OwnerId });
                    break;
                case "Organization":
                    (patch, restore) = (patch with { OrgId = full.OrgId }, restore with { OrgId = current.OrgId });
                    break;
                case "Labels":
                    (patch, restore) = (patch with { LabelIds = full.LabelIds ?? [] }, restore with { LabelIds = current.LabelIds ?? [] });
                    break;
                default:
                    if (schema.Field(FieldEntity.Person, field) is not { } custom)
                        continue;
                    // Absent from the full body means empty now: null clears the field.
                    patchCustom[custom.Key] = full.CustomFields is { } values && values.TryGetValue(custom.Key, out var value) ? value : null;
                    restoreCustom[custom.Key] = current.CustomFields is { } held && held.TryGetValue(custom.Key, out var old) && old is { ValueKind: not JsonValueKind.Null } ? old : null;
                    break;
            }
        }
        if (patchCustom.Count > 0)
            (patch, restore) = (patch with { CustomFields = patchCustom }, restore with { CustomFields = restoreCustom });
        return new PersonUpdate(changed, patch, restore);
    }
}
