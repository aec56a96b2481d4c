using System.CommandLine;
using Migration.Cli.Commands;

namespace Migration.Cli;

/// <summary>
/// The operator CLI: one command per thing an operator does with a run, each a call to the host's HTTP API
/// (docs/cli.md). Usage errors exit 2 before anything is sent; every other exit code is in <see cref="ExitCodes"/>.
/// </summary>
public static class Cli
{
    public static readonly Option<string?> Url = new("--url")
    {
        Description = $"The host's base URL (default ${CliSettings.UrlVariable}, else {CliSettings.DefaultUrl}).",
        Recursive = true,
    };

    public static readonly Option<string?> ApiKey = new("--api-key")
    {
        Description = $"The host's API key, sent as x-api-key and x-functions-key (default ${CliSettings.ApiKeyVariable}).",
        Recursive = true,
    };

    public static readonly Option<bool> Json = new("--json")
    {
        Description = "Print the host's JSON answer as it is, for scripts.",
        Recursive = true,
    };

    public static RootCommand Build(CliEnvironment environment)
    {
        var root = new RootCommand("Operate Netmera → Pipedrive migrations on a local host or an Azure Functions app.");
        root.Options.Add(Url);
        root.Options.Add(ApiKey);
        root.Options.Add(Json);
        foreach (var command in RunCommands.All(environment)
            .Concat(MappingCommands.All(environment))
            .Concat(ReportCommands.All(environment))
            .Concat(ChangeCommands.All(environment))
            .Concat(EstimateCommand.All(environment)))
            root.Subcommands.Add(command);
        return root;
    }

    public static async Task<int> RunAsync(string[] args, CliEnvironment environment, CancellationToken cancellationToken = default)
    {
        var parse = Build(environment).Parse(args);
        if (parse.Errors.Count > 0)
        {
            foreach (var error in parse.Errors)
                await environment.Error.WriteLineAsync($"error: {error.Message}").ConfigureAwait(false);
            await environment.Error.WriteLineAsync("Run 'netmera-pipedrive --help' for the commands and their options.").ConfigureAwait(false);
            return ExitCodes.Usage;
        }
        return await parse.InvokeAsync(new InvocationConfiguration { Output = environment.Out, Error = environment.Error }, cancellationToken).ConfigureAwait(false);
    }
}
