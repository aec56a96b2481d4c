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

    /// <summary>
    /// Requests per minute per API key before Netmera's 400 <c>{code: 5022}</c> "service usage quota is exceeded";
    /// 0 is unlimited. Windows are whole minutes of <see cref="Clock"/>. Changeable at run time (<c>POST /_sandbox/quota</c>).
    /// </summary>
    public int QuotaPerMinute { get; init; }

    /// <summary>Injected 5xx answers (seeded). Changeable at run time (<c>POST /_sandbox/faults</c>).</summary>
    public NetmeraFaults Faults { get; init; } = new();

    /// <summary>Added to every REST request (not to admin routes).</summary>
    public TimeSpan Latency { get; init; }

    /// <summary>
    /// The simulator's clock (quota windows, getPushResult's default two weeks, latency). Null: a clock that starts at
    /// the dataset's as-of instant (<see cref="Dataset.SourceDataset.AsOf"/>) and runs in real time.
    /// </summary>
    public TimeProvider? Clock { get; init; }

    /// <summary>The Netmera app key that export file names start with (<c>appkey_PUSH_REPORTS_date</c>); no underscores.</summary>
    public string AppKey { get; init; } = "sandboxapp";

    /// <summary>Which documented item shape getDeviceTokens answers with (the newer reference's, by default).</summary>
    public DeviceTokenItemShape DeviceTokenItems { get; init; } = DeviceTokenItemShape.Reference;
}

/// <summary>getDeviceTokens items: the API reference and the OpenAPI spec describe different shapes.</summary>
public enum DeviceTokenItemShape
{
    /// <summary><c>installationId, platform, extId</c> (omitted when not linked), <c>deviceToken</c> (omitted when blank).</summary>
    Reference,

    /// <summary>The spec's Device: <c>platform, token, deviceModel, pushPermitted</c>, plus <c>installationId</c> and <c>extId</c> (omitted when not linked).</summary>
    Spec,
}
