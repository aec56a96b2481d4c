using System.CommandLine;
using System.Text.Json.Nodes;
using Migration.Cli.Views;
using Spectre.Console;

namespace Migration.Cli.Commands;

/// <summary><c>mapping show|edit|approve</c>: the field map as a table, versions and their diff, edits, the approval.</summary>
public static class MappingCommands
{
    public static IEnumerable<Command> All(CliEnvironment environment)
    {
        var mapping = new Command("mapping", "The run's field map: show it (or the diff between versions), edit it, approve a version.");
        mapping.Subcommands.Add(Show(environment));
        mapping.Subcommands.Add(Edit(environment));
        mapping.Subcommands.Add(Approve(environment));
        return [mapping];
    }

    private static Command Show(CliEnvironment environment)
    {
        var version = new Option<int?>("--version") { Description = "The version to show (default: the latest)." };
        var from = new Option<int?>("--from") { Description = "Show the lines changed since this version instead of the map." };
        var to = new Option<int?>("--to") { Description = "With --from: the later version (default: the latest)." };
        var markdown = new Option<bool>("--markdown") { Description = "Print the host's Markdown rendering (a document to read or keep)." };
        var command = new Command("show", "The field map as a table, or with --from the diff between two versions.") { RunCommands.RunId, version, from, to, markdown };
        CommandContext.Bind(command, environment, async (context, ct) =>
        {
            var p = context.Parse;
            var runId = p.GetValue(RunCommands.RunId)!;
            var format = p.GetValue(markdown) ? "markdown" : "json";
            if (p.GetValue(from) is { } a)
            {
                var b = p.GetValue(to) ?? await LatestVersionAsync(context, runId, ct).ConfigureAwait(false);
                var diff = await context.Host.GetAsync(HostClient.RunPath(runId, $"/mapping/diff?from={a}&to={b}&format={format}"), ct).ConfigureAwait(false);
                return await PrintAsync(context, diff, "mapping diffs", format, answer => MappingView.RenderDiff(answer.Json?["diff"] ?? new JsonObject(), $"Field map changes, version {a} → {b}")).ConfigureAwait(false);
            }
            var query = $"/mapping?format={format}" + (p.GetValue(version) is { } v ? $"&version={v}" : "");
            var map = await context.Host.GetAsync(HostClient.RunPath(runId, query), ct).ConfigureAwait(false);
            return await PrintAsync(context, map, "field maps", format, answer => MappingView.Render(answer.Json!)).ConfigureAwait(false);
        });
        return command;
    }

    private static async Task<int> PrintAsync(CommandContext context, HostAnswer answer, string what, string format, Func<HostAnswer, Spectre.Console.Rendering.IRenderable> view)
    {
        if (format != "markdown" || !answer.IsSuccess)
            return await context.FinishAsync(answer, what, view).ConfigureAwait(false);
        await context.Environment.Out.WriteLineAsync(answer.Body).ConfigureAwait(false);
        return ExitCodes.Ok;
    }

    private static Command Edit(CliEnvironment environment)
    {
        var changes = new Option<FileInfo>("--changes") { Description = "A JSON file: the changes array (or an object with \"changes\"), as PUT …/mapping takes them.", Required = true };
        var editor = new Option<string>("--editor") { Description = "Who edits (kept with the version).", Required = true };
        var note = new Option<string?>("--note") { Description = "Why." };
        var basedOn = new Option<int?>("--based-on") { Description = "The version edited (default: the latest; the host refuses a stale one)." };
        var command = new Command("edit", "Apply changes to the latest version; the host keeps the result as the next version.") { RunCommands.RunId, changes, editor, note, basedOn };
        CommandContext.Bind(command, environment, async (context, ct) =>
        {
            var p = context.Parse;
            var runId = p.GetValue(RunCommands.RunId)!;
            var file = JsonNode.Parse(CommandContext.ReadJsonFile(p.GetValue(changes)!, "The changes file"));
            var list = file switch
            {
                JsonArray array => array,
                JsonObject { } obj when obj["changes"] is JsonArray inner => inner,
                _ => throw new UsageException("The changes file must hold a JSON array of changes, or an object with a \"changes\" array."),
            };
            var version = p.GetValue(basedOn) ?? await LatestVersionAsync(context, runId, ct).ConfigureAwait(false);
            var body = new JsonObject
            {
                ["basedOn"] = version,
                ["editedBy"] = p.GetValue(editor),
                ["note"] = p.GetValue(note),
                ["changes"] = list.DeepClone(),
            };
            var answer = await context.Host.PutAsync(HostClient.RunPath(runId, "/mapping"), body.ToJsonString(), ct).ConfigureAwait(false);
            return await context.FinishAsync(answer, "field map edits", a => new Rows(
                new Markup($"Version [bold]{StatusView.Number(a.Json?["version"])}[/] kept (based on {version}).\n"),
                MappingView.RenderDiff(a.Json?["diff"] ?? new JsonObject(), $"Changes, version {version} → {StatusView.Number(a.Json?["version"])}"))).ConfigureAwait(false);
        });
        return command;
    }

    private static Command Approve(CliEnvironment environment)
    {
        var approver = new Option<string>("--approver") { Description = "Who approves.", Required = true };
        var version = new Option<int?>("--version") { Description = "The version reviewed (default: the latest)." };
        var note = new Option<string?>("--note") { Description = "A note kept with the decision." };
        var command = new Command("approve", "Approve a version of the field map: it is frozen with the run, and records may move.") { RunCommands.RunId, approver, version, note };
        CommandContext.Bind(command, environment, async (context, ct) =>
        {
            var p = context.Parse;
            var runId = p.GetValue(RunCommands.RunId)!;
            var reviewed = p.GetValue(version) ?? await LatestVersionAsync(context, runId, ct).ConfigureAwait(false);
            return await RunCommands.DecideAsync(context, runId, "mapping",
                new { approver = p.GetValue(approver), decision = "approve", version = reviewed, note = p.GetValue(note) }, ct).ConfigureAwait(false);
        });
        return command;
    }

    /// <summary>The latest version of the run's map; a host failure ends the command with its exit code.</summary>
    public static async Task<int> LatestVersionAsync(CommandContext context, string runId, CancellationToken ct)
    {
        var answer = await context.Host.GetAsync(HostClient.RunPath(runId, "/mapping"), ct).ConfigureAwait(false);
        if (answer.IsSuccess && answer.Json?["latestVersion"] is JsonValue latest && latest.TryGetValue<int>(out var version))
            return version;
        throw new HostAnswerException(answer, "field maps");
    }
}

/// <summary>A host answer that ends the command before its main request (e.g. reading the latest map version failed).</summary>
public sealed class HostAnswerException(HostAnswer answer, string what) : Exception(answer.Describe(what))
{
    public HostAnswer Answer => answer;
    public string What => what;
}
