using System.Collections.Frozen;
using System.Globalization;
using System.Text.Json;

namespace Migration.Sandbox.Pipedrive;

/// <summary>
/// The search endpoints: /persons/search, /organizations/search, /deals/search, /itemSearch and /itemSearch/field
/// (spec searchPersons, searchOrganization, searchDeals, searchItem, searchItemByField). Matching is
/// case-insensitive (exact with exact_match, else substring) except field search, which the spec calls case
/// sensitive. Scores are deterministic so tests can rely on the order: exact 1, prefix 0.75, substring 0.5.
/// </summary>
internal static class RecordSearch
{
    /// <summary>Entity searches wrap itemSearch, whose pages hold at most 100 items; larger limits are capped, not refused.</summary>
    public const int MaxPage = 100;

    public static readonly FrozenSet<string> PersonFields = FrozenSet.ToFrozenSet(["custom_fields", "email", "notes", "phone", "name"]);
    public static readonly FrozenSet<string> OrganizationFields = FrozenSet.ToFrozenSet(["address", "custom_fields", "notes", "name"]);
    public static readonly FrozenSet<string> DealFields = FrozenSet.ToFrozenSet(["custom_fields", "notes", "title"]);

    /// <summary>itemSearch: item types the spec lists; the sandbox holds only deals, persons and organizations.</summary>
    public static readonly FrozenSet<string> ItemTypes = FrozenSet.ToFrozenSet(["deal", "person", "organization", "product", "lead", "file", "mail_attachment", "project"]);

    public static readonly FrozenSet<string> ItemFields = FrozenSet.ToFrozenSet(["address", "code", "custom_fields", "email", "name", "notes", "phone", "title", "description"]);

    public sealed record Result(IReadOnlyList<SearchHit> Hits, string? NextCursor);

    public static Result Persons(AccountSnapshot account, IQueryCollection query)
    {
        var (term, exact) = Term(query);
        var fields = Fields(query, PersonFields);
        var organizationId = QueryRules.OptionalInt(query, "organization_id");
        var hits = account.Persons
            .Where(p => !p.IsDeleted && (organizationId is null || p.OrgId == organizationId))
            .Select(p => MatchPerson(account, p, fields, term, exact))
            .OfType<SearchHit>();
        return Paged(hits, query, "persons/search", Math.Min(QueryRules.Limit(query), MaxPage));
    }

    public static Result Organizations(AccountSnapshot account, IQueryCollection query)
    {
        var (term, exact) = Term(query);
        var fields = Fields(query, OrganizationFields);
        var hits = account.Organizations.Where(o => !o.IsDeleted).Select(o => MatchOrganization(account, o, fields, term, exact)).OfType<SearchHit>();
        return Paged(hits, query, "organizations/search", Math.Min(QueryRules.Limit(query), MaxPage));
    }

    public static Result Deals(AccountSnapshot account, IQueryCollection query)
    {
        var (term, exact) = Term(query);
        var fields = Fields(query, DealFields);
        var personId = QueryRules.OptionalInt(query, "person_id");
        var organizationId = QueryRules.OptionalInt(query, "organization_id");
        var status = query["status"].ToString() is { Length: > 0 } s
            ? DealWriteRules.Statuses.Contains(s) ? s : throw RequestRejected.BadRequest("status must be one of open, won, lost")
            : null;
        var hits = account.Deals
            .Where(d => !d.IsDeleted && (personId is null || d.PersonId == personId) && (organizationId is null || d.OrgId == organizationId)
                && (status is null || d.Status == status))
            .Select(d => MatchDeal(account, d, fields, term, exact))
            .OfType<SearchHit>();
        return Paged(hits, query, "deals/search", Math.Min(QueryRules.Limit(query), MaxPage));
    }

    /// <summary>All item types at once; <c>limit</c> above 100 is refused here (the spec's maximum for itemSearch).</summary>
    public static Result Items(AccountSnapshot account, IQueryCollection query)
    {
        var (term, exact) = Term(query);
        var types = QueryRules.List(query, "item_types") ?? ItemTypes;
        if (types.FirstOrDefault(t => !ItemTypes.Contains(t)) is { } unknownType)
        {
            throw RequestRejected.BadRequest($"item_types: '{unknownType}' is not one of {string.Join(", ", ItemTypes.Order())}");
        }

        var fields = Fields(query, ItemFields);
        var limit = QueryRules.Limit(query, MaxPage);
        var hits = new List<SearchHit>();
        if (types.Contains("deal"))
        {
            hits.AddRange(account.Deals.Where(d => !d.IsDeleted).Select(d => MatchDeal(account, d, Only(fields, DealFields), term, exact)).OfType<SearchHit>());
        }

        if (types.Contains("person"))
        {
            hits.AddRange(account.Persons.Where(p => !p.IsDeleted).Select(p => MatchPerson(account, p, Only(fields, PersonFields), term, exact)).OfType<SearchHit>());
        }

        if (types.Contains("organization"))
        {
            hits.AddRange(account.Organizations.Where(o => !o.IsDeleted).Select(o => MatchOrganization(account, o, Only(fields, OrganizationFields), term, exact)).OfType<SearchHit>());
        }

        return Paged(hits, query, "itemSearch", limit);
    }

    /// <summary>
    /// Values of one field (by key) of one entity type; case-sensitive exact, beginning or middle match. Each hit
    /// is <c>{result_score, item: {id, name}}</c>: the schema's wrapper around the example's item.
    /// </summary>
    public static Result ByField(AccountSnapshot account, IQueryCollection query)
    {
        var term = query["term"].ToString();
        var entityType = query["entity_type"].ToString();
        var fieldKey = query["field"].ToString();
        var match = query["match"].ToString() is { Length: > 0 } m ? m : "exact";
        if (match is not ("exact" or "beginning" or "middle"))
        {
            throw RequestRejected.BadRequest("match must be one of exact, beginning, middle");
        }

        if (term.Length < (match == "exact" ? 1 : 2))
        {
            throw RequestRejected.BadRequest("term must be at least 2 characters long (or 1 with match=exact)");
        }

        if (entityType is not ("deal" or "lead" or "person" or "organization" or "product" or "project"))
        {
            throw RequestRejected.BadRequest("entity_type must be one of deal, lead, person, organization, product, project");
        }

        if (fieldKey.Length == 0)
        {
            throw RequestRejected.BadRequest("field is required");
        }

        var limit = QueryRules.Limit(query);
        IEnumerable<(int Id, string Name, IEnumerable<string> Values)> candidates = entityType switch
        {
            "person" => FieldValues(account.Fields[FieldEntity.Person], fieldKey, account.Persons.Where(p => !p.IsDeleted),
                p => p.Name, (p, key) => key switch
                {
                    "name" => [p.Name],
                    "emails" or "email" => p.Emails.Select(e => e.Value),
                    "phones" or "phone" => p.Phones.Select(e => e.Value),
                    _ => CustomText(account.Fields[FieldEntity.Person], p.CustomFields, key),
                }),
            "organization" => FieldValues(account.Fields[FieldEntity.Organization], fieldKey, account.Organizations.Where(o => !o.IsDeleted),
                o => o.Name, (o, key) => key switch
                {
                    "name" => [o.Name],
                    "address" => o.Address is { } a ? [a.Value] : [],
                    _ => CustomText(account.Fields[FieldEntity.Organization], o.CustomFields, key),
                }),
            "deal" => FieldValues(account.Fields[FieldEntity.Deal], fieldKey, account.Deals.Where(d => !d.IsDeleted),
                d => d.Title, (d, key) => key switch
                {
                    "title" => [d.Title],
                    _ => CustomText(account.Fields[FieldEntity.Deal], d.CustomFields, key),
                }),

            // Leads, products and projects: the sandbox holds none.
            _ => [],
        };

        var hits = candidates
            .Where(c => c.Values.Any(v => match switch
            {
                "exact" => v == term,
                "beginning" => v.StartsWith(term, StringComparison.Ordinal),
                _ => v.Contains(term, StringComparison.Ordinal),
            }))
            .Select(c => new SearchHit(1, new FieldSearchItem(c.Id, c.Name), entityType, c.Id));
        return Paged(hits, query, "itemSearch/field", limit);
    }

    private static IEnumerable<(int, string, IEnumerable<string>)> FieldValues<T>(
        IReadOnlyList<FieldDefinition> definitions, string key, IEnumerable<T> records, Func<T, string> name, Func<T, string, IEnumerable<string>> values)
        where T : IStoredRecord
    {
        var field = definitions.FirstOrDefault(f => f.FieldCode == key && !f.IsDeleted)
            ?? throw RequestRejected.BadRequest($"field: no field has the key '{key}' on this entity");
        if (field.IsCustom && !FieldTypes.Searchable.Contains(field.FieldType))
        {
            throw RequestRejected.BadRequest($"field: {field.FieldType} fields are not searchable (only {string.Join(", ", FieldTypes.Searchable.Order())})");
        }

        return records.Select(r => (r.Id, name(r), values(r, key)));
    }

    private static IEnumerable<string> CustomText(IReadOnlyList<FieldDefinition> definitions, IReadOnlyDictionary<string, JsonElement> values, string key) =>
        definitions.FirstOrDefault(f => f.FieldCode == key) is { } field && values.TryGetValue(key, out var value)
            && CustomFieldValueRules.SearchableText(field, value) is { } text
            ? [text]
            : [];

    private static SearchHit? MatchPerson(AccountSnapshot account, StoredPerson person, IReadOnlySet<string> fields, string term, bool exact)
    {
        var best = 0.0;
        if (fields.Contains("name"))
        {
            best = Math.Max(best, Score(person.Name, term, exact));
        }

        if (fields.Contains("email"))
        {
            best = person.Emails.Aggregate(best, (s, e) => Math.Max(s, Score(e.Value, term, exact)));
        }

        if (fields.Contains("phone"))
        {
            best = person.Phones.Aggregate(best, (s, p) => Math.Max(s, Math.Max(Score(p.Value, term, exact), Score(Digits(p.Value), Digits(term), exact))));
        }

        var (customScore, matchedCustom) = Custom(account.Fields[FieldEntity.Person], person.CustomFields, fields, term, exact);
        var (noteScore, matchedNotes) = Notes(account.Notes.Where(n => n.ActiveFlag && n.PersonId == person.Id), fields, term, exact);
        best = Math.Max(best, Math.Max(customScore, noteScore));
        if (best <= 0)
        {
            return null;
        }

        var organization = person.OrgId is { } orgId && account.Organizations.FirstOrDefault(o => o.Id == orgId) is { } org ? new SearchRef(org.Id, org.Name) : null;
        var item = new PersonSearchItem(
            person.Id, "person", person.Name, [.. person.Phones.Select(p => p.Value)], [.. person.Emails.Select(e => e.Value)],
            person.VisibleTo, new OwnerRef(person.OwnerId), organization, matchedCustom, matchedNotes);
        return new SearchHit(best, item, item.Type, item.Id);
    }

    private static SearchHit? MatchOrganization(AccountSnapshot account, StoredOrganization organization, IReadOnlySet<string> fields, string term, bool exact)
    {
        var best = 0.0;
        if (fields.Contains("name"))
        {
            best = Math.Max(best, Score(organization.Name, term, exact));
        }

        if (fields.Contains("address") && organization.Address is { } address)
        {
            best = Math.Max(best, Score(address.Value, term, exact));
        }

        var (customScore, matchedCustom) = Custom(account.Fields[FieldEntity.Organization], organization.CustomFields, fields, term, exact);
        var (noteScore, matchedNotes) = Notes(account.Notes.Where(n => n.ActiveFlag && n.OrgId == organization.Id), fields, term, exact);
        best = Math.Max(best, Math.Max(customScore, noteScore));
        return best <= 0
            ? null
            : new SearchHit(
                best,
                new OrganizationSearchItem(
                    organization.Id, "organization", organization.Name, organization.Address?.Value, organization.VisibleTo,
                    new OwnerRef(organization.OwnerId), matchedCustom, matchedNotes),
                "organization",
                organization.Id);
    }

    private static SearchHit? MatchDeal(AccountSnapshot account, StoredDeal deal, IReadOnlySet<string> fields, string term, bool exact)
    {
        var best = fields.Contains("title") ? Score(deal.Title, term, exact) : 0;
        var (customScore, matchedCustom) = Custom(account.Fields[FieldEntity.Deal], deal.CustomFields, fields, term, exact);
        var (noteScore, matchedNotes) = Notes(account.Notes.Where(n => n.ActiveFlag && n.DealId == deal.Id), fields, term, exact);
        best = Math.Max(best, Math.Max(customScore, noteScore));
        if (best <= 0)
        {
            return null;
        }

        var stage = account.Stages.FirstOrDefault(s => s.Id == deal.StageId);
        var person = deal.PersonId is { } personId && account.Persons.FirstOrDefault(p => p.Id == personId) is { } p ? new SearchRef(p.Id, p.Name) : null;
        var organization = deal.OrgId is { } orgId && account.Organizations.FirstOrDefault(o => o.Id == orgId) is { } o ? new SearchRef(o.Id, o.Name) : null;

        // The search schema types value as an integer, unlike the deal itself.
        var item = new DealSearchItem(
            deal.Id, "deal", deal.Title, (long)Math.Round(deal.Value), deal.Currency, deal.Status, deal.VisibleTo, new OwnerRef(deal.OwnerId),
            new SearchRef(deal.StageId, stage?.Name ?? string.Empty), person, organization, matchedCustom, matchedNotes, deal.IsArchived);
        return new SearchHit(best, item, item.Type, item.Id);
    }

    private static (double Score, IReadOnlyList<string> Matched) Custom(
        IReadOnlyList<FieldDefinition> definitions, IReadOnlyDictionary<string, JsonElement> values, IReadOnlySet<string> fields, string term, bool exact)
    {
        var matched = new List<string>();
        var best = 0.0;
        if (!fields.Contains("custom_fields"))
        {
            return (0, matched);
        }

        foreach (var field in definitions.Where(f => f.IsCustom && !f.IsDeleted && FieldTypes.Searchable.Contains(f.FieldType)))
        {
            if (values.TryGetValue(field.FieldCode, out var value)
                && CustomFieldValueRules.SearchableText(field, value) is { } text
                && Score(text, term, exact) is var score and > 0)
            {
                matched.Add(text);
                best = Math.Max(best, score);
            }
        }

        return (best, matched);
    }

    private static (double Score, IReadOnlyList<string> Matched) Notes(IEnumerable<StoredNote> notes, IReadOnlySet<string> fields, string term, bool exact)
    {
        var matched = new List<string>();
        var best = 0.0;
        if (!fields.Contains("notes"))
        {
            return (0, matched);
        }

        foreach (var note in notes)
        {
            if (Score(note.Content, term, exact) is var score and > 0)
            {
                matched.Add(note.Content);
                best = Math.Max(best, score);
            }
        }

        return (best, matched);
    }

    private static (string Term, bool Exact) Term(IQueryCollection query)
    {
        var term = query["term"].ToString().Trim();
        var exact = QueryRules.OptionalBool(query, "exact_match") ?? false;
        if (term.Length < (exact ? 1 : 2))
        {
            throw RequestRejected.BadRequest(exact
                ? "term must be at least 1 character long"
                : "term must be at least 2 characters long (or 1 with exact_match)");
        }

        return (term, exact);
    }

    private static IReadOnlySet<string> Fields(IQueryCollection query, FrozenSet<string> allowed)
    {
        var fields = QueryRules.List(query, "fields") ?? allowed;
        return fields.FirstOrDefault(f => !allowed.Contains(f)) is { } unknown
            ? throw RequestRejected.BadRequest($"fields: '{unknown}' is not one of {string.Join(", ", allowed.Order())}")
            : fields;
    }

    private static IReadOnlySet<string> Only(IReadOnlySet<string> fields, FrozenSet<string> relevant) =>
        fields.Where(relevant.Contains).ToHashSet(StringComparer.Ordinal);

    private static Result Paged(IEnumerable<SearchHit> hits, IQueryCollection query, string scope, int limit)
    {
        var ordered = hits.OrderByDescending(h => h.ResultScore).ThenBy(h => h.ItemType, StringComparer.Ordinal).ThenBy(h => h.ItemId).ToList();
        var offset = PipedriveCursor.DecodeOffset(query["cursor"].ToString(), scope);
        var page = ordered.Skip(offset).Take(limit).ToArray();
        var next = offset + page.Length < ordered.Count ? PipedriveCursor.EncodeOffset(scope, offset + page.Length) : null;
        return new Result(page, next);
    }

    private static double Score(string value, string term, bool exact)
    {
        if (term.Length == 0 || value.Length == 0)
        {
            return 0;
        }

        if (string.Equals(value, term, StringComparison.OrdinalIgnoreCase))
        {
            return 1;
        }

        if (exact)
        {
            return 0;
        }

        if (value.StartsWith(term, StringComparison.OrdinalIgnoreCase))
        {
            return 0.75;
        }

        return value.Contains(term, StringComparison.OrdinalIgnoreCase) ? 0.5 : 0;
    }

    private static string Digits(string value) => new(value.Where(char.IsAsciiDigit).ToArray());
}

internal sealed record SearchData(IReadOnlyList<SearchHit> Items);

/// <summary>One hit; the item is serialized as its own type, the ordering keys not at all.</summary>
internal sealed record SearchHit(
    double ResultScore,
    object Item,
    [property: System.Text.Json.Serialization.JsonIgnore] string ItemType,
    [property: System.Text.Json.Serialization.JsonIgnore] int ItemId);

internal sealed record OwnerRef(int Id);

internal sealed record SearchRef(int Id, string Name);

internal sealed record PersonSearchItem(
    int Id,
    string Type,
    string Name,
    IReadOnlyList<string> Phones,
    IReadOnlyList<string> Emails,
    int VisibleTo,
    OwnerRef Owner,
    SearchRef? Organization,
    IReadOnlyList<string> CustomFields,
    IReadOnlyList<string> Notes);

internal sealed record OrganizationSearchItem(
    int Id,
    string Type,
    string Name,
    string? Address,
    int VisibleTo,
    OwnerRef Owner,
    IReadOnlyList<string> CustomFields,
    IReadOnlyList<string> Notes);

internal sealed record DealSearchItem(
    int Id,
    string Type,
    string Title,
    long Value,
    string Currency,
    string Status,
    int VisibleTo,
    OwnerRef Owner,
    SearchRef Stage,
    SearchRef? Person,
    SearchRef? Organization,
    IReadOnlyList<string> CustomFields,
    IReadOnlyList<string> Notes,
    bool IsArchived);

internal sealed record FieldSearchItem(int Id, string Name);
