using Migration.Domain.Source;

namespace Migration.Domain.Mapping;

/// <summary>Where an event goes by the approved map: summarised on the person, or one activity of a type.</summary>
public sealed record EventTarget(string Kind, string Name)
{
    public bool IsSummary => Kind == TargetKinds.Summary;
}

/// <summary>
/// The approved map's event lines, looked up by event: an export row names its event by name (or by code when the
/// file has no name column), and may carry Netmera's code in an "Event Code" attribute; each is matched against the
/// line's source item ignoring case. Summaries are named by the source item's name (what
/// <see cref="EventSummary.Name"/> holds); activities by the activity type's name.
/// </summary>
public sealed class EventTargets
{
    /// <summary>The attribute the event data export keeps Netmera's event code in.</summary>
    public const string EventCodeAttribute = "Event Code";

    private readonly Dictionary<string, EventTarget> byKey = new(StringComparer.OrdinalIgnoreCase);

    public EventTargets(FieldMap map)
    {
        ArgumentNullException.ThrowIfNull(map);
        foreach (var line in map.Lines.Where(l => l.Source.Kind == SourceKinds.Event))
        {
            EventTarget? target = line.Target.Kind switch
            {
                TargetKinds.Summary => new EventTarget(TargetKinds.Summary, line.Source.Name.Trim()),
                TargetKinds.ActivityType => new EventTarget(TargetKinds.ActivityType, SchemaRequirements.NameOf(line)),
                _ => null,
            };
            if (target is null)
                continue;
            byKey.TryAdd(line.Source.Code.Trim(), target);
            byKey.TryAdd(line.Source.Name.Trim(), target);
        }
    }

    public bool IsEmpty => byKey.Count == 0;

    /// <summary>The event's target, or null when the map does not move it.</summary>
    public EventTarget? Of(SourceEvent sourceEvent)
    {
        ArgumentNullException.ThrowIfNull(sourceEvent);
        if (sourceEvent.Attributes.TryGetValue(EventCodeAttribute, out var code) && byKey.TryGetValue(code.Trim(), out var byCode))
            return byCode;
        return byKey.GetValueOrDefault(sourceEvent.Name.Trim());
    }
}
