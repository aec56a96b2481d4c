using Migration.Domain.Source;

namespace Migration.Domain.Staging;

/// <summary>
/// One export row on its way to its person's batch range (<c>route/parts/{range}/{unit}.ndjson.gz</c>): exactly one of
/// the row members is set. Events carry where the approved map sends them (<see cref="TargetKind"/>: summary or
/// activity-type, and its <see cref="TargetName"/>).
/// </summary>
public sealed record RoutedRow
{
    public SourceEvent? Event { get; init; }
    public string? TargetKind { get; init; }
    public string? TargetName { get; init; }
    public SourcePushResult? Push { get; init; }
    public SourceUserTags? Tags { get; init; }
    public SourceSurveyResponse? Answer { get; init; }
    public SourceSegmentMember? Segment { get; init; }

    /// <summary>The external id the row names; null for a push row of an installation only.</summary>
    public string? ExtIdOf() => Event?.ExtId ?? Tags?.ExtId ?? Answer?.ExtId ?? Segment?.ExtId
        ?? (string.IsNullOrEmpty(Push?.ExtId) ? null : Push.ExtId);

    public string? InstallationIdOf() => Push?.InstallationId;
}
