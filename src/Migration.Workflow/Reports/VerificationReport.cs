using System.Globalization;
using System.Text;
using System.Text.Json;
using Migration.Domain.Reports;
using Migration.Pipedrive;

namespace Migration.Workflow.Reports;

/// <summary>
/// Persons read back from Pipedrive and compared field by field with what the approved map says they
/// hold: per field, values compared, matched, empty on both sides; each value's fingerprint for every
/// comparison (the sample) or for mismatches only (the whole load, where a row per value would be
/// millions). Values are fingerprinted (length and a hash prefix), never written: names, emails,
/// phones and push tokens must not sit in reports, and equal fingerprints still mean equal values.
/// Batches verify into parts that merge into one report.
/// </summary>
public sealed class VerificationReport(string title, int mapVersion, IReadOnlyList<string> neverFilled, bool keepMatches)
{
    private readonly SortedDictionary<string, FieldTally> fields = new(StringComparer.Ordinal);
    private readonly List<VerifiedValue> rows = [];
    private readonly List<UnverifiedPerson> unverified = [];
    private int verified;

    public void Add(string extId, long personId, IReadOnlyList<FieldComparison> comparisons)
    {
        verified++;
        foreach (var c in comparisons)
        {
            Tally(new FieldTally(c.Field, 1, c.Match ? 1 : 0, string.IsNullOrEmpty(c.Expected) && string.IsNullOrEmpty(c.Actual) ? 1 : 0));
            if (keepMatches || !c.Match)
                rows.Add(new VerifiedValue(extId, personId, c.Field, Fingerprint(c.Expected), Fingerprint(c.Actual), c.Match));
        }
    }

    /// <summary>A user that should be in Pipedrive and could not be compared (rejected, not written, or gone).</summary>
    public void AddUnverified(string extId, string code, string detail) => unverified.Add(new UnverifiedPerson(extId, code, detail));

    public VerificationPart Part() => new(verified, [.. fields.Values], rows, unverified);

    public void Merge(VerificationPart part)
    {
        verified += part.Verified;
        foreach (var tally in part.Fields)
            Tally(tally);
        rows.AddRange(part.Values);
        unverified.AddRange(part.Unverified);
    }

    public int Verified => verified;
    public int Comparisons => fields.Values.Sum(f => f.Compared);
    public int Mismatches => fields.Values.Sum(f => f.Compared - f.Matched);
    public IReadOnlyList<string> MismatchedFields => [.. fields.Values.Where(f => f.Matched < f.Compared).Select(f => f.Field)];
    public IReadOnlyList<UnverifiedPerson> Unverified => unverified;

    public string Json() => JsonSerializer.Serialize(new
    {
        mapVersion,
        persons = verified,
        unwritten = unverified.Select(u => new { netmeraId = u.ExtId, reasonCode = u.Code, detail = u.Detail }),
        comparisons = Comparisons,
        mismatches = Mismatches,
        fields = fields.Values,
        neverFilled,
    }, ApiJson.Indented);

    public string Csv()
    {
        var csv = new StringBuilder("netmera_id,person_id,field,expected,actual,match\n");
        foreach (var v in rows)
            csv.AppendRow(v.ExtId, v.PersonId.ToString(CultureInfo.InvariantCulture), v.Field, v.Expected, v.Actual, v.Match ? "true" : "false");
        return csv.ToString();
    }

    public string Markdown()
    {
        var md = new StringBuilder();
        md.Append(CultureInfo.InvariantCulture, $"# {title}\n\n");
        md.Append(CultureInfo.InvariantCulture, $"Field map version {mapVersion}. {verified} persons read back from Pipedrive");
        md.Append(CultureInfo.InvariantCulture, $"; {Comparisons - Mismatches} of {Comparisons} field values match.\n\n");
        md.Append("| Field | Compared | Match | Mismatch | Empty on both sides |\n|---|---:|---:|---:|---:|\n");
        foreach (var f in fields.Values)
            md.Append(CultureInfo.InvariantCulture, $"| {Cell(f.Field)} | {f.Compared} | {f.Matched} | {f.Compared - f.Matched} | {f.EmptyBoth} |\n");

        var mismatches = rows.Where(r => !r.Match).ToList();
        if (mismatches.Count > 0)
        {
            md.Append("\n## Mismatches\n\n| Netmera id | Person | Field | Expected | Actual |\n|---|---:|---|---|---|\n");
            foreach (var v in mismatches.Take(200))
                md.Append(CultureInfo.InvariantCulture, $"| {Cell(v.ExtId)} | {v.PersonId} | {Cell(v.Field)} | {Cell(v.Expected)} | {Cell(v.Actual)} |\n");
            if (mismatches.Count > 200)
                md.Append(CultureInfo.InvariantCulture, $"\n{mismatches.Count - 200} more in the CSV.\n");
        }
        if (neverFilled.Count > 0)
            md.Append("\n## Mapped fields no staged user fills\n\nNo person can show these: ").Append(string.Join(", ", neverFilled.Select(Cell))).Append(".\n");
        if (unverified.Count > 0)
        {
            md.Append("\n## Users not compared\n\n| Netmera id | Reason | Detail |\n|---|---|---|\n");
            foreach (var u in unverified.Take(200))
                md.Append(CultureInfo.InvariantCulture, $"| {Cell(u.ExtId)} | {Cell(u.Code)} | {Cell(u.Detail)} |\n");
        }
        md.Append(keepMatches
            ? "\nEvery value compared is in the CSV (netmera_id, person_id, field, expected, actual, match).\n"
            : "\nEvery mismatched value is in the CSV (netmera_id, person_id, field, expected, actual, match).\n");
        md.Append("Values are shown as fingerprints, their length and a hash prefix, so this report holds no personal data: " +
            "equal fingerprints are equal values; open the person in Pipedrive (person id) and the user in Netmera (Netmera id) to see the values.\n");
        return md.ToString();
    }

    /// <summary>"(17) #3fa2c1d0": the value's length and the first 8 hex digits of its SHA-256; empty stays empty.</summary>
    public static string Fingerprint(string? value) =>
        string.IsNullOrEmpty(value)
            ? ""
            : $"({value.Length.ToString(CultureInfo.InvariantCulture)}) #{Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(Encoding.UTF8.GetBytes(value)))[..8]}";

    private void Tally(FieldTally add) =>
        fields[add.Field] = fields.TryGetValue(add.Field, out var t)
            ? new FieldTally(add.Field, t.Compared + add.Compared, t.Matched + add.Matched, t.EmptyBoth + add.EmptyBoth)
            : add;

    private static string Cell(string? value) =>
        (value ?? "").Replace("|", "\\|", StringComparison.Ordinal).Replace("\n", " ", StringComparison.Ordinal).Replace("\r", "", StringComparison.Ordinal);
}

public sealed record FieldTally(string Field, int Compared, int Matched, int EmptyBoth);

public sealed record VerifiedValue(string ExtId, long PersonId, string Field, string Expected, string Actual, bool Match);

public sealed record UnverifiedPerson(string ExtId, string Code, string Detail);

/// <summary>One batch's verification, kept as a blob until the report merges the parts.</summary>
public sealed record VerificationPart(int Verified, IReadOnlyList<FieldTally> Fields, IReadOnlyList<VerifiedValue> Values, IReadOnlyList<UnverifiedPerson> Unverified);
