using Migration.Domain.Source;

namespace Migration.Domain.Mapping;

/// <summary>
/// The items a field map has lines for, built from Netmera's definitions, and their stable source ids
/// (<c>{kind}:{code}</c>; the tag vocabulary is just <c>tags</c>). Order: identity, profile, device,
/// survey, tags, event, campaign, each in definition order.
/// </summary>
public static class SourceItems
{
    public const string TagsId = "tags";

    /// <summary>The one line for segment membership.</summary>
    public const string SegmentsId = "segments";

    public const string ExtId = "extId";
    public const string Email = "email";
    public const string Msisdn = "msisdn";

    public const string DevicePlatform = "platform";
    public const string DeviceModel = "model";
    public const string DeviceOs = "os";
    public const string DeviceToken = "token";
    public const string DevicePushPermitted = "push-permitted";

    /// <summary>Campaign attributes every campaign has; metric and detail names are added per app.</summary>
    public static IReadOnlyList<(string Code, string Name, string DataType)> CampaignAttributes { get; } =
    [
        ("name", "Name", "STRING"),
        ("type", "Type", "STRING"),
        ("status", "Status", "STRING"),
        ("start", "Start", "DATE"),
        ("end", "End", "DATE"),
        ("title", "Title", "STRING"),
        ("message", "Message", "STRING"),
        ("sent", "Sent", "LONG"),
        ("failed", "Failed", "LONG"),
        ("clicked", "Clicked", "LONG"),
    ];

    public static string ProfileId(string code) => $"{SourceKinds.Profile}:{code}";

    public static string DeviceId(string code) => $"{SourceKinds.Device}:{code}";

    public static string SurveyId(string surveyId, string questionId) => $"{SourceKinds.Survey}:{surveyId}/{questionId}";

    public static string EventId(string code) => $"{SourceKinds.Event}:{code}";

    public static string CampaignId(string code) => $"{SourceKinds.Campaign}:{code}";

    /// <summary>The stable id of an item: <c>{kind}:{code}</c>, or <c>tags</c>, or <c>segments</c>.</summary>
    public static string IdOf(SourceItem item)
    {
        ArgumentNullException.ThrowIfNull(item);
        return item.Kind switch
        {
            SourceKinds.Tags => TagsId,
            SourceKinds.Segments => SegmentsId,
            _ => $"{item.Kind}:{item.Code}",
        };
    }

    public static IReadOnlyList<SourceItem> From(SourceDefinitions definitions, IReadOnlyDictionary<string, ValueProfile>? profiles = null)
    {
        ArgumentNullException.ThrowIfNull(definitions);
        var items = new List<SourceItem>
        {
            new(SourceKinds.Identity, ExtId, "External ID", "STRING", false),
            new(SourceKinds.Identity, Email, "Email", "STRING", false),
            new(SourceKinds.Identity, Msisdn, "MSISDN", "STRING", false),
        };

        var seenCodes = new HashSet<string>(StringComparer.Ordinal) { ExtId, Email, Msisdn };
        foreach (var attribute in definitions.Attributes)
        {
            // email and msisdn are identity items; a definition listed twice keeps its first entry.
            if (!seenCodes.Add(attribute.Code))
                continue;
            items.Add(new SourceItem(SourceKinds.Profile, attribute.Code, attribute.Name, attribute.DataType.Trim().ToUpperInvariant(), attribute.IsArray));
        }

        items.Add(new SourceItem(SourceKinds.Device, DevicePlatform, "Platform", "STRING", false));
        items.Add(new SourceItem(SourceKinds.Device, DeviceModel, "Model", "STRING", false));
        items.Add(new SourceItem(SourceKinds.Device, DeviceOs, "Operating system", "STRING", false));
        items.Add(new SourceItem(SourceKinds.Device, DeviceToken, "Push token", "STRING", false));
        items.Add(new SourceItem(SourceKinds.Device, DevicePushPermitted, "Push permitted", "BOOLEAN", false));

        foreach (var survey in definitions.Surveys)
        {
            foreach (var question in survey.Questions)
            {
                var type = string.IsNullOrWhiteSpace(question.Type) ? "TEXT" : question.Type.Trim().ToUpperInvariant();
                items.Add(new SourceItem(SourceKinds.Survey, $"{survey.Id}/{question.Id}", question.Text, type, type == "MULTIPLE_CHOICE")
                {
                    Options = question.Options,
                    ParentName = survey.Name,
                });
            }
        }

        var vocabulary = TagVocabulary(definitions.Tags, profiles?.GetValueOrDefault(TagsId));
        if (vocabulary.Count > 0 || definitions.Tags.Count > 0)
            items.Add(new SourceItem(SourceKinds.Tags, TagsId, "Tags", "TAG", true) { Options = vocabulary });

        var segments = SegmentOptions(definitions.Segments);
        if (segments.Count > 0)
            items.Add(new SourceItem(SourceKinds.Segments, SegmentsId, "Segments", "SEGMENT", true) { Options = segments });

        foreach (var definition in definitions.Events)
            items.Add(new SourceItem(SourceKinds.Event, definition.Code, definition.Name, "EVENT", false) { Options = definition.Attributes });

        foreach (var (code, name, dataType) in CampaignAttributes)
        {
            var options = code switch
            {
                "type" => Distinct(definitions.Campaigns.Select(c => c.Type)),
                "status" => Distinct(definitions.Campaigns.Select(c => c.Status)),
                _ => [],
            };
            items.Add(new SourceItem(SourceKinds.Campaign, code, name, dataType, false) { Options = options });
        }

        // A report or inventory column named like a campaign attribute (e.g. "Type") is that attribute, not a second field of the same name.
        var named = CampaignAttributes.SelectMany(a => new[] { a.Code, a.Name }).ToHashSet(StringComparer.OrdinalIgnoreCase);
        foreach (var metric in definitions.Campaigns.SelectMany(c => c.Metrics.Keys).Distinct(StringComparer.OrdinalIgnoreCase).Where(named.Add).Order(StringComparer.Ordinal))
            items.Add(new SourceItem(SourceKinds.Campaign, "metric:" + metric, metric, "LONG", false));
        foreach (var detail in definitions.Campaigns.SelectMany(c => c.Details.Keys).Distinct(StringComparer.OrdinalIgnoreCase).Where(named.Add).Order(StringComparer.Ordinal))
            items.Add(new SourceItem(SourceKinds.Campaign, "detail:" + detail, detail, "STRING", false));

        return items;
    }

    /// <summary>
    /// The tag vocabulary: inventory tags and tags seen on users, grouped case-insensitively after trimming.
    /// Each group is named by its most common spelling (user count, then ordinal), in alphabetical order (case ignored, then ordinal).
    /// </summary>
    public static IReadOnlyList<string> TagVocabulary(IReadOnlyList<SourceTag> tags, ValueProfile? profile)
    {
        var spellings = new Dictionary<string, Dictionary<string, long>>(StringComparer.Ordinal);
        void Add(string raw, long count)
        {
            var name = raw.Trim();
            if (name.Length == 0)
                return;
            var key = name.ToLowerInvariant();
            if (!spellings.TryGetValue(key, out var group))
                spellings[key] = group = new Dictionary<string, long>(StringComparer.Ordinal);
            group[name] = Math.Max(group.GetValueOrDefault(name), count);
        }

        foreach (var tag in tags)
            Add(tag.Name, tag.UserCount ?? 0);
        foreach (var value in profile?.Values ?? [])
        {
            Add(value.Value, value.Count);
            foreach (var variant in value.Variants)
                Add(variant, 0);
        }

        return spellings.Values
            .Select(g => g.OrderByDescending(s => s.Value).ThenBy(s => s.Key, StringComparer.Ordinal).First().Key)
            .OrderBy(t => t, StringComparer.OrdinalIgnoreCase)
            .ThenBy(t => t, StringComparer.Ordinal)
            .ToArray();
    }

    /// <summary>
    /// Segment names as options: trimmed, cut to Pipedrive's 255 characters, one per name ignoring case (the
    /// first spelling wins), in Netmera's order.
    /// </summary>
    public static IReadOnlyList<string> SegmentOptions(IEnumerable<string> names) =>
        names.Select(SegmentOption).Where(n => n.Length > 0).Distinct(StringComparer.OrdinalIgnoreCase).ToArray();

    /// <summary>The option one segment name becomes (and a person's membership is matched against).</summary>
    public static string SegmentOption(string name) => Persons.PersonMapping.Truncate((name ?? "").Trim(), Transforms.VarcharLimit);

    private static IReadOnlyList<string> Distinct(IEnumerable<string?> values) =>
        values.Where(v => !string.IsNullOrWhiteSpace(v)).Select(v => v!.Trim()).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToArray();
}
