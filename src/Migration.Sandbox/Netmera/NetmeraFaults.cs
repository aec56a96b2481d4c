namespace Migration.Sandbox;

/// <summary>
/// Server faults the Netmera simulator injects, drawn from a seeded generator (one draw per vendor request that
/// passed the key and quota checks): <see cref="ServerErrorShare"/> of them answer 5xx before anything is read.
/// </summary>
public sealed record NetmeraFaults
{
    /// <summary>0..1. Two in three answer 500 with <c>{code: 2001}</c>, one in three 503 with a plain-text body (a gateway's).</summary>
    public double ServerErrorShare { get; init; }

    /// <summary>Seed of the fault draws; null uses the dataset seed.</summary>
    public int? Seed { get; init; }
}
