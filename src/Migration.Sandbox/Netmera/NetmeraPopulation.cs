using System.Collections.Frozen;
using Migration.Sandbox.Dataset;

namespace Migration.Sandbox.Netmera;

/// <summary>One segment as Netmera lists it. Connector segments have no members to page through.</summary>
internal sealed record NetmeraSegment(int Id, string Name, string Type, IReadOnlyList<SourceUser>? Members)
{
    public const string Standard = "STANDARD";
    public const string Connectors = "CONNECTORS_SEGMENT";

    public int? UserCount => Members?.Count;
}

/// <summary>One entry of getDeviceTokens: an installed or uninstalled device of a user, or an installation with no extId.</summary>
internal sealed record NetmeraInstallation(SourceDevice Device, string? ExtId);

/// <summary>
/// The generated users, materialised once for serving, the app's catalog, and what is derived from them (segments,
/// installations, ground truth). Tests may edit the population through <c>/_sandbox/users</c> (add, change, remove a
/// user, as Netmera's users do during a cutover): each edit replaces an immutable view of the users, their index by
/// extId and the segments' member lists at once, so a request reads one consistent view without locking. Truth,
/// installations and export files describe the generated dataset and do not follow edits.
/// </summary>
internal sealed class NetmeraPopulation
{
    public const int AllUsersSegmentId = 1001;
    public const int ActiveUsersSegmentId = 1005;

    private readonly Lazy<SourceTruth> truth;
    private readonly Lazy<FrozenDictionary<string, int[]>> usersByToken;
    private readonly Lazy<FrozenDictionary<int, SourceCampaignStats>> campaignStats;

    private readonly Lock edits = new();
    private volatile View view;

    public NetmeraPopulation(int users, int seed)
    {
        Seed = seed;
        var generated = SourceDataset.Generate(users, seed).ToArray();
        view = View.Of(generated, []);
        Catalog = SourceCatalog.For(seed);
        CampaignsByKey = Catalog.Campaigns.ToFrozenDictionary(c => c.Key);

        Installations = ShuffledInstallations(generated, seed);
        truth = new Lazy<SourceTruth>(() => SourceTruth.Compute(generated, Catalog, seed));
        usersByToken = new Lazy<FrozenDictionary<string, int[]>>(() => Users
            .SelectMany(u => u.Devices.Where(d => d.Token.Length > 0).Select(d => (d.Token, u.Index)))
            .GroupBy(p => p.Token, StringComparer.Ordinal)
            .ToFrozenDictionary(g => g.Key, g => g.Select(p => p.Index).Distinct().ToArray(), StringComparer.Ordinal));
        campaignStats = new Lazy<FrozenDictionary<int, SourceCampaignStats>>(() => Truth.Campaigns.ToFrozenDictionary(c => c.Key));
    }

    public int Seed { get; }

    /// <summary>Every user in dataset order, removed ones included (a user's <see cref="SourceUser.Index"/> is its position here).</summary>
    public IReadOnlyList<SourceUser> Users => view.Users;

    /// <summary>The users Netmera knows now (removed ones are not here).</summary>
    public FrozenDictionary<string, SourceUser> ByExtId => view.ByExtId;

    public SourceCatalog Catalog { get; }

    public FrozenDictionary<int, SourceCampaign> CampaignsByKey { get; }

    public IReadOnlyList<NetmeraSegment> Segments => view.Segments;

    /// <summary>Adds a user at the end of the population (and of every segment it qualifies for); false when the extId is taken.</summary>
    public bool Add(SourceUser user)
    {
        lock (edits)
        {
            if (view.Users.Any(u => u.ExtId == user.ExtId))
                return false;
            view = View.Of([.. view.Users, user with { Index = view.Users.Count }], view.Removed);
            return true;
        }
    }

    /// <summary>Replaces a known user with what <paramref name="change"/> makes of it (extId and index kept); null when unknown.</summary>
    public SourceUser? Change(string extId, Func<SourceUser, SourceUser> change)
    {
        lock (edits)
        {
            if (!view.ByExtId.TryGetValue(extId, out var user))
                return null;
            var changed = change(user) with { ExtId = user.ExtId, Index = user.Index };
            view = View.Of([.. view.Users.Select(u => u.Index == user.Index ? changed : u)], view.Removed);
            return changed;
        }
    }

    /// <summary>Removes a known user from every segment and from the per-user reads; false when unknown.</summary>
    public bool Remove(string extId)
    {
        lock (edits)
        {
            if (!view.ByExtId.ContainsKey(extId))
                return false;
            view = View.Of(view.Users, view.Removed.Add(extId));
            return true;
        }
    }

    /// <summary>Every installation in getDeviceTokens' order: shuffled once, because Netmera guarantees no order.</summary>
    public IReadOnlyList<NetmeraInstallation> Installations { get; }

    /// <summary>Computed on first use (one pass over users, campaigns and answers).</summary>
    public SourceTruth Truth => truth.Value;

    public SourceCampaignStats? StatsOf(int key) => campaignStats.Value.GetValueOrDefault(key);

    /// <summary>Indexes of the users with an installed device holding this push token (more than one: the device-duplicate quirk).</summary>
    public IReadOnlyList<int> UsersWithToken(string token) => usersByToken.Value.TryGetValue(token, out var users) ? users : [];

    public NetmeraSegment? FindSegment(int id) => Segments.FirstOrDefault(s => s.Id == id);

    private sealed record View(
        IReadOnlyList<SourceUser> Users, System.Collections.Immutable.ImmutableHashSet<string> Removed, FrozenDictionary<string, SourceUser> ByExtId,
        IReadOnlyList<NetmeraSegment> Segments)
    {
        public static View Of(IReadOnlyList<SourceUser> users, System.Collections.Immutable.ImmutableHashSet<string> removed)
        {
            removed = removed.WithComparer(StringComparer.Ordinal);
            var live = users.Where(u => !removed.Contains(u.ExtId)).ToArray();
            // Newest first, as Netmera lists them. Members keep dataset order, so paging is stable.
            return new View(users, removed, live.ToFrozenDictionary(u => u.ExtId, StringComparer.Ordinal),
            [
                new NetmeraSegment(ActiveUsersSegmentId, "Active users (90 days)", NetmeraSegment.Standard, live.Where(u => !u.IsDormant).ToArray()),
                new NetmeraSegment(1004, "CRM audience (connector)", NetmeraSegment.Connectors, null),
                new NetmeraSegment(1003, "Push permitted users", NetmeraSegment.Standard, live.Where(u => u.HasPushPermittedDevice).ToArray()),
                new NetmeraSegment(1002, "EU users", NetmeraSegment.Standard, live.Where(u => u.IsEu).ToArray()),
                new NetmeraSegment(AllUsersSegmentId, "All users", NetmeraSegment.Standard, live),
            ]);
        }
    }

    private static NetmeraInstallation[] ShuffledInstallations(IReadOnlyList<SourceUser> users, int seed)
    {
        var all = new List<NetmeraInstallation>();
        foreach (var user in users)
        {
            all.AddRange(user.Devices.Concat(user.UninstalledDevices).Select(d => new NetmeraInstallation(d, user.ExtId)));
        }

        var anonymous = SourceDataset.AnonymousInstallationCount(users.Count);
        for (var i = 0; i < anonymous; i++)
        {
            all.Add(new NetmeraInstallation(SourceDataset.AnonymousInstallationAt(i, seed), null));
        }

        var shuffled = all.ToArray();
        var random = DeterministicRandom.For(seed, -99);
        for (var i = shuffled.Length - 1; i > 0; i--)
        {
            var j = random.Next(i + 1);
            (shuffled[i], shuffled[j]) = (shuffled[j], shuffled[i]);
        }

        return shuffled;
    }
}
