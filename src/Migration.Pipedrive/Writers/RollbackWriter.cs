using System.Text.Json;

namespace Migration.Pipedrive;

/// <summary>
/// Undoes what the run wrote, one kind of record at a time (the id ledger's object types: person, organization, deal,
/// activity and touchpoint (activities), filter), through the governed client: reads what is there now (100 ids per
/// request; deleted records are absent), deletes, or writes a before-image back. A delete answered 404 or 410 means
/// the record is already gone, which is what a delete wanted.
/// </summary>
public sealed class RollbackWriter(PipedriveClient client)
{
    /// <summary>The records of <paramref name="ids"/> Pipedrive still has (not deleted), with their update_time now.</summary>
    public async Task<IReadOnlyDictionary<long, string?>> ReadCurrentAsync(string objectType, IReadOnlyCollection<long> ids, CancellationToken cancellationToken)
    {
        if (ids.Count == 0)
            return new Dictionary<long, string?>();
        IEnumerable<(long Id, string? UpdateTime, bool Live)> current = objectType switch
        {
            "person" => (await client.GetPersonsByIdsAsync(ids, cancellationToken).ConfigureAwait(false)).Select(p => (p.Id, p.UpdateTime, p.IsDeleted != true)),
            "organization" => (await client.GetOrganizationsByIdsAsync(ids, cancellationToken).ConfigureAwait(false)).Select(o => (o.Id, o.UpdateTime, o.IsDeleted != true)),
            "deal" => (await client.GetDealsByIdsAsync(ids, cancellationToken).ConfigureAwait(false)).Select(d => (d.Id, d.UpdateTime, d.IsDeleted != true)),
            "activity" or "touchpoint" => (await client.GetActivitiesByIdsAsync(ids, cancellationToken).ConfigureAwait(false)).Select(a => (a.Id, a.UpdateTime, a.IsDeleted != true)),
            // v1 lists every filter of the account in one request; a deleted filter is inactive.
            "filter" => (await client.GetFiltersAsync(null, cancellationToken).ConfigureAwait(false)).Where(f => ids.Contains(f.Id)).Select(f => (f.Id, f.UpdateTime, f.ActiveFlag != false)),
            _ => throw new ArgumentException($"'{objectType}' is not a kind of record a rollback undoes.", nameof(objectType)),
        };
        return current.Where(c => c.Live).DistinctBy(c => c.Id).ToDictionary(c => c.Id, c => c.UpdateTime);
    }

    /// <summary>Deletes the record: true when this call deleted it, false when it was already gone (404/410).</summary>
    public async Task<bool> DeleteAsync(string objectType, long id, CancellationToken cancellationToken)
    {
        try
        {
            switch (objectType)
            {
                case "person": await client.DeletePersonAsync(id, cancellationToken).ConfigureAwait(false); break;
                case "organization": await client.DeleteOrganizationAsync(id, cancellationToken).ConfigureAwait(false); break;
                case "deal": await client.DeleteDealAsync(id, cancellationToken).ConfigureAwait(false); break;
                case "activity" or "touchpoint": await client.DeleteActivityAsync(id, cancellationToken).ConfigureAwait(false); break;
                case "filter": await client.DeleteFilterAsync(id, cancellationToken).ConfigureAwait(false); break;
                default: throw new ArgumentException($"'{objectType}' is not a kind of record a rollback undoes.", nameof(objectType));
            }
            return true;
        }
        catch (PipedriveNotFoundException)
        {
            return false;
        }
    }

    /// <summary>
    /// Writes a before-image back (<see cref="BeforeImageOf(Person)"/> and its siblings: the record's writable values as
    /// they were before the run changed them, as the v2 PATCH body). Returns Pipedrive's update_time after the write.
    /// </summary>
    public async Task<string?> RestoreAsync(string objectType, long id, string beforeImage, CancellationToken cancellationToken) => objectType switch
    {
        "person" => (await client.UpdatePersonAsync(id, Read<PersonWrite>(beforeImage), cancellationToken).ConfigureAwait(false)).UpdateTime,
        "organization" => (await client.UpdateOrganizationAsync(id, Read<OrganizationWrite>(beforeImage), cancellationToken).ConfigureAwait(false)).UpdateTime,
        "deal" => (await client.UpdateDealAsync(id, Read<DealWrite>(beforeImage), cancellationToken).ConfigureAwait(false)).UpdateTime,
        "activity" or "touchpoint" => (await client.UpdateActivityAsync(id, Read<ActivityWrite>(beforeImage), cancellationToken).ConfigureAwait(false)).UpdateTime,
        _ => throw new ArgumentException($"'{objectType}' has no before-image a rollback can write back.", nameof(objectType)),
    };

    /// <summary>
    /// A person's before-image: what a writer that updates an existing person stores (in the run's
    /// <c>before-images/</c>, named by the ledger row) before its PATCH. No writer updates existing records today.
    /// Custom fields are kept as Pipedrive answered them, so a field the run filled on an empty record is cleared again.
    /// </summary>
    public static string BeforeImageOf(Person person, IEnumerable<string> touchedFields)
    {
        ArgumentNullException.ThrowIfNull(person);
        return JsonSerializer.Serialize(new PersonWrite
        {
            Name = person.Name,
            OwnerId = person.OwnerId,
            OrgId = person.OrgId,
            Emails = person.Emails ?? [],
            Phones = person.Phones ?? [],
            LabelIds = person.LabelIds ?? [],
            CustomFields = Fields(person.CustomFields, touchedFields),
        }, PipedriveJson.Options);
    }

    /// <summary>An organization's before-image (see <see cref="BeforeImageOf(Person, IEnumerable{string})"/>).</summary>
    public static string BeforeImageOf(Organization organization, IEnumerable<string> touchedFields)
    {
        ArgumentNullException.ThrowIfNull(organization);
        return JsonSerializer.Serialize(new OrganizationWrite
        {
            Name = organization.Name,
            OwnerId = organization.OwnerId,
            LabelIds = organization.LabelIds ?? [],
            CustomFields = Fields(organization.CustomFields, touchedFields),
        }, PipedriveJson.Options);
    }

    /// <summary>The fields an update touches, with the values they had (null for empty, which the PATCH clears).</summary>
    private static Dictionary<string, object?> Fields(IReadOnlyDictionary<string, JsonElement?>? current, IEnumerable<string> touched) =>
        touched.Distinct(StringComparer.Ordinal).ToDictionary(
            key => key,
            key => current is not null && current.TryGetValue(key, out var value) && value is { ValueKind: not JsonValueKind.Null } v ? (object?)v : null,
            StringComparer.Ordinal);

    private static T Read<T>(string json) => JsonSerializer.Deserialize<T>(json, PipedriveJson.Options)
        ?? throw new ArgumentException("The before-image is empty.", nameof(json));
}
