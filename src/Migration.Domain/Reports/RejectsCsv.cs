using System.Text;

namespace Migration.Domain.Reports;

/// <summary>Writes the rejects report as RFC 4180 CSV, sorted by source id so reruns compare equal.</summary>
public static class RejectsCsv
{
    public const string Header = "phase,source_id,reason_code,detail";

    public static string Build(IEnumerable<RejectedRecord> rejects)
    {
        var csv = new StringBuilder(Header).Append('\n');
        foreach (var r in rejects.OrderBy(r => r.SourceId, StringComparer.Ordinal))
            csv.AppendRow(r.Phase, r.SourceId, r.ReasonCode, r.Detail);
        return csv.ToString();
    }
}
