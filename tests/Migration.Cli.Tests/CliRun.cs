using Spectre.Console.Testing;

namespace Migration.Cli.Tests;

/// <summary>One CLI invocation against a fake host: exit code, what scripts read (Out), what people read (Console), errors.</summary>
public sealed record CliRun(int Code, string Out, string Console, string Error)
{
    public static async Task<CliRun> Of(FakeHost host, params string[] args) => await Of(host, _ => null, args);

    public static async Task<CliRun> Of(FakeHost host, Func<string, string?> variables, params string[] args) =>
        await Of(host, variables, new TestConsole().Width(200), args);

    /// <summary>On a terminal a person watches: interactive, with ANSI, so <c>status --watch</c> redraws in place.</summary>
    public static async Task<CliRun> OnTerminal(FakeHost host, params string[] args) =>
        await Of(host, _ => null, new TestConsole().Width(200).Interactive().EmitAnsiSequences(), args);

    private static async Task<CliRun> Of(FakeHost host, Func<string, string?> variables, TestConsole console, string[] args)
    {
        var (stdout, stderr) = (new StringWriter(), new StringWriter());
        var environment = new CliEnvironment(console, stdout, stderr) { Handler = host, Variable = variables, PollInterval = TimeSpan.FromMilliseconds(1) };
        var code = await Cli.RunAsync(args, environment);
        return new CliRun(code, stdout.ToString(), console.Output, stderr.ToString());
    }
}
