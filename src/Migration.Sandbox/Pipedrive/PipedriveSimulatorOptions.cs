namespace Migration.Sandbox;

/// <summary>How a Pipedrive simulator is started.</summary>
public sealed record PipedriveSimulatorOptions
{
    /// <summary>The token clients must send (<c>x-api-token</c>, <c>api_token</c>, or as an OAuth bearer token).</summary>
    public string ApiToken { get; init; } = "sandbox-pipedrive-token";

    /// <summary>TCP port on 127.0.0.1; 0 picks a free one.</summary>
    public int Port { get; init; }

    /// <summary>Seeds the account-specific values (custom field keys, label ids): same seed, same keys.</summary>
    public int Seed { get; init; } = 42;

    /// <summary>Clock for add_time / update_time; tests may substitute a fake one.</summary>
    public TimeProvider Clock { get; init; } = TimeProvider.System;

    /// <summary>
    /// Added to every vendor call before it is answered, as a real account's round trip would be.
    /// Zero by default; the durability tests use it to keep a run in flight long enough to kill a host.
    /// </summary>
    public TimeSpan Latency { get; init; }
}
