namespace Migration.Workflow.Api;

/// <summary>
/// Body of <c>POST /api/migrations/{id}/approvals/{gate}</c>: who decides, what, and on what basis.
/// The time is the server's when the decision arrives.
/// </summary>
public sealed record GateApprovalRequest
{
    public string? Approver { get; init; }

    /// <summary>One of the gate's decisions; <c>approve</c> when absent.</summary>
    public string? Decision { get; init; }

    /// <summary>For the GDPR gate: the legal basis (e.g. "contract, Art. 6(1)(b) GDPR").</summary>
    public string? Basis { get; init; }

    public string? Note { get; init; }

    /// <summary>For the mapping gate: the field map version approved.</summary>
    public int? Version { get; init; }
}
