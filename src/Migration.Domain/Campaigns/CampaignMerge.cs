using Migration.Domain.Source;

namespace Migration.Domain.Campaigns;

/// <summary>
/// One record per campaign key from every staged campaign file (inventories and push reports), by a rule that
/// does not depend on which file came first for counts and status (docs/campaigns.md, "Merging"):
/// within one file, records of a key are parts of one report and their counts add up; across files, reports
/// of one campaign are snapshots of the same counters, so the larger count wins instead of adding up.
/// Pure and deterministic: the result is ordered by key (ordinal).
/// </summary>
public static class CampaignMerge
{
    /// <summary>Netmera's campaign lifecycle, earliest first: a later status is newer news about the campaign.</summary>
    public static IReadOnlyList<string> Lifecycle { get; } = ["DRAFT", "SCHEDULED", "SENDING", "FINISHED"];

    /// <param name="files">Each staged file's campaigns, files in import order, records in file order.</param>
    public static IReadOnlyList<SourceCampaign> Merge(IEnumerable<IReadOnlyList<SourceCampaign>> files)
    {
        ArgumentNullException.ThrowIfNull(files);
        var merged = new Dictionary<string, SourceCampaign>(StringComparer.Ordinal);
        foreach (var file in files)
        {
            var inFile = new Dictionary<string, SourceCampaign>(StringComparer.Ordinal);
            foreach (var campaign in file)
            {
                var key = campaign.Key.Trim();
                if (key.Length == 0)
                    continue;
                var record = campaign with { Key = key };
                inFile[key] = inFile.TryGetValue(key, out var earlier) ? Combine(earlier, record, sameReport: true) : record;
            }
            foreach (var (key, record) in inFile)
                merged[key] = merged.TryGetValue(key, out var earlier) ? Combine(earlier, record, sameReport: false) : record;
        }
        return merged.Values.OrderBy(c => c.Key, StringComparer.Ordinal).ToList();
    }

    /// <summary>
    /// Texts: the first non-empty (file order). Status: the furthest in <see cref="Lifecycle"/> (an unknown status only
    /// when no known one is given). Start: the earliest; end: the latest. Counts: summed within one report; across
    /// reports the platform breakdown with the larger total sent is kept whole (so an "ALL" row and a per-platform
    /// breakdown of the same sends are never added), and each other metric takes its larger value. Details: first value.
    /// </summary>
    private static SourceCampaign Combine(SourceCampaign first, SourceCampaign second, bool sameReport) => first with
    {
        Name = Text(first.Name, second.Name),
        Type = Text(first.Type, second.Type),
        Status = FurthestStatus(first.Status, second.Status),
        Start = Earliest(first.Start, second.Start),
        End = Latest(first.End, second.End),
        Title = Text(first.Title, second.Title),
        Message = Text(first.Message, second.Message),
        Stats = sameReport ? AddStats(first.Stats, second.Stats) : FullerStats(first.Stats, second.Stats),
        Metrics = CombineMetrics(first.Metrics, second.Metrics, sameReport ? (a, b) => a + b : Math.Max),
        Details = CombineDetails(first.Details, second.Details),
    };

    private static string? Text(string? first, string? second) => string.IsNullOrWhiteSpace(first) ? second : first;

    private static int Rank(string? status) =>
        status is null ? -1 : Lifecycle.ToList().FindIndex(s => string.Equals(s, status.Trim(), StringComparison.OrdinalIgnoreCase));

    private static string? FurthestStatus(string? first, string? second)
    {
        if (string.IsNullOrWhiteSpace(first))
            return second;
        if (string.IsNullOrWhiteSpace(second))
            return first;
        return Rank(second) > Rank(first) ? second : first;
    }

    private static DateTimeOffset? Earliest(DateTimeOffset? a, DateTimeOffset? b) => a is null ? b : b is null ? a : a <= b ? a : b;

    private static DateTimeOffset? Latest(DateTimeOffset? a, DateTimeOffset? b) => a is null ? b : b is null ? a : a >= b ? a : b;

    private static List<CampaignPlatformStats> AddStats(IReadOnlyList<CampaignPlatformStats> first, IReadOnlyList<CampaignPlatformStats> second)
    {
        var stats = first.ToList();
        foreach (var row in second)
        {
            var i = stats.FindIndex(s => string.Equals(s.Platform, row.Platform, StringComparison.OrdinalIgnoreCase));
            if (i < 0)
                stats.Add(row);
            else
                stats[i] = stats[i] with { Sent = stats[i].Sent + row.Sent, Failed = stats[i].Failed + row.Failed, Clicked = stats[i].Clicked + row.Clicked };
        }
        return stats;
    }

    private static IReadOnlyList<CampaignPlatformStats> FullerStats(IReadOnlyList<CampaignPlatformStats> first, IReadOnlyList<CampaignPlatformStats> second)
    {
        static (long Sent, long All) Size(IReadOnlyList<CampaignPlatformStats> s) => (s.Sum(p => p.Sent), s.Sum(p => p.Sent + p.Failed + p.Clicked));
        var (a, b) = (Size(first), Size(second));
        return b.Sent > a.Sent || (b.Sent == a.Sent && b.All > a.All) ? second : first;
    }

    private static Dictionary<string, long> CombineMetrics(IReadOnlyDictionary<string, long> first, IReadOnlyDictionary<string, long> second, Func<long, long, long> combine)
    {
        var metrics = new Dictionary<string, long>(first, StringComparer.Ordinal);
        foreach (var (name, value) in second)
            metrics[name] = metrics.TryGetValue(name, out var earlier) ? combine(earlier, value) : value;
        return metrics;
    }

    private static Dictionary<string, string> CombineDetails(IReadOnlyDictionary<string, string> first, IReadOnlyDictionary<string, string> second)
    {
        var details = new Dictionary<string, string>(first, StringComparer.Ordinal);
        foreach (var (name, value) in second)
            details.TryAdd(name, value);
        return details;
    }
}
