using System.Globalization;
using System.Text.Json.Nodes;
using Spectre.Console;
using Spectre.Console.Rendering;
using static Migration.Cli.Views.StatusView;

namespace Migration.Cli.Views;

/// <summary>An estimate (POST /api/estimates): tokens per object, days and hours, the cheapest changes, the verdict.</summary>
public static class EstimateView
{
    public static IRenderable Render(JsonNode estimate)
    {
        var lines = new Table().Border(TableBorder.Rounded).Title("What the run writes and reads")
            .AddColumn("Item").AddColumn(new TableColumn("Records").RightAligned())
            .AddColumn(new TableColumn("Requests").RightAligned()).AddColumn(new TableColumn("Tokens").RightAligned());
        foreach (var line in estimate["lines"] as JsonArray ?? [])
        {
            if (line is null)
                continue;
            lines.AddRow(Text(line["item"]), N(line["records"]), N(line["requests"]), N(line["tokens"]));
        }
        lines.AddRow("[bold]total[/]", $"[bold]{N(estimate["records"])}[/]", $"[bold]{N(estimate["requests"])}[/]", $"[bold]{N(estimate["tokens"])}[/]");

        var limits = estimate["pipedrive"];
        var rows = new List<IRenderable>
        {
            lines,
            new Markup($"Pipedrive {Markup.Escape(Text(limits?["plan"]))}, {Number(limits?["seats"])} seat(s), {N(limits?["topUpTokens"])} top-up tokens: " +
                $"[bold]{N(estimate["dailyTokens"])}[/] tokens a day, {Number(limits?["burstPerWindow"])} requests per 2 s"),
            new Markup($"[bold]{Double(estimate["days"]):0.##} days[/] of the daily budget ({Number(estimate["budgetDays"])} budget day(s) from a reset); " +
                $"[bold]{Double(estimate["burstHours"]):0.##} hours[/] of requests at the burst limit"),
        };
        var savings = estimate["savings"] as JsonArray ?? [];
        if (savings.Count > 0)
        {
            var table = new Table().Border(TableBorder.Rounded).Title("What cuts the cost most")
                .AddColumn("Option").AddColumn("Change").AddColumn(new TableColumn("Tokens saved").RightAligned()).AddColumn(new TableColumn("Days saved").RightAligned());
            foreach (var s in savings)
            {
                if (s is null)
                    continue;
                table.AddRow(Markup.Escape(Text(s["option"])), Markup.Escape(Text(s["change"])), N(s["tokensSaved"]), Double(s["daysSaved"]).ToString("0.##", CultureInfo.InvariantCulture));
            }
            rows.Add(table);
        }
        var scoped = estimate["scopeIndividually"] is JsonValue v && v.TryGetValue<bool>(out var b) && b;
        rows.Add(new Markup(scoped ? $"[yellow]{Markup.Escape(Text(estimate["verdict"]))}[/]" : Markup.Escape(Text(estimate["verdict"]))));
        return new Rows(rows);
    }

    private static string N(JsonNode? node) => Number(node).ToString("N0", CultureInfo.InvariantCulture);

    private static double Double(JsonNode? node) => node is JsonValue v && v.TryGetValue<double>(out var d) ? d : 0;
}
