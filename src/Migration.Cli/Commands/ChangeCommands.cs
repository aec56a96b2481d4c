using System.CommandLine;
using Migration.Cli.Views;

namespace Migration.Cli.Commands;

/// <summary>
/// <c>cutover</c> and <c>rollback</c>. Their routes are newer than the rest of the API: a host without them
/// answers 404 and the CLI says the host does not support the command (exit 7).
/// </summary>
public static class ChangeCommands
{
    public static IEnumerable<Command> All(CliEnvironment environment) => [Cutover(environment), Rollback(environment)];

    private static Command Cutover(CliEnvironment environment)
    {
        var window = new Option<string?>("--window") { Description = "The freeze window, as the host takes it (e.g. an ISO 8601 interval or duration)." };
        var schedule = new Option<string?>("--schedule") { Description = "When delta sync runs after the freeze (e.g. a CRON expression)." };
        var command = new Command("cutover", "Freeze the run and start delta sync of what changed since the watermark.") { RunCommands.RunId, window, schedule };
        CommandContext.Bind(command, environment, async (context, ct) =>
        {
            var p = context.Parse;
            var runId = p.GetValue(RunCommands.RunId)!;
            var answer = await context.Host.PostAsync(HostClient.RunPath(runId, "/cutover"),
                CommandContext.Serialize(new { window = p.GetValue(window), schedule = p.GetValue(schedule) }), ct).ConfigureAwait(false);
            return await context.FinishAsync(answer, "cutover", a => JsonView.Render($"Cutover of {runId}", a.Json)).ConfigureAwait(false);
        });
        return command;
    }

    private static Command Rollback(CliEnvironment environment)
    {
        var preview = new Option<bool>("--preview") { Description = "Say what would be undone, change nothing." };
        var phases = new Option<string[]>("--phase") { Description = "Undo only these phases (repeat the option); default: the whole run.", AllowMultipleArgumentsPerToken = false };
        var force = new Option<bool>("--force") { Description = "Also undo records edited in Pipedrive after the import (otherwise they are reported and kept)." };
        var yes = new Option<bool>("--yes") { Description = "Confirm an actual rollback (without --preview)." };
        var command = new Command("rollback", "Undo a run, or some of its phases, newest first; --preview first.") { RunCommands.RunId, preview, phases, force, yes };
        CommandContext.Bind(command, environment, async (context, ct) =>
        {
            var p = context.Parse;
            var runId = p.GetValue(RunCommands.RunId)!;
            var previewOnly = p.GetValue(preview);
            if (!previewOnly && !p.GetValue(yes))
                throw new UsageException("rollback deletes what the run wrote to Pipedrive: run it with --preview first, then again with --yes.");
            var answer = await context.Host.PostAsync(HostClient.RunPath(runId, "/rollback"),
                CommandContext.Serialize(new { preview = previewOnly, phases = p.GetValue(phases) ?? [], force = p.GetValue(force) }), ct).ConfigureAwait(false);
            return await context.FinishAsync(answer, "rollback", a => JsonView.Render(previewOnly ? $"Rollback preview of {runId} (nothing changed)" : $"Rollback of {runId}", a.Json)).ConfigureAwait(false);
        });
        return command;
    }
}
