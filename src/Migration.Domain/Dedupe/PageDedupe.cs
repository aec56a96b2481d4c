using Migration.Domain.Source;

namespace Migration.Domain.Dedupe;

/// <summary>The survivor that owns a dedupe key, and the staged batch it is in.</summary>
public sealed record DedupeOwner(string ExtId, int Batch);

/// <summary>A user merged into a survivor, by the rule that matched.</summary>
public sealed record MergedUser(string ExtId, string Survivor, int SurvivorBatch, DedupeRule Rule);

/// <summary>
/// Dedupes one extracted page against everything earlier pages kept (docs/transforms.md): users are
/// taken in listing order; a user sharing a key (email, device) with an earlier survivor is merged
/// into it, and its other keys are claimed for that survivor too, so a chain of shared keys ends in
/// one person. A survivor keeps every merged id. Rerunning a page gives the same answer: a key owned
/// by the same user in one of this page's own batches counts as its own, while the same id owned from
/// another page is the user listed twice, and is merged.
/// </summary>
public static class PageDedupe
{
    public sealed record Result(
        IReadOnlyList<SourceUser> Survivors,
        IReadOnlyDictionary<string, DedupeOwner> Claims,
        IReadOnlyList<MergedUser> Merges);

    /// <param name="users">The page's users in listing order.</param>
    /// <param name="owners">Owners of the page's keys claimed by earlier pages (or an earlier attempt of this one).</param>
    /// <param name="firstBatch">The staged batch number the page's first survivor goes into.</param>
    public static Result Resolve(IReadOnlyList<SourceUser> users, IReadOnlyDictionary<string, DedupeOwner> owners, int firstBatch, int batchSize)
    {
        var assigned = new Dictionary<string, DedupeOwner>(owners, StringComparer.Ordinal);
        var claims = new Dictionary<string, DedupeOwner>(StringComparer.Ordinal);
        var survivors = new List<SourceUser>();
        var survivorIndex = new Dictionary<string, int>(StringComparer.Ordinal);
        var merges = new List<MergedUser>();

        // The batches this page's survivors can land in: a key owned there by the same user is a rerun.
        var ownBatches = (First: firstBatch, Last: firstBatch + Math.Max(0, users.Count - 1) / batchSize);
        bool Own(DedupeOwner owner, SourceUser user) =>
            owner.ExtId == user.ExtId && owner.Batch >= ownBatches.First && owner.Batch <= ownBatches.Last;

        foreach (var user in users)
        {
            var keys = DedupeKeys.Of(user);
            // The person-level rules (email, device) name the match when they apply; the id rule otherwise.
            var match = keys.OrderBy(k => k.Rule == DedupeRule.ExternalId ? 1 : 0)
                .Select(k => (Key: k, Owner: assigned.GetValueOrDefault(k.Hash)))
                .FirstOrDefault(k => k.Owner is not null && !Own(k.Owner, user));

            DedupeOwner owner;
            if (match.Owner is null)
            {
                owner = new DedupeOwner(user.ExtId, firstBatch + survivors.Count / batchSize);
                survivorIndex[user.ExtId] = survivors.Count;
                survivors.Add(user with { MergedExtIds = [user.ExtId] });
            }
            else
            {
                owner = match.Owner;
                merges.Add(new MergedUser(user.ExtId, owner.ExtId, owner.Batch, match.Key.Rule));
                if (survivorIndex.TryGetValue(owner.ExtId, out var at))
                    survivors[at] = survivors[at] with { MergedExtIds = [.. survivors[at].MergedExtIds, user.ExtId] };
            }

            foreach (var key in keys)
            {
                if (!assigned.ContainsKey(key.Hash) || Own(assigned[key.Hash], user))
                {
                    assigned[key.Hash] = owner;
                    claims[key.Hash] = owner;
                }
            }
        }
        return new Result(survivors, claims, merges);
    }

}
