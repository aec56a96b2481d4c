namespace Migration.Domain.Runs;

/// <summary>A run as the Runs table keeps it: what was asked and when. Live state comes from the engine.</summary>
public sealed record RunRecord(string RunId, DateTimeOffset CreatedAt, MigrationPlan Plan);
