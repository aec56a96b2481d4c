using Migration.Domain.Persons;

namespace Migration.Domain.Organizations;

/// <summary>One spelling of an organization's name: how many members typed it, and where it was first seen (batch order).</summary>
public sealed record SpellingCount(string Spelling, long Count, long FirstSeen);

/// <summary>An organization's members and spellings as far as some person batches go: what a planning chunk stages.</summary>
public sealed record OrganizationTally(string Key, long Members, IReadOnlyList<SpellingCount> Spellings);

/// <summary>
/// An organization to create: its key, its display name (the commonest spelling among its members, ties to the
/// first seen in batch order, cut to 255 characters) and how many staged persons it has.
/// </summary>
public sealed record StagedOrganization(string Key, string Name, long Members)
{
    /// <summary>Pipedrive's limit on an organization's name.</summary>
    public const int MaxNameLength = 255;

    /// <summary>What its "Netmera ID" field is stamped with (<see cref="OrganizationRule.NetmeraId"/>).</summary>
    public string NetmeraId => OrganizationRule.NetmeraId(Key);
}

/// <summary>
/// Distinct organizations counted while person batches stream past, and merged across chunks. Memory grows with
/// the organizations and their spellings, never with the users.
/// </summary>
public sealed class OrganizationTallies
{
    private readonly Dictionary<string, (long Members, Dictionary<string, (long Count, long FirstSeen)> Spellings)> byKey = new(StringComparer.Ordinal);

    public int Count => byKey.Count;

    public long Members => byKey.Values.Sum(v => v.Members);

    /// <summary>A member; <paramref name="seen"/> orders spellings for ties (batch × 1,000,000 + position in the batch).</summary>
    public void Add(OrganizationName name, long seen)
    {
        ArgumentNullException.ThrowIfNull(name);
        Merge(new OrganizationTally(name.Key, 1, [new SpellingCount(name.Spelling, 1, seen)]));
    }

    public void Merge(OrganizationTally tally)
    {
        ArgumentNullException.ThrowIfNull(tally);
        if (!byKey.TryGetValue(tally.Key, out var entry))
            byKey[tally.Key] = entry = (0, new Dictionary<string, (long, long)>(StringComparer.Ordinal));
        foreach (var spelling in tally.Spellings)
        {
            entry.Spellings[spelling.Spelling] = entry.Spellings.TryGetValue(spelling.Spelling, out var known)
                ? (known.Count + spelling.Count, Math.Min(known.FirstSeen, spelling.FirstSeen))
                : (spelling.Count, spelling.FirstSeen);
        }
        byKey[tally.Key] = (entry.Members + tally.Members, entry.Spellings);
    }

    /// <summary>Every organization with its spellings, in key order (ordinal).</summary>
    public IReadOnlyList<OrganizationTally> Tallies() =>
        [.. byKey.OrderBy(e => e.Key, StringComparer.Ordinal)
            .Select(e => new OrganizationTally(e.Key, e.Value.Members,
                [.. e.Value.Spellings.OrderBy(s => s.Value.FirstSeen).ThenBy(s => s.Key, StringComparer.Ordinal).Select(s => new SpellingCount(s.Key, s.Value.Count, s.Value.FirstSeen))]))];

    /// <summary>The organizations to create, in key order, each named by its commonest spelling.</summary>
    public IReadOnlyList<StagedOrganization> Organizations() =>
        [.. Tallies().Select(t => new StagedOrganization(t.Key, PersonMapping.Truncate(DisplayName(t.Spellings), StagedOrganization.MaxNameLength), t.Members))];

    /// <summary>The commonest spelling; among equals, the one seen first in batch order.</summary>
    public static string DisplayName(IReadOnlyList<SpellingCount> spellings)
    {
        ArgumentNullException.ThrowIfNull(spellings);
        return spellings.OrderByDescending(s => s.Count).ThenBy(s => s.FirstSeen).ThenBy(s => s.Spelling, StringComparer.Ordinal).First().Spelling;
    }
}

/// <summary>
/// Where each staged organization lies: organizations are staged in key order, <see cref="BatchSize"/> per batch, so
/// the first key of every batch is enough to find any key's batch (and with it its ledger partition) by binary search.
/// Kept as <c>staged/organizations/index.json</c>.
/// </summary>
public sealed record OrganizationIndex(int Organizations, long Members, IReadOnlyList<string> FirstKeys)
{
    public const int BatchSize = 100;

    public int Batches => FirstKeys.Count;

    public static OrganizationIndex Empty { get; } = new(0, 0, []);

    /// <summary>The batches of <paramref name="organizations"/> (already in key order) and their index.</summary>
    public static (OrganizationIndex Index, IReadOnlyList<IReadOnlyList<StagedOrganization>> Batches) Split(IReadOnlyList<StagedOrganization> organizations)
    {
        ArgumentNullException.ThrowIfNull(organizations);
        var batches = organizations.Chunk(BatchSize).Select(c => (IReadOnlyList<StagedOrganization>)c).ToList();
        return (new OrganizationIndex(organizations.Count, organizations.Sum(o => o.Members), [.. batches.Select(b => b[0].Key)]), batches);
    }

    /// <summary>The batch that holds <paramref name="key"/> if it was staged; -1 when it sorts before every batch.</summary>
    public int BatchOf(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        int low = 0, high = FirstKeys.Count - 1, found = -1;
        while (low <= high)
        {
            var mid = (low + high) / 2;
            if (string.CompareOrdinal(FirstKeys[mid], key) <= 0)
            {
                found = mid;
                low = mid + 1;
            }
            else
            {
                high = mid - 1;
            }
        }
        return found;
    }
}
