using System.Collections.Frozen;
using System.Text.Json.Nodes;
using Migration.Sandbox.Dataset;

namespace Migration.Sandbox.Pipedrive;

/// <summary>
/// One simulated Pipedrive company: its person fields and persons. Every read and write goes through one lock;
/// persons and fields are immutable records, so snapshots handed out stay consistent after the lock is released.
/// </summary>
internal sealed class PipedriveAccount : CustomFieldValueRules.IReferences
{
    /// <summary>The account's only user, who owns everything by default.</summary>
    public const int CompanyUserId = 1;

    private readonly Lock gate = new();
    private readonly int seed;
    private readonly TimeProvider clock;

    private DeterministicRandom keys = null!;
    private List<PersonField> fields = null!;
    private SortedDictionary<int, StoredPerson> persons = null!;
    private FrozenSet<int> labelIds = null!;
    private int nextPersonId;
    private int nextOptionId;

    public PipedriveAccount(int seed, TimeProvider clock)
    {
        this.seed = seed;
        this.clock = clock;
        Reset();
    }

    /// <summary>Back to a fresh account with the same seed: built-in fields only, no persons.</summary>
    public void Reset()
    {
        lock (gate)
        {
            keys = new DeterministicRandom(unchecked((ulong)(uint)seed * 0x2545F4914F6CDD1DUL + 0x5EED));

            // Label option ids differ per account (LBL); a seeded base makes that visible to clients that hard-code them.
            nextOptionId = keys.Next(10, 900);
            var created = Now();
            var labels = new[] { ("Customer", "green"), ("Hot lead", "red"), ("Warm lead", "yellow"), ("Cold lead", "blue") }
                .Select(l => new FieldOption(nextOptionId++, l.Item1, l.Item2, created, created))
                .ToArray();
            labelIds = labels.Select(l => (int)l.Id).ToFrozenSet();

            string[] visibility = ["1", "3", "5", "7"];
            fields =
            [
                new("name", "Name", "varchar", false, null, null),
                new("first_name", "First name", "varchar", false, null, null),
                new("last_name", "Last name", "varchar", false, null, null),
                new("owner_id", "Owner", "user", false, null, null),
                new("org_id", "Organization", "org", false, null, null),
                new("emails", "Email", "varchar", false, null, null),
                new("phones", "Phone", "phone", false, null, null),
                new("label_ids", "Labels", "set", false, labels, null),
                new("visible_to", "Visible to", "visible_to", false,
                    visibility.Select(v => new FieldOption(v, $"Visibility {v}", null, null, null)).ToArray(), null),
                new("add_time", "Person created", "date", false, null, null),
                new("update_time", "Update time", "date", false, null, null),
                new("picture_id", "Profile picture", "picture", false, null, null),
                new("open_deals_count", "Open deals", "int", false, null, null, IsOptionalResponse: true),
            ];
            persons = [];
            nextPersonId = 1;
        }
    }

    public IReadOnlyList<PersonField> Fields()
    {
        lock (gate)
        {
            return [.. fields];
        }
    }

    public PersonField? FindField(string code)
    {
        lock (gate)
        {
            return fields.FirstOrDefault(f => f.FieldCode == code);
        }
    }

    public PersonField AddField(string name, string fieldType, IReadOnlyList<string>? optionLabels)
    {
        lock (gate)
        {
            // A fresh 40-character hex key per account, never reused: clients must resolve keys, not assume them.
            string code;
            do
            {
                code = keys.Hex(40);
            }
            while (fields.Any(f => f.FieldCode == code));

            var now = Now();
            var options = FieldTypes.HasOptions(fieldType)
                ? optionLabels!.Select(label => new FieldOption(nextOptionId++, label, null, now, now)).ToArray()
                : null;
            var field = new PersonField(code, name, fieldType, IsCustom: true, options, FieldTypes.SubfieldsFor(code, fieldType));
            fields.Add(field);
            return field;
        }
    }

    public StoredPerson AddPerson(JsonObject body)
    {
        lock (gate)
        {
            var person = PersonWriteRules.Create(nextPersonId, body, WriteContext());
            persons.Add(person.Id, person);
            nextPersonId++;
            return person;
        }
    }

    public StoredPerson UpdatePerson(int id, JsonObject body)
    {
        lock (gate)
        {
            // A deleted person cannot be edited (v2 has no restore and PATCH cannot undelete).
            if (!persons.TryGetValue(id, out var current) || current.IsDeleted)
            {
                throw RequestRejected.NotFound("Person not found");
            }

            var updated = PersonWriteRules.Update(current, body, WriteContext());
            persons[id] = updated;
            return updated;
        }
    }

    public StoredPerson? FindPerson(int id)
    {
        lock (gate)
        {
            return persons.GetValueOrDefault(id);
        }
    }

    /// <summary>Soft delete: the person stays, flagged, with update_time set to the deletion time.</summary>
    public void DeletePerson(int id)
    {
        lock (gate)
        {
            if (!persons.TryGetValue(id, out var current) || current.IsDeleted)
            {
                throw RequestRejected.NotFound("Person not found");
            }

            persons[id] = current with { IsDeleted = true, UpdateTime = Now() };
        }
    }

    /// <summary>Every person in id order, deleted ones included.</summary>
    public IReadOnlyList<StoredPerson> Persons()
    {
        lock (gate)
        {
            return [.. persons.Values];
        }
    }

    public bool UserExists(int id) => id == CompanyUserId;

    public bool PersonExists(int id)
    {
        // Re-entrant: the write rules call this while the lock is already held.
        lock (gate)
        {
            return persons.TryGetValue(id, out var person) && !person.IsDeleted;
        }
    }

    private PersonWriteRules.Context WriteContext() => new(
        fields.Where(f => f.IsCustom).ToDictionary(f => f.FieldCode, StringComparer.Ordinal),
        labelIds,
        this,
        Now());

    // Whole seconds, as Pipedrive returns them; also keeps time-sorted cursors exact.
    private DateTimeOffset Now()
    {
        var now = clock.GetUtcNow();
        return now.AddTicks(-(now.Ticks % TimeSpan.TicksPerSecond));
    }
}
