using Migration.Domain.Runs;

namespace Migration.Workflow.Api;

/// <summary>
/// Body of <c>POST /api/migrations</c>. Connections are named; their endpoints and keys live in the
/// hosts' configuration. Unknown members are refused, so a key pasted here is rejected, not stored.
/// </summary>
public sealed record StartMigrationRequest
{
    public string? RunId { get; init; }
    public NetmeraSource? Netmera { get; init; }
    public PipedriveTarget? Pipedrive { get; init; }
    public RunOptions? Options { get; init; }
}

public sealed record NetmeraSource
{
    public string? Connection { get; init; }
    public long? SegmentId { get; init; }

    /// <summary>A folder under <c>imports/</c> in the run storage holding Netmera export files.</summary>
    public string? ImportFolder { get; init; }
}

public sealed record PipedriveTarget
{
    public string? Connection { get; init; }
}
