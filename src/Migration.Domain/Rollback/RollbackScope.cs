namespace Migration.Domain.Rollback;

/// <summary>
/// What a rollback undoes, newest first (DESIGN §1 step 10): event activities, campaign touchpoints (activities on
/// the deals), campaign deals, persons, organizations, then the filters and the schema objects the run created.
/// Each step names the load phase an operator scopes by, the id ledger's object type and its own phase name.
/// </summary>
public static class RollbackScope
{
    public const string SchemaPhase = "schema";

    /// <summary>The schema step's row type in the rollback ledger (fields, options, labels, activity types, pipeline, stages).</summary>
    public const string SchemaObjectType = "schema";

    public static IReadOnlyList<RollbackStep> Steps { get; } =
    [
        new("load-activities", "activity", "rollback-activities"),
        new("load-touchpoints", "touchpoint", "rollback-touchpoints"),
        new("load-campaigns", "deal", "rollback-deals"),
        new("load-persons", "person", "rollback-persons"),
        new("load-organizations", "organization", "rollback-organizations"),
        new("load-filters", "filter", "rollback-filters"),
        new(SchemaPhase, SchemaObjectType, "rollback-schema"),
    ];

    /// <summary>The steps of <paramref name="phases"/> in rollback order (all of them when none are named), or the names that are not phases.</summary>
    public static (IReadOnlyList<RollbackStep> Steps, IReadOnlyList<string> Unknown) Resolve(IReadOnlyCollection<string>? phases)
    {
        if (phases is null || phases.Count == 0)
            return (Steps, []);
        var unknown = phases.Where(p => !Steps.Any(s => s.Phase == p)).Distinct(StringComparer.Ordinal).ToList();
        return (Steps.Where(s => phases.Contains(s.Phase)).ToList(), unknown);
    }

    public static RollbackStep ForRollbackPhase(string rollbackPhase) =>
        Steps.FirstOrDefault(s => s.RollbackPhase == rollbackPhase)
        ?? throw new ArgumentException($"'{rollbackPhase}' is not a rollback phase.", nameof(rollbackPhase));

    /// <summary>Whether the step's records are Pipedrive activities (event activities and touchpoints).</summary>
    public static bool IsActivity(string objectType) => objectType is "activity" or "touchpoint";
}

/// <param name="Phase">The load phase (or <c>schema</c>) an operator names in a rollback scope.</param>
/// <param name="ObjectType">The id ledger's object type for the phase's records.</param>
/// <param name="RollbackPhase">The rollback's own phase name, shown in status.</param>
public sealed record RollbackStep(string Phase, string ObjectType, string RollbackPhase)
{
    public bool IsSchema => ObjectType == RollbackScope.SchemaObjectType;
}
