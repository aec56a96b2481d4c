using System.Globalization;

namespace Migration.Sandbox;

/// <summary>
/// <c>Migration.Sandbox --netmera-port &lt;n&gt; --pipedrive-port &lt;n&gt; --users &lt;n&gt; --seed &lt;n&gt;
/// [--netmera-api-key &lt;k&gt;] [--pipedrive-api-token &lt;t&gt;] [--pipedrive-latency-ms &lt;n&gt;]</c>
/// </summary>
public sealed record SandboxCommandLine(
    int NetmeraPort,
    int PipedrivePort,
    int Users,
    int Seed,
    string NetmeraApiKey,
    string PipedriveApiToken,
    int PipedriveLatencyMs = 0)
{
    public const string Usage =
        "usage: Migration.Sandbox --netmera-port <n> --pipedrive-port <n> --users <n> --seed <n> " +
        "[--netmera-api-key <k>] [--pipedrive-api-token <t>] [--pipedrive-latency-ms <n>]   (port 0 picks a free port)";

    public static SandboxCommandLine Defaults { get; } = new(0, 0, 2000, 42, "sandbox-netmera-key", "sandbox-pipedrive-token");

    /// <summary>Parses the arguments; the error says which one is wrong.</summary>
    public static bool TryParse(IReadOnlyList<string> args, out SandboxCommandLine commandLine, out string? error)
    {
        commandLine = Defaults;
        error = null;
        for (var i = 0; i < args.Count; i++)
        {
            var name = args[i];
            if (i + 1 >= args.Count)
            {
                error = $"{name} needs a value";
                return false;
            }

            var value = args[++i];
            switch (name)
            {
                case "--netmera-port" when Port(value) is { } port:
                    commandLine = commandLine with { NetmeraPort = port };
                    break;
                case "--pipedrive-port" when Port(value) is { } port:
                    commandLine = commandLine with { PipedrivePort = port };
                    break;
                case "--users" when Number(value) is { } users:
                    commandLine = commandLine with { Users = users };
                    break;
                case "--seed" when int.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var seed):
                    commandLine = commandLine with { Seed = seed };
                    break;
                case "--netmera-api-key" when value.Length > 0:
                    commandLine = commandLine with { NetmeraApiKey = value };
                    break;
                case "--pipedrive-api-token" when value.Length > 0:
                    commandLine = commandLine with { PipedriveApiToken = value };
                    break;
                case "--pipedrive-latency-ms" when Number(value) is { } latency:
                    commandLine = commandLine with { PipedriveLatencyMs = latency };
                    break;
                case "--netmera-port" or "--pipedrive-port" or "--users" or "--seed" or "--netmera-api-key" or "--pipedrive-api-token" or "--pipedrive-latency-ms":
                    error = $"{name}: '{value}' is not a valid value";
                    return false;
                default:
                    error = $"unknown option {name}";
                    return false;
            }
        }

        return true;
    }

    private static int? Number(string value) =>
        int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : null;

    private static int? Port(string value) => Number(value) is { } n && n <= 65535 ? n : null;
}
