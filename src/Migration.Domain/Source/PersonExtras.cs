namespace Migration.Domain.Source;

/// <summary>
/// What the export files say about one staged person, routed to the person's staged batch after the
/// mapping gate (<c>staged/person-extras/{batch}.ndjson.gz</c>, one line per person that has any):
/// summaries of the events the approved map summarises, the events it makes activities, the push
/// delivery rows (campaign touchpoints), and tags and survey answers from inventory files.
/// <see cref="ExtId"/> is the staged survivor's id; rows of ids merged into it are routed here too.
/// </summary>
public sealed record PersonExtras
{
    public required string ExtId { get; init; }

    /// <summary>One per summarised event the person has, by the event's name as the map's source item names it.</summary>
    public IReadOnlyList<EventSummary> Summaries { get; init; } = [];

    /// <summary>Events the map sends to activities, in time order.</summary>
    public IReadOnlyList<SourceEvent> Events { get; init; } = [];

    /// <summary>Delivery rows of campaigns to this person (touchpoint candidates).</summary>
    public IReadOnlyList<SourcePushResult> PushResults { get; init; } = [];

    /// <summary>Tags from tag-assignment files.</summary>
    public IReadOnlyList<string> Tags { get; init; } = [];

    /// <summary>Answers from survey-answer files.</summary>
    public IReadOnlyList<SurveyAnswer> SurveyAnswers { get; init; } = [];
}

/// <summary>A high-frequency event summarised on the person: how often, first and last time (UTC).</summary>
public sealed record EventSummary(string Name, long Count, DateTimeOffset First, DateTimeOffset Last);
