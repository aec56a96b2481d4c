using System.Globalization;
using Migration.Domain.Ledger;
using Migration.Domain.Organizations;

namespace Migration.Pipedrive;

/// <summary>
/// The run's organizations as Pipedrive ids, for linking persons (<c>org_id</c>): read from the organization ledger,
/// only the partitions the given keys live in (found through the <see cref="OrganizationIndex"/>). An organization
/// that was rejected, or not written yet, resolves to nobody, and its persons are written without an organization.
/// </summary>
public sealed class OrganizationDirectory(IReadOnlyDictionary<string, long> idsByKey)
{
    /// <summary>Ledger object type of organization rows; partitions are the organization batches.</summary>
    public const string LedgerObjectType = "organization";

    public static OrganizationDirectory Empty { get; } = new(new Dictionary<string, long>());

    /// <summary>Organizations that resolve to a Pipedrive id.</summary>
    public int Count => idsByKey.Count;

    public static LedgerBatch LedgerBatchOf(string runId, int batch) =>
        new(runId, LedgerObjectType, batch.ToString("D6", CultureInfo.InvariantCulture));

    /// <summary>The Pipedrive ids of <paramref name="keys"/> (nulls and repeats ignored), one ledger read per organization batch they touch.</summary>
    public static async Task<OrganizationDirectory> ReadAsync(
        IIdLedger ledger, string runId, OrganizationIndex index, IEnumerable<string?> keys, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(ledger);
        ArgumentNullException.ThrowIfNull(index);
        ArgumentNullException.ThrowIfNull(keys);
        var wanted = keys.OfType<string>().Distinct(StringComparer.Ordinal).ToList();
        var ids = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var group in wanted.GroupBy(index.BatchOf).Where(g => g.Key >= 0).OrderBy(g => g.Key))
        {
            var rows = await ledger.ReadBatchAsync(LedgerBatchOf(runId, group.Key), cancellationToken).ConfigureAwait(false);
            foreach (var key in group)
            {
                if (rows.TryGetValue(OrganizationRule.NetmeraId(key), out var row) && row.State is LedgerState.Created or LedgerState.Updated && row.TargetId is { } id)
                    ids[key] = id;
            }
        }
        return new OrganizationDirectory(ids);
    }

    /// <summary>The Pipedrive organization of a key; null when the person has none or it was not created.</summary>
    public long? Resolve(string? key) => key is not null && idsByKey.TryGetValue(key, out var id) ? id : null;
}
