namespace Migration.Sandbox;

/// <summary>How a Netmera simulator is started.</summary>
public sealed record NetmeraSimulatorOptions
{
    /// <summary>Size of the generated population (every user is in the "All users" segment).</summary>
    public int Users { get; init; } = 2000;

    /// <summary>Dataset seed: same seed and size give the same users, byte for byte.</summary>
    public int Seed { get; init; } = 42;

    /// <summary>The REST API key clients must send in <c>X-netmera-api-key</c>.</summary>
    public string ApiKey { get; init; } = "sandbox-netmera-key";

    /// <summary>TCP port on 127.0.0.1; 0 picks a free one.</summary>
    public int Port { get; init; }
}
