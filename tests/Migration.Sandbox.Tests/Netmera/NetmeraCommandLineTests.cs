namespace Migration.Sandbox.Tests.Netmera;

/// <summary>The Netmera flags of the sandbox command line and the options they make.</summary>
public sealed class NetmeraCommandLineTests
{
    [Fact]
    public void Netmera_flags_become_simulator_options()
    {
        string[] args =
        [
            "--netmera-port", "5101", "--users", "10", "--seed", "9", "--netmera-api-key", "k",
            "--netmera-quota-per-minute", "120", "--netmera-5xx-share", "0.05", "--netmera-fault-seed", "-4",
            "--netmera-latency-ms", "25", "--netmera-device-tokens", "spec", "--netmera-app-key", "acme7",
        ];
        Assert.True(SandboxCommandLine.TryParse(args, out var parsed, out var error), error);
        var options = parsed.NetmeraOptions();
        Assert.Equal((5101, 10, 9, "k", 120), (options.Port, options.Users, options.Seed, options.ApiKey, options.QuotaPerMinute));
        Assert.Equal(new NetmeraFaults { ServerErrorShare = 0.05, Seed = -4 }, options.Faults);
        Assert.Equal(TimeSpan.FromMilliseconds(25), options.Latency);
        Assert.Equal(DeviceTokenItemShape.Spec, options.DeviceTokenItems);
        Assert.Equal("acme7", options.AppKey);
        Assert.Null(options.Clock);
    }

    [Fact]
    public void Without_netmera_flags_the_options_are_the_simulators_defaults()
    {
        Assert.True(SandboxCommandLine.TryParse([], out var parsed, out _));
        var options = parsed.NetmeraOptions();
        var defaults = new NetmeraSimulatorOptions();
        Assert.Equal((defaults.Users, defaults.Seed, defaults.ApiKey, 0, defaults.AppKey, DeviceTokenItemShape.Reference, TimeSpan.Zero),
            (options.Users, options.Seed, options.ApiKey, options.QuotaPerMinute, options.AppKey, options.DeviceTokenItems, options.Latency));
        Assert.Equal(0, options.Faults.ServerErrorShare);
    }

    [Theory]
    [InlineData("--netmera-quota-per-minute", "-1")]
    [InlineData("--netmera-5xx-share", "1.5")]
    [InlineData("--netmera-latency-ms", "soon")]
    [InlineData("--netmera-device-tokens", "both")]
    [InlineData("--netmera-app-key", "has_underscore")]
    public void Bad_netmera_values_are_named(string name, string value)
    {
        Assert.False(SandboxCommandLine.TryParse([name, value], out _, out var error));
        Assert.Contains(name, error, StringComparison.Ordinal);
    }
}
