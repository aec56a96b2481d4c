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

/// <summary>
/// The generated users, materialised once for serving, and the segments built over them.
/// Read-only after construction, so concurrent requests need no locking.
/// </summary>
internal sealed class NetmeraPopulation
{
    public const int AllUsersSegmentId = 1001;

    public NetmeraPopulation(int users, int seed)
    {
        Users = SourceDataset.Generate(users, seed).ToArray();
        ByExtId = Users.ToFrozenDictionary(u => u.ExtId, StringComparer.Ordinal);

        // Newest first, as Netmera lists them. Members keep dataset order, so paging is stable.
        Segments =
        [
            new NetmeraSegment(1004, "CRM audience (connector)", NetmeraSegment.Connectors, null),
            new NetmeraSegment(1003, "Push permitted users", NetmeraSegment.Standard, Users.Where(u => u.HasPushPermittedDevice).ToArray()),
            new NetmeraSegment(1002, "EU users", NetmeraSegment.Standard, Users.Where(u => u.IsEu).ToArray()),
            new NetmeraSegment(AllUsersSegmentId, "All users", NetmeraSegment.Standard, Users),
        ];
    }

    public IReadOnlyList<SourceUser> Users { get; }

    public FrozenDictionary<string, SourceUser> ByExtId { get; }

    public IReadOnlyList<NetmeraSegment> Segments { get; }

    public NetmeraSegment? FindSegment(int id) => Segments.FirstOrDefault(s => s.Id == id);
}
