using System.Text.Json;
using Migration.Domain.Source;

namespace Migration.Domain.Mapping;

/// <summary>
/// Streams users (and optionally events) into one <see cref="ValueProfile"/> per source item. Memory is
/// bounded whatever the population: at most <see cref="MaxItems"/> items are profiled, each keeps at most
/// <c>distinctLimit</c> distinct values (then reports "more than"), and values longer than
/// <see cref="MaxRememberedLength"/> are counted but not remembered. Deterministic: the same users in the
/// same order give the same profiles.
/// </summary>
public sealed class ValueProfiler
{
    /// <summary>Items profiled at most; attributes beyond this are ignored (a profile with more is not a real Netmera app).</summary>
    public const int MaxItems = 2_000;

    /// <summary>Values longer than this are never options, so they are counted as distinct without being kept.</summary>
    public const int MaxRememberedLength = 255;

    private readonly Dictionary<string, Accumulator> items = new(StringComparer.Ordinal);
    private readonly int distinctLimit;
    private readonly int vocabularyLimit;
    private long users;

    /// <param name="distinctLimit">Distinct values tracked per item before reporting "more than".</param>
    /// <param name="vocabularyLimit">Items with at most this many distinct values report them (tags report up to <paramref name="distinctLimit"/>).</param>
    public ValueProfiler(int distinctLimit = 1_000, int vocabularyLimit = 50)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(distinctLimit, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(vocabularyLimit, 0);
        this.distinctLimit = distinctLimit;
        this.vocabularyLimit = Math.Min(vocabularyLimit, distinctLimit);
    }

    public long Users => users;

    public void Add(SourceUser user)
    {
        ArgumentNullException.ThrowIfNull(user);
        users++;

        foreach (var (code, value) in user.Profile)
        {
            if (Item(SourceItems.ProfileId(code), grouped: false) is { } item)
                item.AddJson(value);
        }

        AddDevices(user.Devices);

        if (user.Tags.Count > 0 && Item(SourceItems.TagsId, grouped: true) is { } tags)
            tags.AddTexts(user.Tags);

        foreach (var question in user.SurveyAnswers.GroupBy(a => SourceItems.SurveyId(a.SurveyId, a.QuestionId), StringComparer.Ordinal))
        {
            if (Item(question.Key, grouped: false) is { } item)
                item.AddTexts(question.Select(a => a.Answer).ToArray());
        }
    }

    /// <summary>Counts one occurrence of an event for a user, so the proposal can tell frequent events from significant ones.</summary>
    public void AddEvent(string extId, string eventCode)
    {
        ArgumentNullException.ThrowIfNull(extId);
        ArgumentNullException.ThrowIfNull(eventCode);
        Item(SourceItems.EventId(eventCode), grouped: false)?.AddEvent(extId);
    }

    public IReadOnlyDictionary<string, ValueProfile> Build()
    {
        var profiles = new SortedDictionary<string, ValueProfile>(StringComparer.Ordinal);
        foreach (var (id, item) in items)
            profiles[id] = item.Build(id, users, id == SourceItems.TagsId ? distinctLimit : Personal.Contains(id) ? 0 : vocabularyLimit);
        return profiles;
    }

    /// <summary>
    /// Items whose values identify a person or act as a credential: counted and measured, never reported,
    /// so no name, email, phone or push token reaches the value profile or the map document.
    /// </summary>
    private static readonly IReadOnlySet<string> Personal = new HashSet<string>(StringComparer.Ordinal)
    {
        SourceItems.ProfileId("email"), SourceItems.ProfileId("msisdn"), SourceItems.ProfileId("name"), SourceItems.ProfileId("surname"),
        SourceItems.DeviceId(SourceItems.DeviceToken),
    };

    private void AddDevices(IReadOnlyList<SourceDevice> devices)
    {
        if (devices.Count == 0)
            return;
        Item(SourceItems.DeviceId(SourceItems.DevicePlatform), false)?.AddTexts(devices.Select(d => d.Platform).ToArray());
        Item(SourceItems.DeviceId(SourceItems.DeviceModel), false)?.AddTexts(devices.Select(d => d.DeviceModel).ToArray());
        Item(SourceItems.DeviceId(SourceItems.DeviceOs), false)?.AddTexts(devices.Select(d => d.OperatingSystem).ToArray());
        Item(SourceItems.DeviceId(SourceItems.DeviceToken), false)?.AddTexts(devices.Select(d => d.Token).ToArray());
        Item(SourceItems.DeviceId(SourceItems.DevicePushPermitted), false)?.AddBools(devices.Select(d => d.PushPermitted).ToArray());
    }

    private Accumulator? Item(string id, bool grouped)
    {
        if (items.TryGetValue(id, out var item))
            return item;
        if (items.Count >= MaxItems)
            return null;
        item = new Accumulator(distinctLimit, grouped);
        items[id] = item;
        return item;
    }

    private sealed class Accumulator(int distinctLimit, bool grouped)
    {
        private readonly SortedSet<string> types = new(StringComparer.Ordinal);

        // Grouped (tags): trimmed lower-case key → spelling → count. Otherwise value → count (one spelling each).
        private readonly Dictionary<string, Dictionary<string, long>> distinct = new(StringComparer.Ordinal);
        private bool overflow;
        private bool unremembered;
        private long nonNull;
        private long occurrences;
        private int maxLength;
        private int maxJoinedLength;
        private int maxPerUser;

        public void AddJson(JsonElement value)
        {
            switch (value.ValueKind)
            {
                case JsonValueKind.Null or JsonValueKind.Undefined:
                    return;
                case JsonValueKind.Array:
                    types.Add(ValueTypes.Array);
                    var elements = value.EnumerateArray().Where(e => !RawValues.IsNull(e)).ToArray();
                    if (elements.Length == 0)
                        return;
                    nonNull++;
                    var texts = new List<string>(elements.Length);
                    foreach (var element in elements)
                    {
                        Classify(element);
                        var text = RawValues.Text(element) ?? element.GetRawText();
                        Count(text);
                        texts.Add(text);
                    }

                    occurrences += elements.Length;
                    maxPerUser = Math.Max(maxPerUser, elements.Length);
                    maxJoinedLength = Math.Max(maxJoinedLength, string.Join(", ", texts).Length);
                    return;
                default:
                    nonNull++;
                    occurrences++;
                    maxPerUser = Math.Max(maxPerUser, 1);
                    Classify(value);
                    var scalar = RawValues.Text(value) ?? value.GetRawText();
                    Count(scalar);
                    maxJoinedLength = Math.Max(maxJoinedLength, scalar.Length);
                    return;
            }
        }

        public void AddTexts(IReadOnlyList<string?> values)
        {
            var present = values.Where(v => !string.IsNullOrWhiteSpace(v)).Select(v => v!).ToArray();
            if (present.Length == 0)
                return;
            nonNull++;
            occurrences += present.Length;
            maxPerUser = Math.Max(maxPerUser, present.Length);
            foreach (var text in present)
            {
                ClassifyText(text);
                Count(text);
            }

            maxJoinedLength = Math.Max(maxJoinedLength, string.Join(", ", present.Distinct(StringComparer.Ordinal)).Length);
        }

        public void AddBools(IReadOnlyList<bool?> values)
        {
            var present = values.Where(v => v.HasValue).Select(v => v!.Value).ToArray();
            if (present.Length == 0)
                return;
            nonNull++;
            occurrences += present.Length;
            maxPerUser = Math.Max(maxPerUser, present.Length);
            types.Add(ValueTypes.Bool);
            foreach (var value in present)
                Count(value ? "true" : "false");
            maxJoinedLength = Math.Max(maxJoinedLength, present.Length * 7);
        }

        public void AddEvent(string extId)
        {
            occurrences++;
            maxPerUser = 1;

            // Distinct users with the event (bounded like any vocabulary); NonNull follows them.
            var before = DistinctTotal();
            Count(extId);
            if (DistinctTotal() > before)
                nonNull++;
        }

        public ValueProfile Build(string id, long users, int vocabularyLimit)
        {
            var count = DistinctTotal();
            var small = !overflow && !unremembered && count <= vocabularyLimit;
            return new ValueProfile(id)
            {
                Seen = Math.Max(users, nonNull),
                NonNull = nonNull,
                Occurrences = occurrences,
                TypesSeen = types.ToArray(),
                MaxLength = maxLength,
                MaxJoinedLength = maxJoinedLength,
                MaxPerUser = maxPerUser,
                DistinctCount = count,
                DistinctOverflow = overflow,
                Values = small ? Observed() : [],
            };
        }

        private int DistinctTotal() => distinct.Count;

        private IReadOnlyList<ObservedValue> Observed() =>
            distinct.Values
                .Select(spellings =>
                {
                    var ordered = spellings.OrderByDescending(s => s.Value).ThenBy(s => s.Key, StringComparer.Ordinal).ToArray();
                    return new ObservedValue(ordered[0].Key, ordered.Sum(s => s.Value)) { Variants = ordered.Skip(1).Select(s => s.Key).ToArray() };
                })
                .OrderBy(v => v.Value, StringComparer.Ordinal)
                .ToArray();

        private void Classify(JsonElement value)
        {
            switch (value.ValueKind)
            {
                case JsonValueKind.True or JsonValueKind.False:
                    types.Add(ValueTypes.Bool);
                    break;
                case JsonValueKind.Number:
                    types.Add(ValueTypes.Number);
                    if (value.TryGetDecimal(out var number) && RawValues.LooksLikeEpochMs(number))
                        types.Add(ValueTypes.EpochMs);
                    break;
                case JsonValueKind.String:
                    ClassifyText(value.GetString() ?? "");
                    break;
                case JsonValueKind.Array:
                    types.Add(ValueTypes.Array);
                    break;
                default:
                    types.Add(ValueTypes.Object);
                    break;
            }
        }

        private void ClassifyText(string text)
        {
            if (RawValues.TryNumber(text, out var number))
            {
                types.Add(ValueTypes.NumericString);
                if (RawValues.LooksLikeEpochMs(number))
                    types.Add(ValueTypes.EpochMs);
            }
            else if (RawValues.LooksLikeIsoDate(text))
            {
                types.Add(ValueTypes.IsoDate);
            }
            else
            {
                types.Add(ValueTypes.String);
            }
        }

        private void Count(string text)
        {
            var value = grouped ? text.Trim() : text;
            maxLength = Math.Max(maxLength, value.Length);
            if (value.Length > MaxRememberedLength)
            {
                unremembered = true;
                return;
            }

            var key = grouped ? value.ToLowerInvariant() : value;
            if (distinct.TryGetValue(key, out var spellings))
            {
                if (spellings.TryGetValue(value, out var seen))
                    spellings[value] = seen + 1;
                else if (spellings.Count < 16)
                    spellings[value] = 1;
                else
                    spellings[spellings.Keys.Min(StringComparer.Ordinal)!] += 1;
                return;
            }

            if (distinct.Count >= distinctLimit)
            {
                overflow = true;
                return;
            }

            distinct[key] = new Dictionary<string, long>(StringComparer.Ordinal) { [value] = 1 };
        }
    }
}
