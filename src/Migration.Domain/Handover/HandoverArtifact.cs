using System.Globalization;
using System.Text;

namespace Migration.Domain.Handover;

/// <summary>
/// One written inventory of the handover (<c>reports/handover/{file}</c>): what cannot move into Pipedrive as records, or
/// moves there without what the next tool needs, listed for the people who rebuild it by hand.
/// </summary>
public sealed record HandoverArtifact(string Key, string Title, string File)
{
    public const string Folder = "reports/handover/";

    public string MarkdownPath => Folder + File + ".md";
    public string CsvPath => Folder + File + ".csv";

    /// <summary>Names under <c>GET /api/migrations/{id}/reports/{name}</c> (flat: the route takes one segment).</summary>
    public string MarkdownName => "handover-" + File + ".md";
    public string CsvName => "handover-" + File + ".csv";

    public static HandoverArtifact Journeys { get; } = new("journeys", "Journey inventory", "journeys");
    public static HandoverArtifact Campaigns { get; } = new("campaigns", "Campaign reference sheet", "campaigns");
    public static HandoverArtifact WidgetAssets { get; } = new("widget-assets", "Widget asset inventory", "widget-assets");
    public static HandoverArtifact PushTokens { get; } = new("push-tokens", "Push-token reference list", "push-tokens");
    public static HandoverArtifact Surveys { get; } = new("surveys", "Survey inventory", "surveys");
    public static HandoverArtifact UsersWithoutEmail { get; } = new("users-without-email", "Users without email", "users-without-email");
    public static HandoverArtifact RebuildChecklist { get; } = new("workflow-rebuild-checklist", "Workflow-rebuild checklist", "workflow-rebuild-checklist");

    /// <summary>Every artifact the handover writes, in the index's order (the index itself apart).</summary>
    public static IReadOnlyList<HandoverArtifact> All { get; } =
        [Journeys, Campaigns, WidgetAssets, Surveys, PushTokens, UsersWithoutEmail, RebuildChecklist];

    public const string IndexPath = Folder + "README.md";
    public const string IndexName = "handover.md";
}

/// <summary>What the index says of one artifact: how many of what it lists, and, when it lists nothing, why.</summary>
public sealed record HandoverEntry(HandoverArtifact Artifact, long Count, string Counted, string Source, string? EmptyBecause)
{
    public bool IsEmpty => Count == 0;

    /// <summary>The operator provided no file for this inventory (as opposed to a file without readable records).</summary>
    public bool NotProvided { get; init; }
}

/// <summary>A rendered artifact: its Markdown, its CSV (one header row of column names, then data) and its index entry.</summary>
public sealed record HandoverDocument(string Markdown, string Csv, HandoverEntry Entry);

/// <summary>
/// An inventory as the import staged it: the files it was read from (empty when the operator provided none) and
/// the records those files held.
/// </summary>
public sealed record Inventory<T>(IReadOnlyList<string> Files, IReadOnlyList<T> Records)
{
    public static Inventory<T> NotProvided { get; } = new([], []);

    public bool Provided => Files.Count > 0;

    /// <summary>Where the records came from, for the artifact's header.</summary>
    public string Source(string kind) => Provided
        ? string.Join(", ", Files) + " (import folder)"
        : $"no {kind} file in the run's import folder";

    /// <summary>The header of an artifact rendered from this inventory: its source, and why it is empty when it is.</summary>
    internal StringBuilder Header(HandoverArtifact artifact, string runId, DateTimeOffset generatedAt, string kind, string records, string purpose, string pipedriveCannot) =>
        HandoverText.Header(artifact, runId, generatedAt, Source(kind), purpose, pipedriveCannot, EmptyBecause(kind, records));

    /// <summary>The index entry of an artifact rendered from this inventory: one counted per record.</summary>
    internal HandoverEntry Entry(HandoverArtifact artifact, string kind, string records, string counted) =>
        new(artifact, Records.Count, counted, Source(kind), EmptyBecause(kind, records)) { NotProvided = !Provided };

    /// <summary>Why an inventory lists nothing: no file, or files without a readable record; null when it has records.</summary>
    public string? EmptyBecause(string kind, string records) => Records.Count > 0 ? null
        : Provided
            ? $"the {kind} file ({string.Join(", ", Files)}) held no readable {records}; its rejected rows are in rejects-extract-files.csv"
            : $"the operator provided no {kind} file, so nothing could be listed. Export it from the Netmera panel " +
              "(docs/netmera-files.md names the accepted files and columns), upload it to the run's import folder and run a new migration, or list it by hand";
}

/// <summary>Counts by category, added per batch and merged across parts (keys such as <c>migrated|absent</c>).</summary>
public sealed record Tally(IReadOnlyDictionary<string, long> Counts)
{
    public static Tally Empty { get; } = new(new Dictionary<string, long>());

    public long Total => Counts.Values.Sum();

    public long this[string key] => Counts.GetValueOrDefault(key);

    /// <summary>The sum of every key whose part at <paramref name="position"/> (split at '|') is <paramref name="value"/>.</summary>
    public long Where(int position, string value) =>
        Counts.Where(c => c.Key.Split('|') is var parts && parts.Length > position && parts[position] == value).Sum(c => c.Value);

    public static Tally Merge(IEnumerable<Tally> tallies)
    {
        var counts = new SortedDictionary<string, long>(StringComparer.Ordinal);
        foreach (var tally in tallies)
        {
            foreach (var (key, value) in tally.Counts)
                counts[key] = counts.GetValueOrDefault(key) + value;
        }
        return new Tally(new Dictionary<string, long>(counts, StringComparer.Ordinal));
    }
}

/// <summary>The parts every handover document shares: its header and the small text helpers.</summary>
internal static class HandoverText
{
    public static StringBuilder Header(HandoverArtifact artifact, string runId, DateTimeOffset generatedAt, string source, string purpose, string pipedriveCannot, string? emptyBecause)
    {
        var md = new StringBuilder();
        md.Append(CultureInfo.InvariantCulture, $"# {artifact.Title}, run {runId}\n\n");
        md.Append(CultureInfo.InvariantCulture, $"Generated {generatedAt:yyyy-MM-dd HH:mm} UTC. Source: {source}. The same rows as CSV: `{artifact.File}.csv`.\n\n");
        md.Append("**What this is for.** ").Append(char.ToUpperInvariant(purpose[0])).Append(purpose.AsSpan(1)).Append("\n\n");
        md.Append("**What Pipedrive cannot do.** ").Append(pipedriveCannot).Append("\n\n");
        if (emptyBecause is not null)
            md.Append("> **This list is empty:** ").Append(emptyBecause).Append(".\n\n");
        return md;
    }

    public static string N(long? value) => value?.ToString(CultureInfo.InvariantCulture) ?? "";

    public static string Time(DateTimeOffset? time) => time?.UtcDateTime.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture) ?? "";

    /// <summary>Text safe inside a Markdown table cell.</summary>
    public static string Cell(string? text) =>
        (text ?? "").Replace("|", "\\|", StringComparison.Ordinal).Replace("\r\n", " ", StringComparison.Ordinal).Replace('\n', ' ').Replace('\r', ' ');
}
