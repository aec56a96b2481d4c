namespace Migration.Domain.Source;

// Per-user rows of the inventory exports (docs/netmera-files.md): they attach to users by external id
// and are merged into SourceUser.Tags / SourceUser.SurveyAnswers by whoever stages the users.

/// <summary>Tags one user carries, from one row of a tag-assignment file (a user may have several rows).</summary>
public sealed record SourceUserTags(string ExtId, IReadOnlyList<string> Tags);

/// <summary>One answer of one user to one survey question.</summary>
public sealed record SourceSurveyResponse(string ExtId, SurveyAnswer Answer);
