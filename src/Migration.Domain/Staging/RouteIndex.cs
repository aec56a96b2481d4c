using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using Migration.Domain.Source;

namespace Migration.Domain.Staging;

/// <summary>One entry of the routing index: a hashed id (external or installation) and the person batch holding it.</summary>
public sealed record RouteIndexEntry(ulong Key, int Batch);

/// <summary>
/// Which person batch holds an external id (a survivor's or one merged into it) or an installation, for routing export
/// rows with bounded memory: ids are kept as the first 8 bytes of their SHA-256 (12 bytes an entry with the batch, about
/// 36 MB for a million users with two devices each), never as text. An id two batches claim (an installation shared
/// after dedupe) goes to the lower batch. The merge step matches exact ids, so a hash collision can only cost a row,
/// which it counts as skipped.
/// </summary>
public sealed class RouteIndex
{
    private readonly ulong[] keys;
    private readonly int[] batches;

    public RouteIndex(IEnumerable<RouteIndexEntry> entries)
    {
        var sorted = entries.OrderBy(e => e.Key).ThenBy(e => e.Batch).ToList();
        var distinct = new List<RouteIndexEntry>(sorted.Count);
        foreach (var entry in sorted)
        {
            if (distinct.Count == 0 || distinct[^1].Key != entry.Key)
                distinct.Add(entry);
        }
        keys = [.. distinct.Select(e => e.Key)];
        batches = [.. distinct.Select(e => e.Batch)];
    }

    public int Count => keys.Length;

    /// <summary>The entries of one staged batch: its users' ids, the ids merged into them, and their installations.</summary>
    public static IEnumerable<RouteIndexEntry> EntriesOf(int batch, IEnumerable<SourceUser> users)
    {
        ArgumentNullException.ThrowIfNull(users);
        foreach (var user in users)
        {
            yield return new RouteIndexEntry(ExtIdKey(user.ExtId), batch);
            foreach (var merged in user.MergedExtIds.Where(m => m != user.ExtId))
                yield return new RouteIndexEntry(ExtIdKey(merged), batch);
            foreach (var device in user.Devices.Where(d => !string.IsNullOrEmpty(d.InstallationId)))
                yield return new RouteIndexEntry(InstallationKey(device.InstallationId!), batch);
        }
    }

    public int? BatchOfExtId(string extId) => Find(ExtIdKey(extId));

    public int? BatchOfInstallation(string installationId) => Find(InstallationKey(installationId));

    public static ulong ExtIdKey(string extId) => Hash("x\0" + extId);

    public static ulong InstallationKey(string installationId) => Hash("i\0" + installationId);

    private int? Find(ulong key)
    {
        var at = Array.BinarySearch(keys, key);
        return at >= 0 ? batches[at] : null;
    }

    private static ulong Hash(string text)
    {
        Span<byte> digest = stackalloc byte[32];
        SHA256.HashData(Encoding.UTF8.GetBytes(text), digest);
        return BinaryPrimitives.ReadUInt64BigEndian(digest);
    }
}
