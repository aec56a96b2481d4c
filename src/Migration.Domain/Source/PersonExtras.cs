namespace Migration.Domain.Source;

/// <summary>
/// What the export files say about one staged person, routed to the person's staged batch after the
/// mapping gate (<c>staged/person-extras/{batch}.ndjson.gz</c>, one line per person that has any):
/// summaries of the events the approved map summarises, the events it makes activities, the push
/// delivery rows (campaign touchpoints), tags and survey answers from inventory files, and segment memberships.
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

    /// <summary>Names of the Netmera segments the person is a member of (from segment member listings).</summary>
    public IReadOnlyList<string> Segments { get; init; } = [];

    /// <summary>
    /// The user with these extras merged in: the summaries and segments, tags the user does not carry yet (compared
    /// ignoring case, the user's spelling first), and the file's survey answers after the user's own.
    /// </summary>
    public SourceUser ApplyTo(SourceUser user)
    {
        ArgumentNullException.ThrowIfNull(user);
        var tags = user.Tags.ToList();
        foreach (var tag in Tags)
        {
            if (!tags.Contains(tag, StringComparer.OrdinalIgnoreCase))
                tags.Add(tag);
        }
        return user with
        {
            Tags = tags,
            SurveyAnswers = [.. user.SurveyAnswers, .. SurveyAnswers],
            Segments = [.. user.Segments, .. Segments.Where(s => !user.Segments.Contains(s, StringComparer.Ordinal))],
            EventSummaries = Summaries,
        };
    }
}

/// <summary>
/// One member of one Netmera segment, as <c>getSegmentUsers</c> lists it, staged at
/// <c>staged/segment-members/{segmentId}-{page}.ndjson.gz</c> to be routed to the member's person batch.
/// </summary>
public sealed record SourceSegmentMember(string ExtId, long SegmentId, string SegmentName);

/// <summary>A high-frequency event summarised on the person: how often, first and last time (UTC).</summary>
public sealed record EventSummary(string Name, long Count, DateTimeOffset First, DateTimeOffset Last);
