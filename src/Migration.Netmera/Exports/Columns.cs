using System.Text;

namespace Migration.Netmera.Exports;

/// <summary>A column a reader understands: a name for messages, the header names it accepts (in order of preference), and whether a file must have it.</summary>
internal sealed record ColumnSpec(string Name, bool Required, params string[] Aliases)
{
    public IEnumerable<string> Keys => Aliases.Prepend(Name).Select(Columns.Key);
}

/// <summary>
/// Header names matched case-insensitively after trimming, ignoring spaces, underscores, hyphens and
/// other punctuation: "External ID", "external_id", "ExternalId" and "EXTERNAL-ID" are one name.
/// </summary>
internal static class Columns
{
    public static string Key(string header)
    {
        var key = new StringBuilder(header.Length);
        foreach (var c in header.Trim().ToLowerInvariant())
        {
            if (char.IsLetterOrDigit(c))
                key.Append(c);
        }
        return key.ToString();
    }

    // Shared vocabularies -------------------------------------------------------------------------

    public static readonly ColumnSpec ExtId = new("External ID", true, "ExternalId", "extId", "External User ID", "Ext ID", "externalUserId");
    public static readonly ColumnSpec Email = new("Email", false, "E-mail", "Email Address", "Mail");
    public static readonly ColumnSpec Msisdn = new("MSISDN", false, "Phone", "Phone Number", "GSM", "GSM No", "Mobile Number");
    public static readonly ColumnSpec Platform = new("Platform", false, "Device Platform");
    public static readonly ColumnSpec InstallationId = new("Installation ID", false, "installationId", "Installation");
    public static readonly ColumnSpec Timestamp = new("Timestamp", true, "Time", "Event Time", "Event Date", "Date", "Date Time", "Created At", "timeStamp", "eventTime", "Occurred At");
}

/// <summary>A header resolved against a reader's columns: where each known column is, and which columns are left.</summary>
internal sealed class ColumnMap
{
    private readonly Dictionary<ColumnSpec, int> found = [];

    public ColumnMap(IReadOnlyList<string> header, IEnumerable<ColumnSpec> specs, string fileWhat)
    {
        Header = header;
        var byKey = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < header.Count; i++)
        {
            if (header[i].Length == 0)
                continue;
            var key = Columns.Key(header[i]);
            if (key.Length == 0)
                throw new NetmeraExportFormatException($"Column {i + 1} of the {fileWhat} header has a name without letters or digits.");
            if (!byKey.TryAdd(key, i))
                throw new NetmeraExportFormatException(
                    $"The {fileWhat} header names the column '{header[i]}' twice (columns {byKey[key] + 1} and {i + 1}); export again without the duplicate.");
        }

        var claimed = new HashSet<int>();
        var missing = new List<ColumnSpec>();
        foreach (var spec in specs)
        {
            // The first accepted name present wins; other accepted names stay ordinary columns.
            var index = spec.Keys.Select(k => byKey.TryGetValue(k, out var i) && !claimed.Contains(i) ? i : -1).FirstOrDefault(i => i >= 0, -1);
            if (index >= 0)
            {
                found[spec] = index;
                claimed.Add(index);
            }
            else if (spec.Required)
            {
                missing.Add(spec);
            }
        }
        if (missing.Count > 0)
            throw new NetmeraExportFormatException(
                $"The {fileWhat} has no {string.Join(", no ", missing.Select(m => $"'{m.Name}' column (accepted names: {string.Join(", ", m.Aliases.Prepend(m.Name))})"))}. " +
                $"Columns found: {string.Join(", ", header.Where(h => h.Length > 0))}.");

        Unclaimed = Enumerable.Range(0, header.Count).Where(i => !claimed.Contains(i) && header[i].Length > 0).ToList();
        Nameless = Enumerable.Range(0, header.Count).Where(i => header[i].Length == 0).ToList();
    }

    public IReadOnlyList<string> Header { get; }

    /// <summary>Named columns no spec claimed, in header order.</summary>
    public IReadOnlyList<int> Unclaimed { get; }

    /// <summary>Trailing columns without a name: their cells must be empty.</summary>
    public IReadOnlyList<int> Nameless { get; }

    public bool Has(ColumnSpec spec) => found.ContainsKey(spec);

    public int IndexOf(ColumnSpec spec) => found.TryGetValue(spec, out var i) ? i : -1;

    public object? Cell(TabularRow row, ColumnSpec spec) => found.TryGetValue(spec, out var i) ? row.Cells[i] : null;

    public string? Text(TabularRow row, ColumnSpec spec) => Cells.Text(Cell(row, spec));

    /// <summary>A reject reason when a nameless trailing column holds a value, else null.</summary>
    public string? NamelessValue(TabularRow row) =>
        Nameless.Count > 0 && Nameless.Any(i => !Cells.IsEmpty(row.Cells[i]))
            ? "a value sits in a column whose header has no name"
            : null;
}
