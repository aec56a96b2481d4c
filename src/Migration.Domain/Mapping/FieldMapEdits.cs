namespace Migration.Domain.Mapping;

/// <summary>Either the next version of the map or why the edit cannot be applied.</summary>
public sealed record FieldMapEditResult(FieldMap? Map, IReadOnlyList<FieldMapProblem> Problems)
{
    public bool Succeeded => Map is not null;
}

/// <summary>
/// Applies an operator's edit: the result is the next version (the current version + 1, based on it),
/// each changed line marked as set by the operator (confidence 1, the note as its reason, the previous
/// target kept among the alternatives). Refused, with problems, when the edit was made on another version,
/// names no editor, changes an unknown or the same line twice, or leaves a changed line invalid
/// (<see cref="FieldMapValidator"/>; plan caps are checked at approval, with the account's limits).
/// </summary>
public static class FieldMapEdits
{
    public static FieldMapEditResult Apply(FieldMap current, FieldMapEdit edit)
    {
        ArgumentNullException.ThrowIfNull(current);
        ArgumentNullException.ThrowIfNull(edit);
        var problems = new List<FieldMapProblem>();
        if (edit.BasedOn != current.Version)
            problems.Add(new FieldMapProblem(null, FieldMapProblemCodes.StaleVersion,
                $"The edit was made on version {edit.BasedOn} but the map is at version {current.Version}: reload the map and edit again."));
        if (string.IsNullOrWhiteSpace(edit.EditedBy))
            problems.Add(new FieldMapProblem(null, FieldMapProblemCodes.MissingEditor, "An edit must name who made it."));

        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var change in edit.Changes)
        {
            if (!seen.Add(change.SourceId))
                problems.Add(new FieldMapProblem(change.SourceId, FieldMapProblemCodes.DuplicateChange, "The edit changes this line twice: keep one change."));
            if (current.Line(change.SourceId) is null)
                problems.Add(new FieldMapProblem(change.SourceId, FieldMapProblemCodes.UnknownSource, "No line of the map has this source id."));
        }

        if (problems.Count > 0)
            return new FieldMapEditResult(null, problems);

        var changes = edit.Changes.ToDictionary(c => c.SourceId, StringComparer.Ordinal);
        var editor = edit.EditedBy.Trim();
        var reason = string.IsNullOrWhiteSpace(edit.Note) ? $"Set by {editor}." : $"Set by {editor}: {edit.Note.Trim()}";
        var lines = current.Lines.Select(line =>
        {
            if (!changes.TryGetValue(line.SourceId, out var change))
                return line;
            var transform = change.Transform ?? KeptOrDefault(line, change.Target);
            var alternatives = FieldMapDiff.SameTarget(line.Target, change.Target)
                ? line.Alternatives
                : new[] { line.Target }.Concat(line.Alternatives.Where(a => !FieldMapDiff.SameTarget(a, change.Target))).ToArray();
            return line with { Target = change.Target, Transform = transform, Confidence = 1, Reason = reason, Alternatives = alternatives };
        }).ToArray();

        var next = current with
        {
            Version = current.Version + 1,
            Lines = lines,
            BasedOn = current.Version,
            EditedBy = editor,
            EditNote = string.IsNullOrWhiteSpace(edit.Note) ? null : edit.Note.Trim(),
        };

        var changed = changes.Keys.ToHashSet(StringComparer.Ordinal);
        var invalid = FieldMapValidator.Validate(next, MappingLimits.Unlimited).Where(p => p.SourceId is not null && changed.Contains(p.SourceId)).ToArray();
        return invalid.Length > 0 ? new FieldMapEditResult(null, invalid) : new FieldMapEditResult(next, []);
    }

    /// <summary>The line's transform when the target keeps its kind and type and the transform still fits, else the target's usual transform.</summary>
    private static string KeptOrDefault(MappingLine line, FieldTarget target)
    {
        if (line.Target.Kind != target.Kind || line.Target.FieldType != target.FieldType)
            return Transforms.DefaultFor(target, line.Source);
        var probe = line with { Target = target };
        var fits = !FieldMapValidator.Validate(new FieldMap(0, [probe]), MappingLimits.Unlimited)
            .Any(p => p.Code is FieldMapProblemCodes.TypeClash or FieldMapProblemCodes.UnknownTransform);
        return fits && line.Transform != Transforms.None ? line.Transform : Transforms.DefaultFor(target, line.Source);
    }
}
