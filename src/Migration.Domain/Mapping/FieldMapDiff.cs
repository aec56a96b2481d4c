namespace Migration.Domain.Mapping;

/// <summary>One line that differs between two versions; a null side means the line is missing from that version.</summary>
public sealed record FieldMapLineChange(string SourceId, FieldTarget? BeforeTarget, string? BeforeTransform, FieldTarget? AfterTarget, string? AfterTransform);

/// <summary>What changed between two versions of a map: the lines whose target or transform differ, in the newer version's order.</summary>
public sealed record FieldMapDiff(int FromVersion, int ToVersion, IReadOnlyList<FieldMapLineChange> Changes)
{
    public bool IsEmpty => Changes.Count == 0;

    public static FieldMapDiff Between(FieldMap from, FieldMap to)
    {
        ArgumentNullException.ThrowIfNull(from);
        ArgumentNullException.ThrowIfNull(to);
        var before = from.Lines.GroupBy(l => l.SourceId, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
        var after = to.Lines.Select(l => l.SourceId).ToHashSet(StringComparer.Ordinal);
        var changes = new List<FieldMapLineChange>();
        foreach (var line in to.Lines)
        {
            if (!before.TryGetValue(line.SourceId, out var old))
                changes.Add(new FieldMapLineChange(line.SourceId, null, null, line.Target, line.Transform));
            else if (!SameTarget(old.Target, line.Target) || old.Transform != line.Transform)
                changes.Add(new FieldMapLineChange(line.SourceId, old.Target, old.Transform, line.Target, line.Transform));
        }

        foreach (var line in from.Lines.Where(l => !after.Contains(l.SourceId)))
            changes.Add(new FieldMapLineChange(line.SourceId, line.Target, line.Transform, null, null));
        return new FieldMapDiff(from.Version, to.Version, changes);
    }

    /// <summary>Targets compared by value, options included in order.</summary>
    public static bool SameTarget(FieldTarget? a, FieldTarget? b) =>
        a is null || b is null
            ? a is null && b is null
            : a.Entity == b.Entity && a.Kind == b.Kind && a.Name == b.Name && a.FieldType == b.FieldType && a.Options.SequenceEqual(b.Options, StringComparer.Ordinal);
}
