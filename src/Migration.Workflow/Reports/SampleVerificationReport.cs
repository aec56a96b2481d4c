using System.Globalization;
using System.Text;
using System.Text.Json;
using Migration.Domain.Reports;
using Migration.Pipedrive;
using Migration.Workflow.Models;

namespace Migration.Workflow.Reports;

/// <summary>
/// The sample verification: for every sample person, every mapped field with the value expected (from
/// the staged user through the approved map) and the value Pipedrive holds. The report holds values,
/// because comparing them is its purpose: it stays in the run's storage, and logs carry counts only.
/// </summary>
public sealed class SampleVerificationReport(int mapVersion, IReadOnlyList<string> neverFilled)
{
    private readonly List<(string ExtId, long PersonId, FieldComparison Comparison)> rows = [];
    private readonly List<(string ExtId, string Code, string Detail)> unwritten = [];
    private int verified;

    public void Add(string extId, long personId, IReadOnlyList<FieldComparison> comparisons)
    {
        verified++;
        foreach (var comparison in comparisons)
            rows.Add((extId, personId, comparison));
    }

    public void AddUnwritten(string extId, string code, string detail) => unwritten.Add((extId, code, detail));

    /// <summary>Per field: values compared, matched, and how many of those were empty on both sides.</summary>
    public IReadOnlyList<FieldTally> Fields() =>
        [.. rows.GroupBy(r => r.Comparison.Field, StringComparer.Ordinal)
            .Select(g => new FieldTally(g.Key, g.Count(), g.Count(r => r.Comparison.Match),
                g.Count(r => string.IsNullOrEmpty(r.Comparison.Expected) && string.IsNullOrEmpty(r.Comparison.Actual))))
            .OrderBy(t => t.Field, StringComparer.Ordinal)];

    public SampleResult Result()
    {
        var mismatched = Fields().Where(f => f.Matched < f.Compared).Select(f => f.Field).ToList();
        return new SampleResult(verified + unwritten.Count, verified, rows.Count, rows.Count(r => !r.Comparison.Match), mismatched, neverFilled);
    }

    public string Json() => JsonSerializer.Serialize(new
    {
        mapVersion,
        persons = verified,
        unwritten = unwritten.Select(u => new { netmeraId = u.ExtId, reasonCode = u.Code, detail = u.Detail }),
        comparisons = rows.Count,
        mismatches = rows.Count(r => !r.Comparison.Match),
        fields = Fields(),
        neverFilled,
    }, ApiJson.Indented);

    public string Csv()
    {
        var csv = new StringBuilder("netmera_id,person_id,field,expected,actual,match\n");
        foreach (var (extId, personId, c) in rows)
            csv.AppendRow(extId, personId.ToString(CultureInfo.InvariantCulture), c.Field, c.Expected, c.Actual, c.Match ? "true" : "false");
        return csv.ToString();
    }

    public string Markdown()
    {
        var result = Result();
        var md = new StringBuilder();
        md.Append("# Sample verification\n\n");
        md.Append(CultureInfo.InvariantCulture, $"Field map version {mapVersion}. {result.Verified} persons written and read back");
        md.Append(CultureInfo.InvariantCulture, $"; {result.Comparisons - result.Mismatches} of {result.Comparisons} field values match.\n\n");
        md.Append("| Field | Compared | Match | Mismatch | Empty on both sides |\n|---|---:|---:|---:|---:|\n");
        foreach (var f in Fields())
            md.Append(CultureInfo.InvariantCulture, $"| {Cell(f.Field)} | {f.Compared} | {f.Matched} | {f.Compared - f.Matched} | {f.EmptyBoth} |\n");

        var mismatches = rows.Where(r => !r.Comparison.Match).ToList();
        if (mismatches.Count > 0)
        {
            md.Append("\n## Mismatches\n\n| Netmera id | Person | Field | Expected | Actual |\n|---|---:|---|---|---|\n");
            foreach (var (extId, personId, c) in mismatches.Take(200))
                md.Append(CultureInfo.InvariantCulture, $"| {Cell(extId)} | {personId} | {Cell(c.Field)} | {Cell(c.Expected)} | {Cell(c.Actual)} |\n");
            if (mismatches.Count > 200)
                md.Append(CultureInfo.InvariantCulture, $"\n{mismatches.Count - 200} more in sample-verification.csv.\n");
        }
        if (neverFilled.Count > 0)
            md.Append("\n## Mapped fields no staged user fills\n\nNo sample person can show these: ").Append(string.Join(", ", neverFilled.Select(Cell))).Append(".\n");
        if (unwritten.Count > 0)
        {
            md.Append("\n## Sample users not written\n\n| Netmera id | Reason | Detail |\n|---|---|---|\n");
            foreach (var (extId, code, detail) in unwritten)
                md.Append(CultureInfo.InvariantCulture, $"| {Cell(extId)} | {Cell(code)} | {Cell(detail)} |\n");
        }
        md.Append("\nEvery value compared is in sample-verification.csv (netmera_id, person_id, field, expected, actual, match).\n");
        return md.ToString();
    }

    private static string Cell(string? value) =>
        (value ?? "").Replace("|", "\\|", StringComparison.Ordinal).Replace("\n", " ", StringComparison.Ordinal).Replace("\r", "", StringComparison.Ordinal);
}

public sealed record FieldTally(string Field, int Compared, int Matched, int EmptyBoth);
