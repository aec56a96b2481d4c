using System.CommandLine;
using System.Text.Json.Nodes;
using Migration.Cli.Views;
using Spectre.Console;

namespace Migration.Cli.Commands;

/// <summary><c>reports get</c>: the reports a run has written, one of them, or all of them into a folder.</summary>
public static class ReportCommands
{
    public static IEnumerable<Command> All(CliEnvironment environment)
    {
        var reports = new Command("reports", "The run's reports (scope, schema, verification, reconciliation, rejects, …).");
        reports.Subcommands.Add(Get(environment));
        return [reports];
    }

    private static Command Get(CliEnvironment environment)
    {
        var name = new Argument<string?>("name") { Description = "A report's name (omit to list them).", Arity = ArgumentArity.ZeroOrOne };
        var output = new Option<string?>("--out", "-o") { Description = "Write to this file (with a name) or folder (without: every report written so far)." };
        var command = new Command("get", "List the reports written so far, print one, or save them (--out).") { RunCommands.RunId, name, output };
        CommandContext.Bind(command, environment, async (context, ct) =>
        {
            var p = context.Parse;
            var runId = p.GetValue(RunCommands.RunId)!;
            var report = p.GetValue(name);
            var target = p.GetValue(output);
            if (report is null)
            {
                var list = await context.Host.GetAsync(HostClient.RunPath(runId, "/reports"), ct).ConfigureAwait(false);
                if (target is null || !list.IsSuccess)
                    return await context.FinishAsync(list, "reports", a => Table(a.Json)).ConfigureAwait(false);
                Directory.CreateDirectory(target);
                foreach (var entry in list.Json as JsonArray ?? [])
                {
                    var reportName = StatusView.Text(entry?["name"]);
                    var code = await SaveAsync(context, runId, reportName, Path.Combine(target, reportName), ct).ConfigureAwait(false);
                    if (code != ExitCodes.Ok)
                        return code;
                }
                return ExitCodes.Ok;
            }
            if (target is not null)
                return await SaveAsync(context, runId, report, Directory.Exists(target) ? Path.Combine(target, report) : target, ct).ConfigureAwait(false);
            var content = await context.Host.GetAsync(HostClient.RunPath(runId, $"/reports/{Uri.EscapeDataString(report)}"), ct).ConfigureAwait(false);
            if (!content.IsSuccess)
                return await context.FinishAsync(content, "reports").ConfigureAwait(false);
            // A report's content is the answer itself: printed as it is, --json or not.
            await context.Environment.Out.WriteAsync(content.Body).ConfigureAwait(false);
            return ExitCodes.Ok;
        });
        return command;
    }

    private static async Task<int> SaveAsync(CommandContext context, string runId, string name, string path, CancellationToken ct)
    {
        var content = await context.Host.GetAsync(HostClient.RunPath(runId, $"/reports/{Uri.EscapeDataString(name)}"), ct).ConfigureAwait(false);
        if (!content.IsSuccess)
            return await context.FinishAsync(content, "reports").ConfigureAwait(false);
        await File.WriteAllTextAsync(path, content.Body, ct).ConfigureAwait(false);
        if (!context.Json)
            context.Environment.Console.MarkupLine($"saved [bold]{Markup.Escape(name)}[/] to {Markup.Escape(path)}");
        return ExitCodes.Ok;
    }

    private static Table Table(JsonNode? list)
    {
        var table = new Table().Border(TableBorder.Rounded).Title("Reports written so far").AddColumn("Name").AddColumn("Type").AddColumn("URL");
        foreach (var report in list as JsonArray ?? [])
            table.AddRow(Markup.Escape(StatusView.Text(report?["name"])), Markup.Escape(StatusView.Text(report?["contentType"])), Markup.Escape(StatusView.Text(report?["url"])));
        return table;
    }
}
