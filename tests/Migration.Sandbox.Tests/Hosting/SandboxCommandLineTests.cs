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
