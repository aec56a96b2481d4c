using Migration.Domain.Mapping;
using Migration.Domain.Persons;

namespace Migration.Workflow;

/// <summary>
/// The person fields, by the names the verification report uses, that an approved map writes and that
/// one person draft fills: what the sample selection needs to cover every mapped field at least once.
/// </summary>
public static class SampleFields
{
    public const string Name = "Name";
    public const string Email = "Email";
    public const string Phone = "Phone";
    public const string Owner = "Owner";
    public const string Labels = "Labels";

    /// <summary>Every person field the map writes from a user's own data (event summaries come from events, not users).</summary>
    public static IReadOnlyList<string> Targets(FieldMap map)
    {
        var targets = new List<string>();
        foreach (var line in map.Lines.Where(l => l.Target.Entity == TargetEntities.Person))
        {
            var name = line.Target.Kind switch
            {
                TargetKinds.Custom => line.Target.Name,
                TargetKinds.Label => Labels,
                TargetKinds.Standard => line.Target.Name switch
                {
                    "name" => Name,
                    "emails" => Email,
                    "phones" => Phone,
                    "owner_id" => Owner,
                    "label_ids" => Labels,
                    _ => null,
                },
                _ => null,
            };
            if (name is not null && !targets.Contains(name, StringComparer.OrdinalIgnoreCase))
                targets.Add(name);
        }
        return targets;
    }

    /// <summary>The fields this draft gives a value.</summary>
    public static IReadOnlyList<string> Filled(PersonDraft person)
    {
        var filled = new List<string> { Name, SchemaRequirements.NetmeraIdFieldName };
        if (person.Email is not null)
            filled.Add(Email);
        if (person.Phone is not null)
            filled.Add(Phone);
        if (person.Owner is not null)
            filled.Add(Owner);
        if (person.Labels.Count > 0)
            filled.Add(Labels);
        filled.AddRange(person.CustomValues.Select(v => v.FieldName));
        return filled;
    }
}
