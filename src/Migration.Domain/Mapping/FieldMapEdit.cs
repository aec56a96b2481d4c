namespace Migration.Domain.Mapping;

/// <summary>
/// An operator's edit of a map (the body of <c>PUT /api/migrations/{id}/mapping</c>): the version it was
/// made on, who made it and why, and the lines it changes. A change without a transform keeps the line's
/// transform when it still fits the new target, else takes the target's usual one.
/// </summary>
public sealed record FieldMapEdit(int BasedOn, string EditedBy, string? Note, IReadOnlyList<FieldMapChange> Changes);

/// <summary>One changed line: its source id, the new target and optionally the transform.</summary>
public sealed record FieldMapChange(string SourceId, FieldTarget Target, string? Transform = null);
