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
            csv.Append(Field(r.Phase)).Append(',').Append(Field(r.SourceId)).Append(',')
               .Append(Field(r.ReasonCode)).Append(',').Append(Field(r.Detail)).Append('\n');
        return csv.ToString();
    }

    private static string Field(string value) =>
        value.AsSpan().IndexOfAny(",\"\r\n") >= 0 ? "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : value;
}
