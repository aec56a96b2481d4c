using Spectre.Console;

namespace Migration.Cli;

/// <summary>
/// What the CLI reads and writes besides its arguments, so tests can give it a recording console, a fake
/// host and their own environment. <see cref="Out"/> takes what scripts read (JSON, report content) unwrapped;
/// <see cref="Console"/> takes what people read (tables, live views).
/// </summary>
public sealed record CliEnvironment(IAnsiConsole Console, TextWriter Out, TextWriter Error)
{
    public Func<string, string?> Variable { get; init; } = Environment.GetEnvironmentVariable;

    /// <summary>Replaces the network (tests); null uses the real one.</summary>
    public HttpMessageHandler? Handler { get; init; }

    /// <summary>How often <c>status --watch</c> asks the host, unless <c>--interval</c> says otherwise.</summary>
    public TimeSpan PollInterval { get; init; } = TimeSpan.FromSeconds(2);

    public static CliEnvironment FromProcess() => new(AnsiConsole.Console, System.Console.Out, System.Console.Error);
}
