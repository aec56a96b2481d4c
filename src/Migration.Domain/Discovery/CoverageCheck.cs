using System.Globalization;

namespace Migration.Domain.Discovery;

/// <summary>
/// Whether the frozen segment holds (nearly) everyone Netmera knows: a segment that misses users
/// would leave them behind silently, so below the threshold the run stops and says why (DESIGN §1).
/// </summary>
public sealed record CoverageCheck(long SegmentUsers, long KnownUsers, double Threshold)
{
    public const double DefaultThreshold = 0.95;

    public double Ratio => KnownUsers <= 0 ? 1.0 : (double)SegmentUsers / KnownUsers;

    public bool Passes => Ratio >= Threshold;

    public string Explain()
    {
        var holds = string.Format(CultureInfo.InvariantCulture, "The segment holds {0:N0} of the {1:N0} users Netmera knows ({2:P1})", SegmentUsers, KnownUsers, Ratio);
        return Passes
            ? holds + "."
            : holds + string.Format(CultureInfo.InvariantCulture,
                ", below the {0:P0} the run requires: {1:N0} users would be left behind. Recalculate or widen the segment (it may still be calculating), " +
                "or start the run with a lower coverageThreshold if leaving them out is intended.", Threshold, KnownUsers - SegmentUsers);
    }
}
