using System.CommandLine;
using System.Text.Json.Nodes;
using Migration.Cli.Views;
using Spectre.Console;

namespace Migration.Cli.Commands;

/// <summary><c>start</c>, <c>list</c>, <c>status</c> (with <c>--watch</c>) and <c>approve</c>.</summary>
public static class RunCommands
{
    public static IEnumerable<Command> All(CliEnvironment environment) => [Start(environment), List(environment), Status(environment), Approve(environment)];

    public static readonly Argument<string> RunId = new("run-id") { Description = "The run's id." };

    private static Command Start(CliEnvironment environment)
    {
        var config = new Argument<FileInfo>("config") { Description = "A JSON start request (docs/http-api.md, \"Start request\")." };
        var command = new Command("start", "Start a run from a config file (or resume a failed one: the same file again).") { config };
        CommandContext.Bind(command, environment, async (context, ct) =>
        {
            var body = CommandContext.ReadJsonFile(context.Parse.GetValue(config)!, "The config file");
            var answer = await context.Host.PostAsync("api/migrations", body, ct).ConfigureAwait(false);
            return await context.FinishAsync(answer, "starting runs", a =>
            {
                var runId = StatusView.Text(a.Json?["runId"]);
                return new Markup($"Run [bold]{Markup.Escape(runId)}[/] accepted: {Markup.Escape(StatusView.Text(a.Json?["statusUrl"]))}\n" +
                    $"Follow it with: netmera-pipedrive status {Markup.Escape(runId)} --watch\n");
            }).ConfigureAwait(false);
        });
        return command;
    }

    private static Command List(CliEnvironment environment)
    {
        var command = new Command("list", "Every run the host knows, newest first.");
        CommandContext.Bind(command, environment, async (context, ct) =>
        {
            var answer = await context.Host.GetAsync("api/migrations", ct).ConfigureAwait(false);
            return await context.FinishAsync(answer, "listing runs", a =>
            {
                var table = new Table().Border(TableBorder.Rounded).AddColumn("Run").AddColumn("Created").AddColumn("Status").AddColumn("Phase");
                foreach (var run in a.Json as JsonArray ?? [])
                    table.AddRow(Markup.Escape(StatusView.Text(run?["runId"])), Markup.Escape(StatusView.Text(run?["createdAt"])),
                        Markup.Escape(StatusView.Text(run?["runtimeStatus"])), Markup.Escape(StatusView.Text(run?["phase"], "-")));
                return table;
            }).ConfigureAwait(false);
        });
        return command;
    }

    private static Command Status(CliEnvironment environment)
    {
        var watch = new Option<bool>("--watch", "-w") { Description = "Redraw until the run finishes, fails or waits at a gate." };
        var interval = new Option<double?>("--interval") { Description = "Seconds between two reads with --watch (default 2)." };
        var command = new Command("status", "Where a run stands: phases, counts, load progress, budget, ETA, open gate. " +
            "Exit 0 running or completed, 1 failed, 4 waiting at a gate.") { RunId, watch, interval };
        CommandContext.Bind(command, environment, (context, ct) =>
        {
            var every = context.Parse.GetValue(interval) is { } seconds
                ? seconds > 0 ? TimeSpan.FromSeconds(seconds) : throw new UsageException("--interval must be above 0 seconds.")
                : environment.PollInterval;
            var runId = context.Parse.GetValue(RunId)!;
            return context.Parse.GetValue(watch) ? StatusWatch.RunAsync(context, runId, every, ct) : StatusOnceAsync(context, runId, ct);
        });
        return command;
    }

    private static async Task<int> StatusOnceAsync(CommandContext context, string runId, CancellationToken ct)
    {
        var answer = await context.Host.GetAsync(HostClient.RunPath(runId), ct).ConfigureAwait(false);
        var code = await context.FinishAsync(answer, "run status", a => StatusView.Render(a.Json!)).ConfigureAwait(false);
        return code == ExitCodes.Ok && answer.Json is { } status ? StatusView.ExitCode(status) : code;
    }

    private static Command Approve(CliEnvironment environment)
    {
        var gate = new Argument<string>("gate") { Description = "The gate: gdpr, mapping, sample, or a phase's reconciliation gate (extract, load-persons, ...)." };
        var approver = new Option<string>("--approver") { Description = "Who decides (recorded with the decision).", Required = true };
        var decision = new Option<string>("--decision") { Description = "approve (default), reject, exclude-eu: what the gate accepts.", DefaultValueFactory = _ => "approve" };
        var basis = new Option<string?>("--basis") { Description = "The legal basis (required to approve the GDPR gate)." };
        var note = new Option<string?>("--note") { Description = "A note kept with the decision." };
        var version = new Option<int?>("--version") { Description = "Mapping gate: the version reviewed (default: the latest)." };
        var command = new Command("approve", "Record a decision at a gate so the run goes on (or stops, with reject).")
        {
            RunId, gate, approver, decision, basis, note, version,
        };
        CommandContext.Bind(command, environment, async (context, ct) =>
        {
            var p = context.Parse;
            var gateName = p.GetValue(gate)!;
            var reviewed = p.GetValue(version);
            if (gateName == "mapping" && reviewed is null)
                reviewed = await MappingCommands.LatestVersionAsync(context, p.GetValue(RunId)!, ct).ConfigureAwait(false);
            return await DecideAsync(context, p.GetValue(RunId)!, gateName,
                new { approver = p.GetValue(approver), decision = p.GetValue(decision), basis = p.GetValue(basis), note = p.GetValue(note), version = reviewed }, ct).ConfigureAwait(false);
        });
        return command;
    }

    public static async Task<int> DecideAsync(CommandContext context, string runId, string gate, object body, CancellationToken ct)
    {
        var answer = await context.Host.PostAsync(HostClient.RunPath(runId, $"/approvals/{Uri.EscapeDataString(gate)}"), CommandContext.Serialize(body), ct).ConfigureAwait(false);
        return await context.FinishAsync(answer, "approvals", a => new Markup(
            $"Gate [bold]{Markup.Escape(gate)}[/] of {Markup.Escape(runId)}: [green]{Markup.Escape(StatusView.Text(a.Json?["decision"]))}[/] " +
            $"by {Markup.Escape(StatusView.Text(a.Json?["approver"]))} at {Markup.Escape(StatusView.Text(a.Json?["decidedAt"]))}\n")).ConfigureAwait(false);
    }
}
