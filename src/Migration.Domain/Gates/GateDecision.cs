namespace Migration.Domain.Gates;

/// <summary>
/// A person's decision at a gate (DESIGN §4.6): who, when, on what basis, and what was decided. It is
/// stored with the run and shown in its status; records wait at the gate until it exists.
/// </summary>
public sealed record GateDecision(string Gate, string Decision, string Approver, DateTimeOffset DecidedAt, string? Basis, string? Note)
{
    /// <summary>For the mapping gate: the field map version approved (and frozen with the run).</summary>
    public int? Version { get; init; }
}

/// <summary>The gates a run can hold at, and the decisions each accepts.</summary>
public static class Gate
{
    /// <summary>EU/EEA users in scope: extraction waits for someone with legal authority.</summary>
    public const string Gdpr = "gdpr";

    /// <summary>Move EU/EEA users (the basis says why that is lawful).</summary>
    public const string Approve = "approve";

    /// <summary>Leave EU/EEA users in Netmera; they are skipped with that reason.</summary>
    public const string ExcludeEu = "exclude-eu";

    /// <summary>The field map: nothing is written to Pipedrive before a person approves a version.</summary>
    public const string Mapping = "mapping";

    /// <summary>The sample migration: the production load waits until its verification is accepted.</summary>
    public const string Sample = "sample";

    /// <summary>Stop the run at the sample gate (the sample's records stay, for inspection or rollback).</summary>
    public const string Reject = "reject";

    /// <summary>
    /// Besides these, every record-moving phase is a gate of its own name (e.g. <c>load-persons</c>):
    /// a phase whose rejects exceed the run's tolerance holds there until a person accepts or refuses them.
    /// </summary>
    public static IReadOnlyList<string> All { get; } = [Gdpr, Mapping, Sample, .. Runs.Phase.Reconciled];

    public static IReadOnlyList<string> DecisionsFor(string gate) => gate switch
    {
        Gdpr => [Approve, ExcludeEu],
        Mapping => [Approve],
        Sample => [Approve, Reject],
        _ when Runs.Phase.Reconciled.Contains(gate) => [Approve, Reject],
        _ => [],
    };

    /// <summary>The external event an orchestration waits on for a gate.</summary>
    public static string EventName(string gate) => "approval:" + gate;
}
