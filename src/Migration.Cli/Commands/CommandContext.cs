using System.CommandLine;
using System.Text.Json;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace Migration.Cli.Commands;

/// <summary>A problem with the command line or a file it names: exit 2, nothing sent.</summary>
public sealed class UsageException(string message) : Exception(message);

/// <summary>What one command's action works with: the environment, the resolved settings and the host.</summary>
public sealed class CommandContext(CliEnvironment environment, CliSettings settings, HostClient host, ParseResult parse)
{
    public CliEnvironment Environment => environment;
    public CliSettings Settings => settings;
    public HostClient Host => host;
    public ParseResult Parse => parse;
    public bool Json => settings.Json;

    /// <summary>Binds an action that resolves the settings, talks to the host and maps failures to exit codes.</summary>
    public static void Bind(Command command, CliEnvironment environment, Func<CommandContext, CancellationToken, Task<int>> action) =>
        command.SetAction(async (parse, cancellationToken) =>
        {
            try
            {
                var settings = Resolve(parse, environment);
                using var http = HostClient.Create(settings, environment.Handler);
                return await action(new CommandContext(environment, settings, http, parse), cancellationToken).ConfigureAwait(false);
            }
            catch (UsageException e)
            {
                await environment.Error.WriteLineAsync($"error: {e.Message}").ConfigureAwait(false);
                return ExitCodes.Usage;
            }
            catch (HostAnswerException e)
            {
                await environment.Error.WriteLineAsync($"error: {e.Message}").ConfigureAwait(false);
                return e.Answer.IsSuccess ? ExitCodes.HostError : e.Answer.ExitCode;
            }
            catch (HostUnreachableException e)
            {
                await environment.Error.WriteLineAsync($"error: {e.Message}").ConfigureAwait(false);
                return ExitCodes.HostUnreachable;
            }
        });

    private static CliSettings Resolve(ParseResult parse, CliEnvironment environment)
    {
        var url = parse.GetValue(Cli.Url) ?? environment.Variable(CliSettings.UrlVariable) ?? CliSettings.DefaultUrl;
        if (!CliSettings.TryParseUrl(url, out var uri))
            throw new UsageException($"--url must be an http(s) URL, e.g. {CliSettings.DefaultUrl}; got '{url}'.");
        var key = parse.GetValue(Cli.ApiKey) ?? environment.Variable(CliSettings.ApiKeyVariable);
        return new CliSettings(uri, string.IsNullOrWhiteSpace(key) ? null : key.Trim(), parse.GetValue(Cli.Json));
    }

    /// <summary>
    /// Ends a command on the host's answer: with --json the body goes to standard output whatever the status
    /// (scripts read problem documents too); a failure is described on standard error. Returns the exit code.
    /// </summary>
    public async Task<int> FinishAsync(HostAnswer answer, string what, Func<HostAnswer, IRenderable>? view = null)
    {
        if (Json)
            await environment.Out.WriteLineAsync(answer.Body).ConfigureAwait(false);
        if (!answer.IsSuccess)
        {
            await environment.Error.WriteLineAsync($"error: {answer.Describe(what)}").ConfigureAwait(false);
            return answer.ExitCode;
        }
        if (!Json && view is not null)
            environment.Console.Write(view(answer));
        return ExitCodes.Ok;
    }

    /// <summary>A JSON file the operator names: read and checked for well-formedness, or a usage error.</summary>
    public static string ReadJsonFile(FileInfo file, string what)
    {
        if (!file.Exists)
            throw new UsageException($"{what} '{file.FullName}' does not exist.");
        var text = File.ReadAllText(file.FullName);
        try
        {
            using var _ = JsonDocument.Parse(text);
        }
        catch (JsonException e)
        {
            throw new UsageException($"{what} '{file.Name}' is not valid JSON: {e.Message}");
        }
        return text;
    }

    public static string Serialize(object body) => JsonSerializer.Serialize(body, Options);

    private static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull,
    };
}
