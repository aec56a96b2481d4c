using System.Globalization;

namespace Migration.Domain.Mapping;

/// <summary>
/// Checks a map before it can be approved: every target exists or can be created, every transform fits
/// its target, lines that share a custom field agree on its type, option fields have options, and the
/// custom fields the map needs fit in what the Pipedrive plan leaves. Each problem names the line and
/// says what to change.
/// </summary>
public static class FieldMapValidator
{
    /// <summary>Options one enum or set field can hold (pipedrive-api.md §9).</summary>
    public const int MaxOptions = 10_000;

    private static readonly string[] Entities = [TargetEntities.Person, TargetEntities.Organization, TargetEntities.Deal, TargetEntities.Activity, TargetEntities.None];
    private static readonly string[] Kinds = [TargetKinds.Standard, TargetKinds.Custom, TargetKinds.Label, TargetKinds.ActivityType, TargetKinds.Summary, TargetKinds.None];
    private static readonly string[] CustomEntities = [TargetEntities.Person, TargetEntities.Organization, TargetEntities.Deal];

    /// <summary>Which custom field types and which built-in value kinds each transform can feed.</summary>
    private static readonly Dictionary<string, (string[] FieldTypes, string[] StandardKinds)> Fits = new(StringComparer.Ordinal)
    {
        [Transforms.Copy] = ([PipedriveFieldTypes.Varchar, PipedriveFieldTypes.Text, PipedriveFieldTypes.Phone, PipedriveFieldTypes.Address], [StandardFields.Text]),
        [Transforms.Truncate255] = ([PipedriveFieldTypes.Varchar, PipedriveFieldTypes.Text, PipedriveFieldTypes.Phone], [StandardFields.Text]),
        [Transforms.JoinName] = ([PipedriveFieldTypes.Varchar, PipedriveFieldTypes.Text], [StandardFields.Text]),
        [Transforms.Email] = ([PipedriveFieldTypes.Varchar], [StandardFields.EmailList]),
        [Transforms.Phone] = ([PipedriveFieldTypes.Phone, PipedriveFieldTypes.Varchar], [StandardFields.PhoneList]),
        [Transforms.Number] = ([PipedriveFieldTypes.Double, PipedriveFieldTypes.Monetary], [StandardFields.Number]),
        [Transforms.EpochMsOrIsoToDate] = ([PipedriveFieldTypes.Date], [StandardFields.Date]),
        [Transforms.BooleanYesNo] = ([PipedriveFieldTypes.Enum], []),
        [Transforms.Option] = ([PipedriveFieldTypes.Enum], [StandardFields.Choice]),
        [Transforms.ArrayToOptions] = ([PipedriveFieldTypes.Set], []),
        [Transforms.TagsToOptions] = ([PipedriveFieldTypes.Set], []),
        [Transforms.JoinDevices] = ([PipedriveFieldTypes.Varchar, PipedriveFieldTypes.Text], [StandardFields.Text]),
        [Transforms.JoinValues] = ([PipedriveFieldTypes.Varchar, PipedriveFieldTypes.Text], [StandardFields.Text]),
        [Transforms.OwnerByEmailThenName] = ([], [StandardFields.User]),
        [Transforms.TagsToLabels] = ([], [StandardFields.Labels]),
    };

    public static IReadOnlyList<FieldMapProblem> Validate(FieldMap map, MappingLimits limits)
    {
        ArgumentNullException.ThrowIfNull(map);
        ArgumentNullException.ThrowIfNull(limits);
        var problems = new List<FieldMapProblem>();
        foreach (var line in map.Lines)
            problems.AddRange(CheckLine(line));
        problems.AddRange(CheckSharedFields(map));
        if (CheckCap(map, limits) is { } cap)
            problems.Add(cap);
        return problems;
    }

    /// <summary>
    /// The distinct custom fields the map needs (entity, name, type), in line order after the "Netmera ID"
    /// field, which the schema step creates on persons, organizations and deals alike.
    /// </summary>
    public static IReadOnlyList<FieldTarget> CustomFields(FieldMap map)
    {
        ArgumentNullException.ThrowIfNull(map);
        var fields = new List<FieldTarget>();
        var keys = new HashSet<string>(StringComparer.Ordinal);
        foreach (var entity in CustomEntities)
        {
            fields.Add(new FieldTarget(entity, TargetKinds.Custom, FieldMapProposal.NetmeraIdField, PipedriveFieldTypes.Varchar));
            keys.Add(MappingLimits.Key(entity, FieldMapProposal.NetmeraIdField));
        }

        foreach (var (_, target) in CustomTargets(map))
        {
            if (keys.Add(MappingLimits.Key(target.Entity, target.Name)))
                fields.Add(target);
        }

        return fields;
    }

    private static IEnumerable<(MappingLine Line, FieldTarget Target)> CustomTargets(FieldMap map)
    {
        foreach (var line in map.Lines)
        {
            if (line.Target.Kind == TargetKinds.Custom)
                yield return (line, line.Target);
            else if (line.Target.Kind == TargetKinds.Summary)
                foreach (var field in SummaryFields.Of(line.Target))
                    yield return (line, field.Target);
        }
    }

    private static IEnumerable<FieldMapProblem> CheckLine(MappingLine line)
    {
        var id = line.SourceId;
        var target = line.Target;
        FieldMapProblem P(string code, string reason) => new(id, code, reason);

        if (!Entities.Contains(target.Entity, StringComparer.Ordinal))
        {
            yield return P(FieldMapProblemCodes.UnknownEntity, $"'{target.Entity}' is not a Pipedrive object the migration writes: use person, organization, deal or activity (or none to leave it out).");
            yield break;
        }

        if (!Kinds.Contains(target.Kind, StringComparer.Ordinal))
        {
            yield return P(FieldMapProblemCodes.UnknownKind, $"'{target.Kind}' is not a kind of target: use standard, custom, label, activity-type, summary or none.");
            yield break;
        }

        if (!Transforms.IsKnown(line.Transform))
        {
            yield return P(FieldMapProblemCodes.UnknownTransform, $"'{line.Transform}' is not a known transform: use one of {string.Join(", ", Transforms.All)}.");
            yield break;
        }

        if (line.Source.Kind == SourceKinds.Identity && line.Source.Code == SourceItems.ExtId
            && !(target.Entity == TargetEntities.Person && target.Kind == TargetKinds.Custom && target.FieldType == PipedriveFieldTypes.Varchar
                 && string.Equals(target.Name, FieldMapProposal.NetmeraIdField, StringComparison.Ordinal)))
        {
            yield return P(FieldMapProblemCodes.ReservedField, $"The external id always goes to the person text field \"{FieldMapProposal.NetmeraIdField}\": it is how persons are found again, so it cannot be changed.");
            yield break;
        }

        if (target.Kind == TargetKinds.None || target.Entity == TargetEntities.None)
        {
            if (target.Kind != TargetKinds.None || target.Entity != TargetEntities.None)
                yield return P(FieldMapProblemCodes.UnknownKind, "A target that moves nothing must have both entity and kind 'none'.");
            else if (line.Transform != Transforms.None)
                yield return P(FieldMapProblemCodes.TypeClash, $"The item is not moved, so its transform must be 'none', not '{line.Transform}'.");
            yield break;
        }

        if (line.Transform == Transforms.None)
        {
            yield return P(FieldMapProblemCodes.TypeClash, "The transform 'none' moves nothing: choose a transform for the target, or set the target to not moved.");
            yield break;
        }

        foreach (var problem in CheckTarget(line, P))
            yield return problem;
    }

    private static IEnumerable<FieldMapProblem> CheckTarget(MappingLine line, Func<string, string, FieldMapProblem> P)
    {
        var target = line.Target;
        var transform = line.Transform;
        switch (target.Kind)
        {
            case TargetKinds.Standard:
                var kind = StandardFields.KindOf(target.Entity, target.Name);
                if (kind is null)
                {
                    yield return P(FieldMapProblemCodes.UnknownStandardField,
                        $"'{target.Name}' is not a built-in {target.Entity} field the migration writes; known: {string.Join(", ", StandardFields.Codes(target.Entity))}. For anything else use a custom field.");
                    yield break;
                }

                if (!Fits.TryGetValue(transform, out var fit) || !fit.StandardKinds.Contains(kind, StringComparer.Ordinal))
                    yield return P(FieldMapProblemCodes.TypeClash, $"The transform '{transform}' does not produce what the built-in field '{target.Name}' takes ({kind}); the usual one is '{DefaultFor(line)}'.");
                if (kind == StandardFields.Choice && transform == Transforms.Option && target.Options.Count == 0)
                    yield return P(FieldMapProblemCodes.MissingOptions, $"'{target.Name}' is chosen by name from options, and none are listed: add them.");
                break;

            case TargetKinds.Custom:
                if (!CustomEntities.Contains(target.Entity, StringComparer.Ordinal))
                {
                    yield return P(FieldMapProblemCodes.UnknownEntity, $"Pipedrive has no custom fields on {target.Entity} that can be created: use person, organization or deal.");
                    yield break;
                }

                if (string.IsNullOrWhiteSpace(target.Name) || target.Name.Length > Transforms.VarcharLimit)
                    yield return P(FieldMapProblemCodes.MissingName, "A custom field needs a name of 1 to 255 characters.");
                if (target.FieldType is null || !PipedriveFieldTypes.All.Contains(target.FieldType, StringComparer.Ordinal))
                {
                    yield return P(FieldMapProblemCodes.UnknownFieldType, $"'{target.FieldType}' is not a Pipedrive field type the migration creates: use one of {string.Join(", ", PipedriveFieldTypes.All)}.");
                    yield break;
                }

                if (string.Equals(target.Name.Trim(), FieldMapProposal.NetmeraIdField, StringComparison.OrdinalIgnoreCase)
                    && target.Entity == TargetEntities.Person && !(line.Source.Kind == SourceKinds.Identity && line.Source.Code == SourceItems.ExtId))
                    yield return P(FieldMapProblemCodes.ReservedField, $"\"{FieldMapProposal.NetmeraIdField}\" holds the external id the migration finds persons by: give this item another field name.");

                if (!Fits.TryGetValue(transform, out var customFit) || !customFit.FieldTypes.Contains(target.FieldType, StringComparer.Ordinal))
                    yield return P(FieldMapProblemCodes.TypeClash, $"The transform '{transform}' does not produce {Article(target.FieldType)} {target.FieldType} value for \"{target.Name}\": use '{DefaultFor(line)}', or a field type '{transform}' fills.");
                if (PipedriveFieldTypes.HasOptions(target.FieldType))
                    foreach (var problem in CheckOptions(line, P))
                        yield return problem;
                break;

            case TargetKinds.Label:
                if (target.Entity is not (TargetEntities.Person or TargetEntities.Organization or TargetEntities.Deal))
                    yield return P(FieldMapProblemCodes.UnknownEntity, $"{target.Entity} has no labels: use person, organization or deal.");
                if (transform != Transforms.TagsToLabels)
                    yield return P(FieldMapProblemCodes.TypeClash, $"Labels are filled by '{Transforms.TagsToLabels}', not '{transform}'.");
                foreach (var problem in CheckOptions(line, P))
                    yield return problem;
                break;

            case TargetKinds.ActivityType:
                if (target.Entity != TargetEntities.Activity)
                    yield return P(FieldMapProblemCodes.UnknownEntity, "An activity type belongs to the activity entity.");
                if (string.IsNullOrWhiteSpace(target.Name))
                    yield return P(FieldMapProblemCodes.MissingName, "An activity type needs a name.");
                if (transform != Transforms.EventToActivity)
                    yield return P(FieldMapProblemCodes.TypeClash, $"Activities are made by '{Transforms.EventToActivity}', not '{transform}'.");
                if (line.Source.Kind != SourceKinds.Event)
                    yield return P(FieldMapProblemCodes.TypeClash, "Only events become activities.");
                break;

            case TargetKinds.Summary:
                if (target.Entity != TargetEntities.Person)
                    yield return P(FieldMapProblemCodes.UnknownEntity, "Event summaries are kept on the person.");
                if (string.IsNullOrWhiteSpace(target.Name))
                    yield return P(FieldMapProblemCodes.MissingName, "A summary needs a name (its three fields are named after it).");
                if (transform != Transforms.Summary)
                    yield return P(FieldMapProblemCodes.TypeClash, $"Summaries are made by '{Transforms.Summary}', not '{transform}'.");
                if (line.Source.Kind != SourceKinds.Event)
                    yield return P(FieldMapProblemCodes.TypeClash, "Only events can be summarised.");
                break;
        }
    }

    private static string Article(string type) => type.Length > 0 && "aeiou".Contains(type[0], StringComparison.Ordinal) ? "an" : "a";

    private static string DefaultFor(MappingLine line) => Transforms.DefaultFor(line.Target, line.Source);

    private static IEnumerable<FieldMapProblem> CheckOptions(MappingLine line, Func<string, string, FieldMapProblem> P)
    {
        var options = line.Target.Options;
        var what = line.Target.Kind == TargetKinds.Label ? "labels" : $"options of \"{line.Target.Name}\"";
        if (options.Count == 0)
        {
            yield return P(FieldMapProblemCodes.MissingOptions, $"No {what} are listed: Pipedrive needs at least one to create the field. Add them, or choose a text field.");
            yield break;
        }

        if (options.Count > MaxOptions)
            yield return P(FieldMapProblemCodes.BadOptions, $"{options.Count.ToString("N0", CultureInfo.InvariantCulture)} {what}; Pipedrive allows {MaxOptions.ToString("N0", CultureInfo.InvariantCulture)}: choose long text instead.");
        if (options.Any(o => string.IsNullOrWhiteSpace(o) || o.Length > Transforms.VarcharLimit))
            yield return P(FieldMapProblemCodes.BadOptions, $"Every one of the {what} needs 1 to 255 characters.");
        var duplicates = options.GroupBy(o => o.Trim(), StringComparer.OrdinalIgnoreCase).Where(g => g.Count() > 1).Select(g => string.Join("/", g)).ToArray();
        if (duplicates.Length > 0)
            yield return P(FieldMapProblemCodes.BadOptions, $"The {what} repeat a name (case and spaces ignored): {string.Join(", ", duplicates)}. Keep one of each.");
        if (line.Transform == Transforms.BooleanYesNo && !(options.Contains(Transforms.Yes, StringComparer.OrdinalIgnoreCase) && options.Contains(Transforms.No, StringComparer.OrdinalIgnoreCase)))
            yield return P(FieldMapProblemCodes.MissingOptions, $"'{Transforms.BooleanYesNo}' writes Yes or No, so the {what} must include both.");
    }

    private static IEnumerable<FieldMapProblem> CheckSharedFields(FieldMap map)
    {
        var byField = CustomTargets(map)
            .Where(t => t.Target.FieldType is not null)
            .GroupBy(t => MappingLimits.Key(t.Target.Entity, t.Target.Name), StringComparer.Ordinal);
        foreach (var field in byField)
        {
            var types = field.Select(t => t.Target.FieldType!).Distinct(StringComparer.Ordinal).ToArray();
            if (types.Length < 2)
                continue;
            var users = string.Join(", ", field.Select(t => $"{t.Line.SourceId} ({t.Target.FieldType})"));
            foreach (var (line, target) in field)
            {
                yield return new FieldMapProblem(line.SourceId, FieldMapProblemCodes.TypeClash,
                    $"The {target.Entity} field \"{target.Name}\" is given different types by {users}: one field has one type, so rename one of them or give them the same type.");
            }
        }
    }

    private static FieldMapProblem? CheckCap(FieldMap map, MappingLimits limits)
    {
        if (limits.CustomFieldsAvailable is not { } available)
            return null;
        var existing = new HashSet<string>(limits.ExistingFields.Select(k => k.Trim().ToLowerInvariant()), StringComparer.Ordinal);
        var needed = CustomFields(map).Where(f => !existing.Contains(MappingLimits.Key(f.Entity, f.Name))).ToArray();
        if (needed.Length <= available)
            return null;
        var perEntity = string.Join(", ", needed.GroupBy(f => f.Entity, StringComparer.Ordinal)
            .OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => $"{g.Count()} on {g.Key}s"));
        return new FieldMapProblem(null, FieldMapProblemCodes.OverPlanCap,
            $"The map needs {needed.Length} new custom fields ({perEntity}, the \"{FieldMapProposal.NetmeraIdField}\" fields included) but the Pipedrive plan leaves {available} (the cap is per company, across persons, organizations and deals). Leave {needed.Length - available} out (set them to not moved, or send tags to labels), or move to a larger plan.");
    }
}
