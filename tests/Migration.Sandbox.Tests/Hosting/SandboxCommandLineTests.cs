namespace Migration.Sandbox.Tests.Hosting;

public sealed class SandboxCommandLineTests
{
    [Fact]
    public void Defaults_apply_when_options_are_left_out()
    {
        Assert.True(SandboxCommandLine.TryParse([], out var parsed, out var error));
        Assert.Null(error);
        Assert.Equal(new SandboxCommandLine(0, 0, 2000, 42, "sandbox-netmera-key", "sandbox-pipedrive-token"), parsed);
    }

    [Fact]
    public void Every_option_is_read()
    {
        string[] args = ["--netmera-port", "5101", "--pipedrive-port", "5102", "--users", "10", "--seed", "-3",
                         "--netmera-api-key", "k", "--pipedrive-api-token", "t"];
        Assert.True(SandboxCommandLine.TryParse(args, out var parsed, out _));
        Assert.Equal(new SandboxCommandLine(5101, 5102, 10, -3, "k", "t"), parsed);
    }

    [Theory]
    [InlineData("--users", "many", "--users")]
    [InlineData("--netmera-port", "70000", "--netmera-port")]
    [InlineData("--pipedrive-port", "-1", "--pipedrive-port")]
    [InlineData("--colour", "blue", "unknown option --colour")]
    public void Bad_options_are_named(string name, string value, string expected)
    {
        Assert.False(SandboxCommandLine.TryParse([name, value], out _, out var error));
        Assert.Contains(expected, error, StringComparison.Ordinal);
    }

    [Fact]
    public void A_missing_value_is_reported()
    {
        Assert.False(SandboxCommandLine.TryParse(["--seed"], out _, out var error));
        Assert.Contains("--seed needs a value", error, StringComparison.Ordinal);
    }
}

public sealed class SandboxPipedriveOptionsTests
{
    [Fact]
    public void Pipedrive_defaults_are_unmetered_Ultimate_without_faults_on_a_real_time_clock()
    {
        Assert.True(SandboxCommandLine.TryParse([], out var parsed, out _));
        var options = parsed.PipedriveOptions();
        Assert.Equal(PipedriveSimulatorPlan.Ultimate, options.Plan);
        Assert.Equal((1, 0L, false), (options.Seats, options.TopUpTokens, options.EnforceRateLimits));
        Assert.Equal(TimeZoneInfo.Utc.Id, options.BudgetTimeZone.Id);
        Assert.Equal((20, TimeSpan.FromMinutes(10)), (options.BlockAfterConsecutive429, options.BlockDuration));
        Assert.Equal(1, options.TimeScale);
        Assert.Equal((0.0, 0.0, 0.0, 0.5, (int?)null), (options.Faults.ServerErrorShare, options.Faults.TooManyRequestsShare, options.Faults.CommitThenFailShare, options.Faults.CommitThenFailDropShare, options.Faults.Seed));
    }

    [Fact]
    public void Every_pipedrive_option_is_read()
    {
        string[] args =
        [
            "--pipedrive-plan", "lite", "--pipedrive-seats", "3", "--pipedrive-top-up-tokens", "5000", "--pipedrive-rate-limits", "on",
            "--pipedrive-budget-time-zone", "Europe/Istanbul", "--pipedrive-block-after", "5", "--pipedrive-block-seconds", "30",
            "--pipedrive-5xx-share", "0.1", "--pipedrive-429-share", "0.05", "--pipedrive-commit-then-fail-share", "0.02",
            "--pipedrive-commit-then-fail-drop-share", "0.25", "--pipedrive-fault-seed", "-7", "--time-scale", "60", "--pipedrive-latency-ms", "15",
        ];
        Assert.True(SandboxCommandLine.TryParse(args, out var parsed, out var error), error);
        var options = parsed.PipedriveOptions();
        Assert.Equal(PipedriveSimulatorPlan.Lite, options.Plan);
        Assert.Equal((3, 5000L, true), (options.Seats, options.TopUpTokens, options.EnforceRateLimits));
        Assert.Equal("Europe/Istanbul", options.BudgetTimeZone.Id);
        Assert.Equal((5, TimeSpan.FromSeconds(30)), (options.BlockAfterConsecutive429, options.BlockDuration));
        Assert.Equal((0.1, 0.05, 0.02, 0.25, (int?)-7), (options.Faults.ServerErrorShare, options.Faults.TooManyRequestsShare, options.Faults.CommitThenFailShare, options.Faults.CommitThenFailDropShare, options.Faults.Seed));
        Assert.Equal(60, options.TimeScale);
        Assert.Equal(TimeSpan.FromMilliseconds(15), options.Latency);
    }

    [Theory]
    [InlineData("--pipedrive-plan", "enterprise")]
    [InlineData("--pipedrive-plan", "1")]
    [InlineData("--pipedrive-seats", "0")]
    [InlineData("--pipedrive-rate-limits", "yes")]
    [InlineData("--pipedrive-budget-time-zone", "Mars/Olympus")]
    [InlineData("--pipedrive-5xx-share", "1.5")]
    [InlineData("--time-scale", "0")]
    public void Bad_pipedrive_values_are_named(string name, string value)
    {
        Assert.False(SandboxCommandLine.TryParse([name, value], out _, out var error));
        Assert.Contains(name, error, StringComparison.Ordinal);
    }

    [Fact]
    public void Fault_shares_may_not_add_up_to_more_than_everything()
    {
        Assert.False(SandboxCommandLine.TryParse(["--pipedrive-5xx-share", "0.6", "--pipedrive-429-share", "0.6"], out _, out var error));
        Assert.Contains("must not exceed 1", error, StringComparison.Ordinal);
    }
}
