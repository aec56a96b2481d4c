using Migration.Domain.Mapping;
using Migration.Domain.Staging;

namespace Migration.Domain.Source;

/// <summary>
/// Gathers one person's routed rows into <see cref="PersonExtras"/>: summarised events counted with their first and
/// last time, activity events kept with an ordinal among identical ones (same id, name and time, in file order) so
/// each has a stable source id, push rows, tags (each once, ignoring case), survey answers and segments (each once).
/// </summary>
public sealed class PersonExtrasBuilder(string extId)
{
    private readonly Dictionary<string, EventSummary> summaries = new(StringComparer.OrdinalIgnoreCase);
    private readonly List<(SourceEvent Event, string Type, int Ordinal)> events = [];
    private readonly Dictionary<(string, string, DateTimeOffset), int> seen = [];
    private readonly List<SourcePushResult> pushResults = [];
    private readonly List<string> tags = [];
    private readonly List<SurveyAnswer> answers = [];
    private readonly List<string> segments = [];

    public string ExtId => extId;

    public void Add(RoutedRow row)
    {
        ArgumentNullException.ThrowIfNull(row);
        if (row.Event is { } e && row.TargetName is { } target)
        {
            if (row.TargetKind == TargetKinds.Summary)
                AddToSummary(target, e.Timestamp);
            else
            {
                var key = (e.ExtId, e.Name, e.Timestamp);
                var ordinal = seen.GetValueOrDefault(key);
                seen[key] = ordinal + 1;
                events.Add((e, target, ordinal));
            }
        }
        if (row.Push is { } push)
            pushResults.Add(push);
        foreach (var tag in row.Tags?.Tags ?? [])
        {
            var trimmed = tag.Trim();
            if (trimmed.Length > 0 && !tags.Contains(trimmed, StringComparer.OrdinalIgnoreCase))
                tags.Add(trimmed);
        }
        if (row.Answer is { } answer)
            answers.Add(answer.Answer);
        if (row.Segment is { } segment && !segments.Contains(segment.SegmentName, StringComparer.Ordinal))
            segments.Add(segment.SegmentName);
    }

    /// <summary>The activity events in time order (ties in file order), for a person staged in <paramref name="personBatch"/>.</summary>
    public IReadOnlyList<StagedActivityEvent> ActivityEvents(int personBatch) =>
        [.. events.OrderBy(e => e.Event.Timestamp).Select(e => new StagedActivityEvent(
            personBatch, extId, ActivityEventsSourceId(e.Event, e.Ordinal), e.Type, e.Event.Name, e.Event.Timestamp, e.Event.Attributes))];

    public PersonExtras Build() => new()
    {
        ExtId = extId,
        Summaries = [.. summaries.Values.OrderBy(s => s.Name, StringComparer.Ordinal)],
        Events = [.. events.OrderBy(e => e.Event.Timestamp).Select(e => e.Event)],
        PushResults = pushResults,
        Tags = tags,
        SurveyAnswers = answers,
        Segments = segments,
    };

    private void AddToSummary(string name, DateTimeOffset at)
    {
        summaries[name] = summaries.TryGetValue(name, out var s)
            ? s with { Count = s.Count + 1, First = at < s.First ? at : s.First, Last = at > s.Last ? at : s.Last }
            : new EventSummary(name, 1, at, at);
    }

    private static string ActivityEventsSourceId(SourceEvent e, int ordinal) => Staging.ActivityEvents.SourceIdOf(e.ExtId, e.Name, e.Timestamp, ordinal);
}
