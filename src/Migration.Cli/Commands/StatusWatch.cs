using System.Text.Json.Nodes;
using Migration.Cli.Views;
using Spectre.Console;

namespace Migration.Cli.Commands;

/// <summary>
/// <c>status --watch</c>: reads the run's status every interval until it completes, fails or waits at a gate.
/// On an interactive terminal the view redraws in place (Spectre Live); elsewhere (logs, CI, pipes) one line
/// is printed per change and the full view at the end. With --json the last status is printed as the host sent it.
/// </summary>
public static class StatusWatch
{
    public static async Task<int> RunAsync(CommandContext context, string runId, TimeSpan interval, CancellationToken ct)
    {
        var console = context.Environment.Console;
        var live = !context.Json && console.Profile.Capabilities.Interactive && console.Profile.Capabilities.Ansi;
        HostAnswer? last = null;
        try
        {
            if (live)
            {
                await console.Live(new Markup($"[grey]reading {Markup.Escape(runId)}…[/]")).AutoClear(false).StartAsync(async display =>
                {
                    while ((last = await ReadAsync(context, runId, ct).ConfigureAwait(false)) is { IsSuccess: true, Json: { } status })
                    {
                        display.UpdateTarget(StatusView.Render(status));
                        display.Refresh();
                        if (StatusView.State(status) != StatusView.RunState.Running)
                            break;
                        await Task.Delay(interval, ct).ConfigureAwait(false);
                    }
                }).ConfigureAwait(false);
            }
            else
            {
                string? shown = null;
                while ((last = await ReadAsync(context, runId, ct).ConfigureAwait(false)) is { IsSuccess: true, Json: { } status })
                {
                    var line = StatusView.Line(status);
                    if (!context.Json && line != shown)
                        console.WriteLine(line);
                    shown = line;
                    if (StatusView.State(status) != StatusView.RunState.Running)
                        break;
                    await Task.Delay(interval, ct).ConfigureAwait(false);
                }
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            await context.Environment.Error.WriteLineAsync("interrupted: the run goes on; watch it again with the same command.").ConfigureAwait(false);
            return ExitCodes.Interrupted;
        }

        if (last is not { IsSuccess: true, Json: JsonNode final })
            return await context.FinishAsync(last!, "run status").ConfigureAwait(false);
        if (context.Json)
            await context.Environment.Out.WriteLineAsync(last.Body).ConfigureAwait(false);
        else if (!live)
            console.Write(StatusView.Render(final));
        return StatusView.ExitCode(final);
    }

    private static Task<HostAnswer> ReadAsync(CommandContext context, string runId, CancellationToken ct) =>
        context.Host.GetAsync(HostClient.RunPath(runId), ct);
}
