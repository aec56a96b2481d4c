using System.Globalization;
using System.Net;
using System.Text;

namespace Migration.Domain.Mapping;

/// <summary>
/// The mapping document as people read it before approving: Markdown and a self-contained HTML page
/// (no scripts, styles inline, every value escaped), and the changes between two versions. Deterministic.
/// </summary>
public static class FieldMapRendering
{
    /// <summary>Options listed per line before "and n more".</summary>
    public const int OptionsShown = 20;

    private static readonly string[] Notes =
    [
        "Pipedrive has no yes/no (boolean) field type: true/false values become a single-option field with the options Yes and No.",
        "A short text field (varchar) holds 255 characters; longer values are cut at a character boundary. Long text holds about 65,000.",
        "Dates are written as the UTC calendar day of the Netmera value (epoch milliseconds or ISO-8601).",
        "Values that cannot be converted (a word in a number field, an unknown option) are left out of that person and counted in the run's report; the person still moves.",
        "Confidence is how sure the proposal is (1 = certain); read lines below 0.7 and every flag before approving.",
    ];

    private static readonly string[] Columns = ["Source", "Target", "Type", "Transform", "Confidence", "Reason", "Flags"];

    public static string Markdown(FieldMap map)
    {
        ArgumentNullException.ThrowIfNull(map);
        var md = new StringBuilder();
        md.Append(CultureInfo.InvariantCulture, $"# Field map, version {map.Version}\n\n");
        if (map.BasedOn is { } basedOn)
            md.Append(CultureInfo.InvariantCulture, $"Edited from version {basedOn} by {map.EditedBy}{(map.EditNote is null ? "" : $": {map.EditNote}")}.\n\n");
        else
            md.Append("The automatic proposal. Nothing moves until a person approves a version of this map.\n\n");
        foreach (var note in Notes)
            md.Append("- ").Append(note).Append('\n');
        md.Append("\n").Append(Totals(map)).Append("\n");

        foreach (var (title, lines) in Sections(map))
        {
            md.Append("\n## ").Append(title).Append("\n\n");
            md.Append("| ").Append(string.Join(" | ", Columns)).Append(" |\n");
            md.Append('|').Append(string.Concat(Columns.Select(_ => " --- |"))).Append('\n');
            foreach (var line in lines)
                md.Append("| ").Append(string.Join(" | ", Cells(line).Select(Cell))).Append(" |\n");
        }

        return md.ToString();
    }

    public static string Html(FieldMap map)
    {
        ArgumentNullException.ThrowIfNull(map);
        var html = new StringBuilder();
        html.Append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n");
        html.Append(CultureInfo.InvariantCulture, $"<title>Field map, version {map.Version}</title>\n");
        html.Append("<style>body{font-family:system-ui,sans-serif;margin:2rem;color:#222}table{border-collapse:collapse;width:100%;margin-bottom:2rem}")
            .Append("th,td{border:1px solid #ccc;padding:.3rem .5rem;text-align:left;vertical-align:top;font-size:.9rem}th{background:#f3f3f3}")
            .Append(".low{background:#fff4e0}.flag{color:#a33}code{font-size:.85rem}</style>\n</head>\n<body>\n");
        html.Append(CultureInfo.InvariantCulture, $"<h1>Field map, version {map.Version}</h1>\n");
        if (map.BasedOn is { } basedOn)
            html.Append("<p>").Append(E($"Edited from version {basedOn} by {map.EditedBy}{(map.EditNote is null ? "" : $": {map.EditNote}")}.")).Append("</p>\n");
        else
            html.Append("<p>The automatic proposal. Nothing moves until a person approves a version of this map.</p>\n");
        html.Append("<ul>\n");
        foreach (var note in Notes)
            html.Append("<li>").Append(E(note)).Append("</li>\n");
        html.Append("</ul>\n<p>").Append(E(Totals(map))).Append("</p>\n");

        foreach (var (title, lines) in Sections(map))
        {
            html.Append("<h2>").Append(E(title)).Append("</h2>\n<table>\n<tr>");
            foreach (var column in Columns)
                html.Append("<th>").Append(E(column)).Append("</th>");
            html.Append("</tr>\n");
            foreach (var line in lines)
            {
                html.Append(line.Confidence < 0.7 ? "<tr class=\"low\">" : "<tr>");
                var cells = Cells(line);
                for (var i = 0; i < cells.Count; i++)
                    html.Append(i == 6 ? "<td class=\"flag\">" : "<td>").Append(E(cells[i])).Append("</td>");
                html.Append("</tr>\n");
            }

            html.Append("</table>\n");
        }

        html.Append("</body>\n</html>\n");
        return html.ToString();
    }

    public static string Markdown(FieldMapDiff diff)
    {
        ArgumentNullException.ThrowIfNull(diff);
        var md = new StringBuilder();
        md.Append(CultureInfo.InvariantCulture, $"# Field map changes, version {diff.FromVersion} to {diff.ToVersion}\n\n");
        if (diff.IsEmpty)
            return md.Append("No lines changed.\n").ToString();
        md.Append("| Source | Before | After |\n| --- | --- | --- |\n");
        foreach (var change in diff.Changes)
        {
            var before = change.BeforeTarget is null ? "(no line)" : $"{TargetText(change.BeforeTarget)}, {TypeText(change.BeforeTarget)}, `{change.BeforeTransform}`";
            var after = change.AfterTarget is null ? "(no line)" : $"{TargetText(change.AfterTarget)}, {TypeText(change.AfterTarget)}, `{change.AfterTransform}`";
            md.Append("| ").Append(Cell($"`{change.SourceId}`")).Append(" | ").Append(Cell(before)).Append(" | ").Append(Cell(after)).Append(" |\n");
        }

        return md.ToString();
    }

    private static string Totals(FieldMap map)
    {
        var custom = FieldMapValidator.CustomFields(map);
        var perEntity = string.Join(", ", custom.GroupBy(f => f.Entity, StringComparer.Ordinal).OrderBy(g => g.Key, StringComparer.Ordinal).Select(g => $"{g.Count()} on {g.Key}s"));
        var labels = map.Lines.Where(l => l.Target.Kind == TargetKinds.Label).Sum(l => l.Target.Options.Count);
        var activityTypes = map.Lines.Count(l => l.Target.Kind == TargetKinds.ActivityType);
        var notMoved = map.Lines.Count(l => l.Target.Kind == TargetKinds.None);
        var review = map.Lines.Count(l => l.Confidence < 0.7 || l.Flags.Count > 0);
        return string.Create(CultureInfo.InvariantCulture,
            $"{map.Lines.Count} lines: {custom.Count} custom fields to find or create ({perEntity}; \"{FieldMapProposal.NetmeraIdField}\" on persons, organizations and deals included), {labels} person labels, {activityTypes} activity types, {notMoved} not moved; {review} to review (confidence under 0.7 or flagged).");
    }

    private static IEnumerable<(string Title, IReadOnlyList<MappingLine> Lines)> Sections(FieldMap map)
    {
        var order = new List<string>();
        var sections = new Dictionary<string, List<MappingLine>>(StringComparer.Ordinal);
        foreach (var line in map.Lines)
        {
            var title = line.Group ?? KindTitle(line.Source.Kind);
            if (!sections.TryGetValue(title, out var lines))
            {
                sections[title] = lines = [];
                order.Add(title);
            }

            lines.Add(line);
        }

        return order.Select(t => (t, (IReadOnlyList<MappingLine>)sections[t]));
    }

    private static string KindTitle(string kind) => kind switch
    {
        SourceKinds.Identity => "Identity",
        SourceKinds.Profile => "Profile attributes",
        SourceKinds.Device => "Devices",
        SourceKinds.Survey => "Surveys",
        SourceKinds.Tags => "Tags",
        SourceKinds.Segments => "Segments",
        SourceKinds.Event => "Events",
        SourceKinds.Campaign => "Campaigns",
        _ => kind,
    };

    private static IReadOnlyList<string> Cells(MappingLine line)
    {
        var reason = line.Reason;
        var alternatives = line.Alternatives.Select(a => a.Kind == TargetKinds.None ? "not moved" : $"{TargetText(a)} ({TypeText(a)})").ToArray();
        if (alternatives.Length > 0)
            reason += " Alternatives: " + string.Join("; ", alternatives) + ".";
        return
        [
            $"{line.Source.Name} (`{line.SourceId}`)",
            TargetText(line.Target),
            TypeText(line.Target),
            $"`{line.Transform}`",
            line.Confidence.ToString("0.00", CultureInfo.InvariantCulture),
            reason,
            string.Join(" ", line.Flags),
        ];
    }

    private static string TargetText(FieldTarget target) => target.Kind switch
    {
        TargetKinds.Standard => $"{target.Entity} `{target.Name}`",
        TargetKinds.Custom => $"{target.Entity} field \"{target.Name}\"",
        TargetKinds.Label => $"{target.Entity} labels",
        TargetKinds.ActivityType => $"activity type \"{target.Name}\"",
        TargetKinds.Summary => $"{target.Entity} summary \"{target.Name}\"",
        TargetKinds.None => "not moved",
        _ => $"{target.Entity} {target.Kind} \"{target.Name}\"",
    };

    private static string TypeText(FieldTarget target)
    {
        var type = target.Kind switch
        {
            TargetKinds.Label => "labels",
            TargetKinds.Summary => "count (double), first and last seen (date)",
            TargetKinds.ActivityType => "activities",
            TargetKinds.None => "-",
            TargetKinds.Standard => target.FieldType ?? "built-in",
            _ => target.FieldType ?? "-",
        };
        if (target.Options.Count == 0)
            return type;

        // Options are separated by semicolons: option names often hold commas ("No, a little late").
        var shown = string.Join("; ", target.Options.Take(OptionsShown));
        var more = target.Options.Count > OptionsShown ? string.Create(CultureInfo.InvariantCulture, $" and {target.Options.Count - OptionsShown} more") : "";
        return $"{type}: {shown}{more}";
    }

    private static string Cell(string text) =>
        text.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("|", "\\|", StringComparison.Ordinal)
            .Replace("\r\n", " ", StringComparison.Ordinal).Replace('\n', ' ').Replace('\r', ' ');

    private static string E(string text) => WebUtility.HtmlEncode(text);
}
