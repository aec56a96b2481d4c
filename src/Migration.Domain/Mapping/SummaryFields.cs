namespace Migration.Domain.Mapping;

/// <summary>One person field a summarised event fills: its target and the transform computing it.</summary>
public sealed record SummaryField(FieldTarget Target, string Transform);

/// <summary>
/// A high-frequency event (app opens, screen views) is not written as one activity each but summarised on
/// the person in three custom fields: "{name}: count" (number), "{name}: first seen" and "{name}: last seen" (dates),
/// where {name} is the summary target's name.
/// </summary>
public static class SummaryFields
{
    public static IReadOnlyList<SummaryField> Of(FieldTarget summary)
    {
        ArgumentNullException.ThrowIfNull(summary);
        var entity = summary.Entity == TargetEntities.None ? TargetEntities.Person : summary.Entity;
        return
        [
            new(new FieldTarget(entity, TargetKinds.Custom, $"{summary.Name}: count", PipedriveFieldTypes.Double), Transforms.SummaryCount),
            new(new FieldTarget(entity, TargetKinds.Custom, $"{summary.Name}: first seen", PipedriveFieldTypes.Date), Transforms.SummaryFirst),
            new(new FieldTarget(entity, TargetKinds.Custom, $"{summary.Name}: last seen", PipedriveFieldTypes.Date), Transforms.SummaryLast),
        ];
    }
}
