using System.Text;

namespace Migration.Domain.Reports;

/// <summary>RFC 4180 CSV: fields quoted only when they hold a comma, a quote or a line break.</summary>
public static class Csv
{
    public static string Field(string? value) =>
        value is null ? ""
        : value.AsSpan().IndexOfAny(",\"\r\n") >= 0 ? "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : value;

    public static StringBuilder AppendRow(this StringBuilder csv, params string?[] fields)
    {
        for (var i = 0; i < fields.Length; i++)
        {
            if (i > 0)
                csv.Append(',');
            csv.Append(Field(fields[i]));
        }
        return csv.Append('\n');
    }
}
