namespace Migration.Domain.Gates;

/// <summary>
/// A person's decision at a gate (DESIGN §4.6): who, when, on what basis, and what was decided. It is
/// stored with the run and shown in its status; records wait at the gate until it exists.
/// </summary>
public sealed record GateDecision(string Gate, string Decision, string Approver, DateTimeOffset DecidedAt, string? Basis, string? Note);

/// <summary>The gates a run can hold at, and the decisions each accepts.</summary>
public static class Gate
{
    /// <summary>EU/EEA users in scope: extraction waits for someone with legal authority.</summary>
    public const string Gdpr = "gdpr";

    /// <summary>Move EU/EEA users (the basis says why that is lawful).</summary>
    public const string Approve = "approve";

    /// <summary>Leave EU/EEA users in Netmera; they are skipped with that reason.</summary>
    public const string ExcludeEu = "exclude-eu";

    public static IReadOnlyList<string> DecisionsFor(string gate) => gate switch
    {
        Gdpr => [Approve, ExcludeEu],
        _ => [],
    };

    /// <summary>The external event an orchestration waits on for a gate.</summary>
    public static string EventName(string gate) => "approval:" + gate;
}
