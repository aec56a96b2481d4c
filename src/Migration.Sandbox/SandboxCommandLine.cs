using System.Globalization;

namespace Migration.Sandbox;

/// <summary>
/// <c>Migration.Sandbox --netmera-port &lt;n&gt; --pipedrive-port &lt;n&gt; --users &lt;n&gt; --seed &lt;n&gt;
/// [--netmera-api-key &lt;k&gt;] [--pipedrive-api-token &lt;t&gt;] [--pipedrive-latency-ms &lt;n&gt;]</c>
/// plus the Pipedrive plan, rate-limit, fault and clock options of <see cref="Usage"/>.
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
        "[--netmera-api-key <k>] [--pipedrive-api-token <t>] [--pipedrive-latency-ms <n>] " +
        "[--pipedrive-plan lite|growth|premium|ultimate] [--pipedrive-seats <n>] [--pipedrive-top-up-tokens <n>] " +
        "[--pipedrive-rate-limits on|off] [--pipedrive-budget-time-zone <IANA id>] [--pipedrive-block-after <n>] " +
        "[--pipedrive-block-seconds <n>] [--pipedrive-5xx-share <0..1>] [--pipedrive-429-share <0..1>] " +
        "[--pipedrive-commit-then-fail-share <0..1>] [--pipedrive-commit-then-fail-drop-share <0..1>] " +
        "[--pipedrive-fault-seed <n>] [--time-scale <n>] " +
        "[--netmera-quota-per-minute <n>] [--netmera-5xx-share <0..1>] [--netmera-fault-seed <n>] [--netmera-latency-ms <n>] " +
        "[--netmera-device-tokens reference|spec] [--netmera-app-key <k>]   (port 0 picks a free port)";

    private static readonly IReadOnlyDictionary<string, Func<SandboxCommandLine, string, SandboxCommandLine?>> Options =
        new Dictionary<string, Func<SandboxCommandLine, string, SandboxCommandLine?>>(StringComparer.Ordinal)
        {
            ["--netmera-port"] = (c, v) => Port(v) is { } p ? c with { NetmeraPort = p } : null,
            ["--pipedrive-port"] = (c, v) => Port(v) is { } p ? c with { PipedrivePort = p } : null,
            ["--users"] = (c, v) => Number(v) is { } n ? c with { Users = n } : null,
            ["--seed"] = (c, v) => int.TryParse(v, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var s) ? c with { Seed = s } : null,
            ["--netmera-api-key"] = (c, v) => v.Length > 0 ? c with { NetmeraApiKey = v } : null,
            ["--pipedrive-api-token"] = (c, v) => v.Length > 0 ? c with { PipedriveApiToken = v } : null,
            ["--pipedrive-latency-ms"] = (c, v) => Number(v) is { } n ? c with { PipedriveLatencyMs = n } : null,
            ["--pipedrive-plan"] = (c, v) => Enum.TryParse<PipedriveSimulatorPlan>(v, ignoreCase: true, out var plan) && Enum.IsDefined(plan) && !char.IsDigit(v[0])
                ? c with { PipedriveSimulatorPlan = plan } : null,
            ["--pipedrive-seats"] = (c, v) => Number(v) is { } n and >= 1 ? c with { PipedriveSeats = n } : null,
            ["--pipedrive-top-up-tokens"] = (c, v) => long.TryParse(v, NumberStyles.None, CultureInfo.InvariantCulture, out var t) ? c with { PipedriveTopUpTokens = t } : null,
            ["--pipedrive-rate-limits"] = (c, v) => v switch { "on" => c with { PipedriveRateLimits = true }, "off" => c with { PipedriveRateLimits = false }, _ => null },
            ["--pipedrive-budget-time-zone"] = (c, v) => TimeZoneInfo.TryFindSystemTimeZoneById(v, out _) ? c with { PipedriveBudgetTimeZone = v } : null,
            ["--pipedrive-block-after"] = (c, v) => Number(v) is { } n and >= 1 ? c with { PipedriveBlockAfter = n } : null,
            ["--pipedrive-block-seconds"] = (c, v) => Number(v) is { } n ? c with { PipedriveBlockSeconds = n } : null,
            ["--pipedrive-5xx-share"] = (c, v) => Share(v) is { } s ? c with { PipedriveServerErrorShare = s } : null,
            ["--pipedrive-429-share"] = (c, v) => Share(v) is { } s ? c with { PipedriveTooManyRequestsShare = s } : null,
            ["--pipedrive-commit-then-fail-share"] = (c, v) => Share(v) is { } s ? c with { PipedriveCommitThenFailShare = s } : null,
            ["--pipedrive-commit-then-fail-drop-share"] = (c, v) => Share(v) is { } s ? c with { PipedriveCommitThenFailDropShare = s } : null,
            ["--pipedrive-fault-seed"] = (c, v) => int.TryParse(v, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var s) ? c with { PipedriveFaultSeed = s } : null,
            ["--netmera-quota-per-minute"] = (c, v) => Number(v) is { } n ? c with { NetmeraQuotaPerMinute = n } : null,
            ["--netmera-5xx-share"] = (c, v) => Share(v) is { } s ? c with { NetmeraServerErrorShare = s } : null,
            ["--netmera-fault-seed"] = (c, v) => int.TryParse(v, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var s) ? c with { NetmeraFaultSeed = s } : null,
            ["--netmera-latency-ms"] = (c, v) => Number(v) is { } n ? c with { NetmeraLatencyMs = n } : null,
            ["--netmera-device-tokens"] = (c, v) => v switch
            {
                "reference" => c with { NetmeraDeviceTokenItems = DeviceTokenItemShape.Reference },
                "spec" => c with { NetmeraDeviceTokenItems = DeviceTokenItemShape.Spec },
                _ => null,
            },
            ["--netmera-app-key"] = (c, v) => v.Length > 0 && !v.Contains('_', StringComparison.Ordinal) ? c with { NetmeraAppKey = v } : null,
            ["--time-scale"] = (c, v) => double.TryParse(v, NumberStyles.Float, CultureInfo.InvariantCulture, out var x) && double.IsFinite(x) && x > 0 ? c with { TimeScale = x } : null,
        };

    public static SandboxCommandLine Defaults { get; } = new(0, 0, 2000, 42, "sandbox-netmera-key", "sandbox-pipedrive-token");

    public PipedriveSimulatorPlan PipedriveSimulatorPlan { get; init; } = PipedriveSimulatorPlan.Ultimate;

    public int PipedriveSeats { get; init; } = 1;

    public long PipedriveTopUpTokens { get; init; }

    public bool PipedriveRateLimits { get; init; }

    public string PipedriveBudgetTimeZone { get; init; } = "UTC";

    public int PipedriveBlockAfter { get; init; } = 20;

    public int PipedriveBlockSeconds { get; init; } = 600;

    public double PipedriveServerErrorShare { get; init; }

    public double PipedriveTooManyRequestsShare { get; init; }

    public double PipedriveCommitThenFailShare { get; init; }

    public double PipedriveCommitThenFailDropShare { get; init; } = 0.5;

    public int? PipedriveFaultSeed { get; init; }

    /// <summary>Netmera requests per minute before 400/5022; 0 is unlimited.</summary>
    public int NetmeraQuotaPerMinute { get; init; }

    public double NetmeraServerErrorShare { get; init; }

    public int? NetmeraFaultSeed { get; init; }

    public int NetmeraLatencyMs { get; init; }

    public DeviceTokenItemShape NetmeraDeviceTokenItems { get; init; } = DeviceTokenItemShape.Reference;

    public string NetmeraAppKey { get; init; } = "sandboxapp";

    /// <summary>Simulated seconds per real second on the Pipedrive simulator's clock (windows, budget day, latency).</summary>
    public double TimeScale { get; init; } = 1;

    /// <summary>Parses the arguments; the error says which one is wrong.</summary>
    public static bool TryParse(IReadOnlyList<string> args, out SandboxCommandLine commandLine, out string? error)
    {
        commandLine = Defaults;
        error = null;
        for (var i = 0; i < args.Count; i++)
        {
            var name = args[i];
            if (!Options.TryGetValue(name, out var apply))
            {
                error = $"unknown option {name}";
                return false;
            }

            if (i + 1 >= args.Count)
            {
                error = $"{name} needs a value";
                return false;
            }

            var value = args[++i];
            if (apply(commandLine, value) is not { } applied)
            {
                error = $"{name}: '{value}' is not a valid value";
                return false;
            }

            commandLine = applied;
        }

        if (commandLine.PipedriveServerErrorShare + commandLine.PipedriveTooManyRequestsShare + commandLine.PipedriveCommitThenFailShare > 1)
        {
            error = "--pipedrive-5xx-share + --pipedrive-429-share + --pipedrive-commit-then-fail-share must not exceed 1";
            return false;
        }

        return true;
    }

    /// <summary>The Netmera simulator these arguments describe.</summary>
    public NetmeraSimulatorOptions NetmeraOptions() => new()
    {
        Port = NetmeraPort,
        Users = Users,
        Seed = Seed,
        ApiKey = NetmeraApiKey,
        QuotaPerMinute = NetmeraQuotaPerMinute,
        Faults = new NetmeraFaults { ServerErrorShare = NetmeraServerErrorShare, Seed = NetmeraFaultSeed },
        Latency = TimeSpan.FromMilliseconds(NetmeraLatencyMs),
        DeviceTokenItems = NetmeraDeviceTokenItems,
        AppKey = NetmeraAppKey,
    };

    /// <summary>The Pipedrive simulator these arguments describe.</summary>
    public PipedriveSimulatorOptions PipedriveOptions() => new()
    {
        Port = PipedrivePort,
        Seed = Seed,
        ApiToken = PipedriveApiToken,
        Latency = TimeSpan.FromMilliseconds(PipedriveLatencyMs),
        Plan = PipedriveSimulatorPlan,
        Seats = PipedriveSeats,
        TopUpTokens = PipedriveTopUpTokens,
        EnforceRateLimits = PipedriveRateLimits,
        BudgetTimeZone = TimeZoneInfo.FindSystemTimeZoneById(PipedriveBudgetTimeZone),
        BlockAfterConsecutive429 = PipedriveBlockAfter,
        BlockDuration = TimeSpan.FromSeconds(PipedriveBlockSeconds),
        TimeScale = TimeScale,
        Faults = new PipedriveFaults
        {
            ServerErrorShare = PipedriveServerErrorShare,
            TooManyRequestsShare = PipedriveTooManyRequestsShare,
            CommitThenFailShare = PipedriveCommitThenFailShare,
            CommitThenFailDropShare = PipedriveCommitThenFailDropShare,
            Seed = PipedriveFaultSeed,
        },
    };

    private static int? Number(string value) =>
        int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : null;

    private static int? Port(string value) => Number(value) is { } n && n <= 65535 ? n : null;

    private static double? Share(string value) =>
        double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var s) && s is >= 0 and <= 1 ? s : null;
}
