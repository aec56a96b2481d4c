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

    /// <summary><c>cutover declare|sync|complete</c>: the window in which delta syncs follow a completed run (docs/cutover.md).</summary>
    private static Command Cutover(CliEnvironment environment)
    {
        var declaredBy = new Option<string>("--declared-by") { Description = "Who declares Netmera writes frozen.", Required = true };
        var windowEnd = new Option<DateTimeOffset>("--window-end") { Description = "When the window closes (ISO 8601); no sync starts after it.", Required = true };
        var interval = new Option<int?>("--interval-minutes") { Description = "Minutes between delta syncs (default 60)." };
        var deleteGone = new Option<bool>("--delete-gone") { Description = "Delete persons whose users left the segment (default: label them)." };
        var declare = new Command("declare", "Put a completed run into cutover: writes frozen, a window and a schedule set.") { RunCommands.RunId, declaredBy, windowEnd, interval, deleteGone };
        CommandContext.Bind(declare, environment, async (context, ct) =>
        {
            var p = context.Parse;
            var runId = p.GetValue(RunCommands.RunId)!;
            var answer = await context.Host.PostAsync(HostClient.RunPath(runId, "/cutover"), CommandContext.Serialize(new
            {
                declaredBy = p.GetValue(declaredBy),
                windowEnd = p.GetValue(windowEnd),
                intervalMinutes = p.GetValue(interval),
                deleteGone = p.GetValue(deleteGone),
            }), ct).ConfigureAwait(false);
            return await context.FinishAsync(answer, "cutover", a => JsonView.Render($"Cutover of {runId}", a.Json)).ConfigureAwait(false);
        });

        var sync = new Command("sync", "Run a delta sync now, without waiting for the timer.") { RunCommands.RunId };
        CommandContext.Bind(sync, environment, async (context, ct) =>
        {
            var runId = context.Parse.GetValue(RunCommands.RunId)!;
            var answer = await context.Host.PostAsync(HostClient.RunPath(runId, "/cutover/sync"), "{}", ct).ConfigureAwait(false);
            return await context.FinishAsync(answer, "cutover", a => JsonView.Render($"Delta sync of {runId}", a.Json)).ConfigureAwait(false);
        });

        var completedBy = new Option<string>("--completed-by") { Description = "Who ends the window.", Required = true };
        var complete = new Command("complete", "End the cutover window; no sync starts after it.") { RunCommands.RunId, completedBy };
        CommandContext.Bind(complete, environment, async (context, ct) =>
        {
            var p = context.Parse;
            var runId = p.GetValue(RunCommands.RunId)!;
            var answer = await context.Host.PostAsync(HostClient.RunPath(runId, "/cutover/complete"),
                CommandContext.Serialize(new { completedBy = p.GetValue(completedBy) }), ct).ConfigureAwait(false);
            return await context.FinishAsync(answer, "cutover", a => JsonView.Render($"Cutover of {runId}", a.Json)).ConfigureAwait(false);
        });
        return new Command("cutover", "Cutover after a completed run: declare the window, sync now, complete.") { declare, sync, complete };
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
