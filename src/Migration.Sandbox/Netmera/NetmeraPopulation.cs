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
/// installations, ground truth). Read-only after construction (lazy parts are thread-safe), so requests need no locking.
/// </summary>
internal sealed class NetmeraPopulation
{
    public const int AllUsersSegmentId = 1001;
    public const int ActiveUsersSegmentId = 1005;

    private readonly Lazy<SourceTruth> truth;
    private readonly Lazy<FrozenDictionary<string, int[]>> usersByToken;
    private readonly Lazy<FrozenDictionary<int, SourceCampaignStats>> campaignStats;

    public NetmeraPopulation(int users, int seed)
    {
        Seed = seed;
        Users = SourceDataset.Generate(users, seed).ToArray();
        ByExtId = Users.ToFrozenDictionary(u => u.ExtId, StringComparer.Ordinal);
        Catalog = SourceCatalog.For(seed);
        CampaignsByKey = Catalog.Campaigns.ToFrozenDictionary(c => c.Key);

        // Newest first, as Netmera lists them. Members keep dataset order, so paging is stable.
        Segments =
        [
            new NetmeraSegment(ActiveUsersSegmentId, "Active users (90 days)", NetmeraSegment.Standard, Users.Where(u => !u.IsDormant).ToArray()),
            new NetmeraSegment(1004, "CRM audience (connector)", NetmeraSegment.Connectors, null),
            new NetmeraSegment(1003, "Push permitted users", NetmeraSegment.Standard, Users.Where(u => u.HasPushPermittedDevice).ToArray()),
            new NetmeraSegment(1002, "EU users", NetmeraSegment.Standard, Users.Where(u => u.IsEu).ToArray()),
            new NetmeraSegment(AllUsersSegmentId, "All users", NetmeraSegment.Standard, Users),
        ];

        Installations = ShuffledInstallations(Users, seed);
        truth = new Lazy<SourceTruth>(() => SourceTruth.Compute(Users, Catalog, seed));
        usersByToken = new Lazy<FrozenDictionary<string, int[]>>(() => Users
            .SelectMany(u => u.Devices.Where(d => d.Token.Length > 0).Select(d => (d.Token, u.Index)))
            .GroupBy(p => p.Token, StringComparer.Ordinal)
            .ToFrozenDictionary(g => g.Key, g => g.Select(p => p.Index).Distinct().ToArray(), StringComparer.Ordinal));
        campaignStats = new Lazy<FrozenDictionary<int, SourceCampaignStats>>(() => Truth.Campaigns.ToFrozenDictionary(c => c.Key));
    }

    public int Seed { get; }

    public IReadOnlyList<SourceUser> Users { get; }

    public FrozenDictionary<string, SourceUser> ByExtId { get; }

    public SourceCatalog Catalog { get; }

    public FrozenDictionary<int, SourceCampaign> CampaignsByKey { get; }

    public IReadOnlyList<NetmeraSegment> Segments { get; }

    /// <summary>Every installation in getDeviceTokens' order: shuffled once, because Netmera guarantees no order.</summary>
    public IReadOnlyList<NetmeraInstallation> Installations { get; }

    /// <summary>Computed on first use (one pass over users, campaigns and answers).</summary>
    public SourceTruth Truth => truth.Value;

    public SourceCampaignStats? StatsOf(int key) => campaignStats.Value.GetValueOrDefault(key);

    /// <summary>Indexes of the users with an installed device holding this push token (more than one: the device-duplicate quirk).</summary>
    public IReadOnlyList<int> UsersWithToken(string token) => usersByToken.Value.TryGetValue(token, out var users) ? users : [];

    public NetmeraSegment? FindSegment(int id) => Segments.FirstOrDefault(s => s.Id == id);

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
