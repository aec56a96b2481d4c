using System.Collections.Frozen;
using System.Globalization;

namespace Migration.Sandbox.Pipedrive;

/// <summary>
/// GET /persons/search (spec searchPersons). Matching is case-insensitive: equality with exact_match,
/// otherwise substring. Scores are deterministic so tests can rely on the order: exact 1, prefix 0.75, substring 0.5.
/// </summary>
internal static class PersonSearch
{
    /// <summary>Persons search wraps itemSearch, whose pages hold at most 100 items; larger limits are capped, not refused.</summary>
    public const int MaxPage = 100;

    private const string CursorScope = "persons/search";

    private static readonly FrozenSet<string> AllFields = FrozenSet.ToFrozenSet(["custom_fields", "email", "notes", "phone", "name"]);

    public sealed record Result(IReadOnlyList<SearchHit> Hits, string? NextCursor);

    public static Result Search(IReadOnlyList<StoredPerson> persons, IReadOnlyList<PersonField> customFields, IQueryCollection query)
    {
        var term = query["term"].ToString().Trim();
        var exact = query["exact_match"].ToString() switch
        {
            "" or "false" or "0" => false,
            "true" or "1" => true,
            _ => throw RequestRejected.BadRequest("exact_match must be true or false"),
        };

        if (term.Length < (exact ? 1 : 2))
        {
            throw RequestRejected.BadRequest(exact
                ? "term must be at least 1 character long"
                : "term must be at least 2 characters long (or 1 with exact_match)");
        }

        var fields = query["fields"].ToString() is { Length: > 0 } fieldsText
            ? fieldsText.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).ToHashSet(StringComparer.Ordinal)
            : AllFields.ToHashSet(StringComparer.Ordinal);
        if (fields.FirstOrDefault(f => !AllFields.Contains(f)) is { } unknown)
        {
            throw RequestRejected.BadRequest($"fields: '{unknown}' is not one of custom_fields, email, notes, phone, name");
        }

        int? organizationId = null;
        if (query["organization_id"].ToString() is { Length: > 0 } orgText)
        {
            organizationId = int.TryParse(orgText, NumberStyles.None, CultureInfo.InvariantCulture, out var org)
                ? org
                : throw RequestRejected.BadRequest("organization_id must be an integer");
        }

        var limit = Math.Min(PersonListing.Limit(query, PersonListing.MaxLimit), MaxPage);
        var offset = PipedriveCursor.DecodeOffset(query["cursor"].ToString(), CursorScope);

        var searchable = customFields.Where(f => FieldTypes.Searchable.Contains(f.FieldType)).ToArray();
        var hits = new List<SearchHit>();
        foreach (var person in persons)
        {
            if (person.IsDeleted || (organizationId is { } orgId && person.OrgId != orgId))
            {
                continue;
            }

            if (Match(person, searchable, fields, term, exact) is { } hit)
            {
                hits.Add(hit);
            }
        }

        var ordered = hits.OrderByDescending(h => h.ResultScore).ThenBy(h => h.Item.Id).ToList();
        var page = ordered.Skip(offset).Take(limit).ToArray();
        var next = offset + page.Length < ordered.Count ? PipedriveCursor.EncodeOffset(CursorScope, offset + page.Length) : null;
        return new Result(page, next);
    }

    private static SearchHit? Match(StoredPerson person, PersonField[] searchable, HashSet<string> fields, string term, bool exact)
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

        // Persons hold no notes in the sandbox (notes are a v1 object), so "notes" never matches.
        var matchedCustom = new List<string>();
        if (fields.Contains("custom_fields"))
        {
            foreach (var field in searchable)
            {
                if (person.CustomFields.TryGetValue(field.FieldCode, out var value)
                    && CustomFieldValueRules.SearchableText(field, value) is { } text
                    && Score(text, term, exact) is var score and > 0)
                {
                    matchedCustom.Add(text);
                    best = Math.Max(best, score);
                }
            }
        }

        if (best <= 0)
        {
            return null;
        }

        return new SearchHit(best, new SearchItem(
            person.Id,
            "person",
            person.Name,
            person.Phones.Select(p => p.Value).ToArray(),
            person.Emails.Select(e => e.Value).ToArray(),
            person.VisibleTo,
            new OwnerRef(person.OwnerId),
            Organization: null,
            matchedCustom,
            Notes: []));
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
