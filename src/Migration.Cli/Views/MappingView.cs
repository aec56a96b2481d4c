using System.Globalization;
using System.Text.Json.Nodes;
using Spectre.Console;
using Spectre.Console.Rendering;
using static Migration.Cli.Views.StatusView;

namespace Migration.Cli.Views;

/// <summary>The field map as a table (one line per source item), and the lines that changed between two versions.</summary>
public static class MappingView
{
    public static IRenderable Render(JsonNode answer)
    {
        var map = answer["map"];
        var version = Number(answer["version"]);
        var approved = answer["approvedVersion"] is JsonValue a ? $", version {Number(a)} approved (frozen)" : ", not approved yet";
        var versions = string.Join(", ", (answer["versions"] as JsonArray ?? []).Select(v => Number(v)));
        var table = new Table().Border(TableBorder.Rounded)
            .Title($"Field map of {Markup.Escape(Text(answer["runId"]))}: version {version} of {Number(answer["latestVersion"])}{approved}")
            .AddColumn("Source").AddColumn("Type").AddColumn("Target").AddColumn("Transform")
            .AddColumn(new TableColumn("Confidence").RightAligned()).AddColumn("Flags");
        foreach (var line in map?["lines"] as JsonArray ?? [])
        {
            if (line is null)
                continue;
            var confidence = line["confidence"] is JsonValue c && c.TryGetValue<double>(out var x) ? x : 0;
            var flags = (line["flags"] as JsonArray ?? []).Select(f => Text(f)).ToList();
            table.AddRow(
                new Text(Text(line["sourceId"])),
                new Text(Text(line["source"]?["dataType"], "-")),
                new Text(Target(line["target"])),
                new Text(Text(line["transform"], "-")),
                new Markup(confidence < 0.6 ? $"[yellow]{Percent(confidence)}[/]" : Percent(confidence)),
                new Markup(flags.Count == 0 ? "" : $"[yellow]{Markup.Escape(string.Join("; ", flags))}[/]"));
        }
        var rows = new List<IRenderable> { table, new Markup($"[grey]versions: {Markup.Escape(versions)}[/]") };
        foreach (var problem in answer["problems"] as JsonArray ?? [])
            rows.Add(new Markup($"[red]problem:[/] {Markup.Escape(problem is JsonObject o ? Text(o["message"], o.ToJsonString()) : Text(problem))}"));
        return new Rows(rows);
    }

    /// <summary>The answer of GET …/mapping/diff, or the <c>diff</c> of an edit's answer.</summary>
    public static IRenderable RenderDiff(JsonNode diff, string title)
    {
        var changes = diff["changes"] as JsonArray ?? [];
        if (changes.Count == 0)
            return new Markup($"[grey]{Markup.Escape(title)}: no line changed.[/]");
        var table = new Table().Border(TableBorder.Rounded).Title(title)
            .AddColumn("Source").AddColumn("Before").AddColumn("After");
        foreach (var change in changes)
        {
            if (change is null)
                continue;
            table.AddRow(
                new Text(Text(change["sourceId"])),
                new Markup($"[red]{Markup.Escape(Side(change["beforeTarget"], change["beforeTransform"]))}[/]"),
                new Markup($"[green]{Markup.Escape(Side(change["afterTarget"], change["afterTransform"]))}[/]"));
        }
        return table;
    }

    private static string Percent(double share) => (share * 100).ToString("0", CultureInfo.InvariantCulture) + "%";

    private static string Side(JsonNode? target, JsonNode? transform) =>
        target is null ? "(absent)" : $"{Target(target)} · {Text(transform, "-")}";

    public static string Target(JsonNode? target)
    {
        if (target is null)
            return "-";
        var type = Text(target["fieldType"]) is { Length: > 0 } t ? $" ({t})" : "";
        return $"{Text(target["entity"])} {Text(target["kind"])} \"{Text(target["name"])}\"{type}";
    }
}
