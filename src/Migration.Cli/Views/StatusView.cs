using System.Globalization;
using System.Text.Json.Nodes;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace Migration.Cli.Views;

/// <summary>
/// A run's status (GET /api/migrations/{id}) at a glance: where it stands, each record-moving phase as a
/// progress bar with its counts, the running load's batches, tokens and ETA, the Pipedrive budget used and
/// left, and the open gate with the command that decides it.
/// </summary>
public static class StatusView
{
    private const int BarWidth = 24;

    /// <summary>The exit code a status means: failed 1, holding at a gate 4, otherwise 0.</summary>
    public static int ExitCode(JsonNode status) => State(status) switch
    {
        RunState.Failed => ExitCodes.RunFailed,
        RunState.AtGate => ExitCodes.AtGate,
        _ => ExitCodes.Ok,
    };

    public enum RunState { Running, AtGate, Completed, Failed }

    public static RunState State(JsonNode status)
    {
        var runtime = Text(status["runtimeStatus"]);
        if (runtime is "Failed" or "Terminated")
            return RunState.Failed;
        if (runtime == "Completed")
            return RunState.Completed;
        return status["openGate"] is JsonObject ? RunState.AtGate : RunState.Running;
    }

    /// <summary>A one-line summary for logs and non-interactive terminals.</summary>
    public static string Line(JsonNode status)
    {
        var line = $"{Text(status["runId"])}: {Text(status["runtimeStatus"])}, phase {Text(status["phase"], "-")}";
        if (status["progress"] is JsonObject p)
            line += $", batches {Number(p["batchesDone"])}/{Number(p["batchCount"])}, {Number(p["tokensSpent"]):N0} tokens";
        if (status["openGate"] is JsonObject gate)
            line += $", waiting at gate {Text(gate["name"])}";
        return line;
    }

    public static IRenderable Render(JsonNode status)
    {
        var runId = Text(status["runId"]);
        var rows = new List<IRenderable>
        {
            new Markup($"[bold]Run {Markup.Escape(runId)}[/]  {RuntimeMarkup(status)}  phase [bold]{Markup.Escape(Text(status["phase"], "-"))}[/]"),
            Phases(status),
        };

        if (status["progress"] is JsonObject progress)
        {
            var done = Number(progress["batchesDone"]);
            var all = Number(progress["batchCount"]);
            rows.Add(new Markup($"Load [bold]{Markup.Escape(Text(status["phase"]))}[/]: {Bar(done, all)} {done:N0}/{all:N0} batches, " +
                $"{Number(progress["tokensSpent"]):N0} tokens, ETA {Markup.Escape(Time(progress["eta"]))}"));
        }
        if (status["pipedrive"] is JsonObject pipedrive)
            rows.Add(Budget(pipedrive));
        if (Text(status["waitingForNetmeraQuotaUntil"]) is { Length: > 0 } quota)
            rows.Add(new Markup($"[yellow]Waiting for Netmera's quota until {Markup.Escape(Time(status["waitingForNetmeraQuotaUntil"]))}[/] ({Markup.Escape(quota)})"));
        if (status["openGate"] is JsonObject gate)
            rows.Add(Gate(runId, gate));
        if (status["failure"] is JsonObject failure)
        {
            rows.Add(new Panel(new Markup($"[red]{Markup.Escape(Text(failure["message"]))}[/]\n{Markup.Escape(Text(failure["resume"]))}"))
                .Header($"Failed in {Markup.Escape(Text(failure["phase"], "?"))}").BorderColor(Color.Red));
        }
        if (status["balances"] is JsonValue balances && balances.TryGetValue<bool>(out var balanced))
            rows.Add(new Markup(balanced ? "[green]Every phase balances: expected = created + updated + skipped + rejected.[/]" : "[red]The run does not balance: read reports/reconciliation.json.[/]"));
        return new Rows(rows);
    }

    private static Table Phases(JsonNode status)
    {
        var table = new Table().Border(TableBorder.Rounded).Title("Phases")
            .AddColumn("Phase").AddColumn("Progress").AddColumn(new TableColumn("Done").RightAligned())
            .AddColumn(new TableColumn("Expected").RightAligned()).AddColumn(new TableColumn("Created").RightAligned())
            .AddColumn(new TableColumn("Updated").RightAligned()).AddColumn(new TableColumn("Skipped").RightAligned())
            .AddColumn(new TableColumn("Rejected").RightAligned());
        var current = Text(status["phase"]);
        foreach (var phase in status["phases"] as JsonArray ?? [])
        {
            if (phase is null)
                continue;
            var name = Text(phase["name"]);
            var (done, expected) = (Number(phase["done"]), Number(phase["expected"]));
            table.AddRow(
                new Markup(name == current ? $"[bold]{Markup.Escape(name)}[/]" : Markup.Escape(name)),
                new Markup(expected > 0 || done > 0 ? Bar(done, expected) : "[grey]-[/]"),
                new Text(done.ToString("N0", CultureInfo.InvariantCulture)),
                new Text(expected.ToString("N0", CultureInfo.InvariantCulture)),
                new Text(Number(phase["created"]).ToString("N0", CultureInfo.InvariantCulture)),
                new Text(Number(phase["updated"]).ToString("N0", CultureInfo.InvariantCulture)),
                new Text(Number(phase["skipped"]).ToString("N0", CultureInfo.InvariantCulture)),
                new Markup(Number(phase["rejected"]) is var r and > 0 ? $"[yellow]{r:N0}[/]" : "0"));
        }
        return table;
    }

    private static Markup Budget(JsonObject pipedrive)
    {
        var text = "Pipedrive budget: ";
        if (pipedrive["today"] is JsonObject today)
        {
            var (daily, used, left) = (Number(today["dailyTokens"]), Number(today["used"]), Number(today["left"]));
            text += $"{Bar(used, daily)} used {used:N0} of {daily:N0} tokens today, {left:N0} left, resets {Markup.Escape(Time(today["resetsAt"]))}";
        }
        else
        {
            text += "[grey]today's account unknown (connection not configured on the host)[/]";
        }
        if (pipedrive["run"] is JsonObject run)
        {
            text += $"\nThis run: {Number(run["tokens"]):N0} tokens in {Number(run["requests"]):N0} requests, {Number(run["retries"]):N0} retries, " +
                $"{Number(run["rateLimited"]):N0} × 429, {Number(run["serverErrors"]):N0} × 5xx";
        }
        if (Text(pipedrive["waitingForBudgetUntil"]) is { Length: > 0 })
            text += $"\n[yellow]The day's budget is spent: the phase sleeps until {Markup.Escape(Time(pipedrive["waitingForBudgetUntil"]))}[/]";
        return new Markup(text);
    }

    private static Panel Gate(string runId, JsonObject gate)
    {
        var name = Text(gate["name"]);
        var decisions = (gate["decisions"] as JsonArray ?? []).Select(d => Text(d)).ToList();
        var command = name == "mapping"
            ? $"netmera-pipedrive mapping show {runId}, then: netmera-pipedrive mapping approve {runId} --approver \"<name>\""
            : $"netmera-pipedrive approve {runId} {name} --approver \"<name>\" --decision {decisions.FirstOrDefault() ?? "approve"}" + (name == "gdpr" ? " --basis \"<legal basis>\"" : "");
        return new Panel(new Markup(
                $"{Markup.Escape(Text(gate["question"]))}\n[grey]since {Markup.Escape(Time(gate["since"]))}; decisions: {Markup.Escape(string.Join(", ", decisions))}[/]\n" +
                $"Decide with: [bold]{Markup.Escape(command)}[/]"))
            .Header($"Waiting at gate {Markup.Escape(name)}").BorderColor(Color.Yellow);
    }

    private static string RuntimeMarkup(JsonNode status) => State(status) switch
    {
        RunState.Completed => "[green]Completed[/]",
        RunState.Failed => $"[red]{Markup.Escape(Text(status["runtimeStatus"]))}[/]",
        RunState.AtGate => "[yellow]Waiting at a gate[/]",
        _ => $"[blue]{Markup.Escape(Text(status["runtimeStatus"]))}[/]",
    };

    /// <summary>A text progress bar with its percentage; Spectre's Progress widget owns the screen, this fits in a table cell.</summary>
    public static string Bar(long done, long of)
    {
        var share = of <= 0 ? 0 : Math.Clamp((double)done / of, 0, 1);
        var filled = (int)Math.Round(share * BarWidth);
        var colour = share >= 1 ? "green" : "blue";
        return $"[{colour}]{new string('█', filled)}[/][grey]{new string('░', BarWidth - filled)}[/] {share * 100,3:0}%";
    }

    private static string Time(JsonNode? node) =>
        DateTimeOffset.TryParse(Text(node), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at)
            ? at.ToUniversalTime().ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture)
            : "-";

    public static long Number(JsonNode? node) => node is JsonValue v && v.TryGetValue<long>(out var n) ? n
        : node is JsonValue d && d.TryGetValue<double>(out var x) ? (long)x : 0;

    public static string Text(JsonNode? node, string empty = "") => node is JsonValue v && v.TryGetValue<string>(out var s) && s.Length > 0 ? s : empty;
}
