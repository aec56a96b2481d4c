using System.Text;

namespace Migration.Storage;

/// <summary>
/// Table keys may not hold '/', '\', '#', '?' or control characters; source ids can. Those (and '%')
/// are percent-encoded so every id maps to exactly one key and back.
/// </summary>
public static class TableKey
{
    public static string Escape(string value)
    {
        if (!value.AsSpan().ContainsAny("/\\#?%") && !value.Any(char.IsControl))
            return value;
        var key = new StringBuilder(value.Length + 8);
        foreach (var c in value)
        {
            if (c is '/' or '\\' or '#' or '?' or '%' || char.IsControl(c))
                key.Append('%').Append(((int)c).ToString("X2", System.Globalization.CultureInfo.InvariantCulture));
            else
                key.Append(c);
        }
        return key.ToString();
    }

    /// <summary>
    /// The OData filter for one partition, built as a string. The SDK's expression form (<c>e => e.PartitionKey == x</c>)
    /// compiles a delegate to read the captured value on every query; at a load's query rate those dynamic methods kept the
    /// finalizer thread busy.
    /// </summary>
    public static string PartitionIs(string partition) => Azure.Data.Tables.TableClient.CreateQueryFilter($"PartitionKey eq {partition}");

    /// <summary>
    /// One of 16 shards ("0"–"f") by a hash of the key: Azurite finds a row by scanning its partition, so a table whose
    /// rows grow with the run spreads them over 16 partitions per run.
    /// </summary>
    public static string Shard(string key) =>
        Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(key)).AsSpan(0, 1))[..1];

    public static string Unescape(string key) => key.Contains('%', StringComparison.Ordinal) ? Uri.UnescapeDataString(key) : key;
}
