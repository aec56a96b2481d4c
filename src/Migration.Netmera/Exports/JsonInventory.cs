using System.Runtime.CompilerServices;
using System.Text.Json;
using Migration.Domain.Source;

namespace Migration.Netmera.Exports;

/// <summary>
/// Inventory files written as JSON: a top-level array of objects, or objects one after another (NDJSON).
/// Elements are read one at a time. Property names match like column names (case and punctuation ignored),
/// with the same accepted alternatives.
/// </summary>
internal static class JsonInventory
{
    /// <summary>Elements with their 1-based position.</summary>
    public static async IAsyncEnumerable<(long Index, JsonElement Element)> ElementsAsync(Stream stream, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var (first, content) = await PeekAsync(stream, cancellationToken).ConfigureAwait(false);
        if (first is null)
            throw new NetmeraExportFormatException("The JSON file is empty.");
        if (first is not ('[' or '{'))
            throw new NetmeraExportFormatException("The JSON file holds neither an array nor objects.");

        var elements = first == '['
            ? JsonSerializer.DeserializeAsyncEnumerable<JsonElement>(content, NetmeraJson.Options, cancellationToken)
            : JsonSerializer.DeserializeAsyncEnumerable<JsonElement>(content, topLevelValues: true, NetmeraJson.Options, cancellationToken);
        var index = 0L;
        await using var e = elements.GetAsyncEnumerator(cancellationToken);
        while (true)
        {
            try
            {
                if (!await e.MoveNextAsync().ConfigureAwait(false))
                    yield break;
            }
            catch (JsonException ex)
            {
                throw new NetmeraExportFormatException($"The JSON file is malformed after element {index}; it cannot be read from there on.", ex);
            }
            yield return (++index, e.Current);
        }
    }

    private static async Task<(char? First, Stream Content)> PeekAsync(Stream stream, CancellationToken cancellationToken)
    {
        var buffer = new byte[4096];
        var length = 0;
        while (length < buffer.Length)
        {
            var n = await stream.ReadAsync(buffer.AsMemory(length), cancellationToken).ConfigureAwait(false);
            if (n == 0)
                break;
            length += n;
            var start = length >= 3 && buffer[0] == 0xEF && buffer[1] == 0xBB && buffer[2] == 0xBF ? 3 : 0;
            for (var i = start; i < length; i++)
            {
                if (buffer[i] is not ((byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n'))
                    return ((char)buffer[i], new PrefixedStream(buffer.AsMemory(start, length - start), stream));
            }
        }
        return (null, stream);
    }

    // Properties ---------------------------------------------------------------------------------

    public static JsonElement? Property(JsonElement element, params string[] names)
    {
        if (element.ValueKind != JsonValueKind.Object)
            return null;
        foreach (var name in names)
        {
            var key = Columns.Key(name);
            foreach (var property in element.EnumerateObject())
            {
                if (Columns.Key(property.Name) == key && property.Value.ValueKind != JsonValueKind.Null)
                    return property.Value;
            }
        }
        return null;
    }

    public static string? Text(JsonElement? value) => value switch
    {
        { ValueKind: JsonValueKind.String } v => string.IsNullOrWhiteSpace(v.GetString()) ? null : v.GetString(),
        { ValueKind: JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False } v => v.GetRawText(),
        _ => null,
    };

    /// <summary>The first of the named properties present, as text.</summary>
    public static string? Field(JsonElement element, params string[] names) => Text(Property(element, names));

    /// <summary>A list of texts: an array of strings/numbers, or of objects described by <paramref name="describe"/>; a single string is one item.</summary>
    public static List<string> List(JsonElement? value, Func<JsonElement, string?>? describe = null)
    {
        var items = new List<string>();
        if (value is not { } v)
            return items;
        if (v.ValueKind == JsonValueKind.Array)
        {
            foreach (var item in v.EnumerateArray())
            {
                var text = item.ValueKind == JsonValueKind.Object ? describe?.Invoke(item) : Text(item);
                if (!string.IsNullOrWhiteSpace(text))
                    items.Add(text.Trim());
            }
        }
        else if (Text(v) is { } single)
        {
            items.Add(single.Trim());
        }
        return items;
    }

    public static bool TryTime(JsonElement? value, out DateTimeOffset? time, out string reason)
    {
        time = null;
        reason = string.Empty;
        if (value is null)
            return true;
        var cell = value.Value.ValueKind == JsonValueKind.Number && value.Value.TryGetInt64(out var ms) ? (object)ms.ToString(System.Globalization.CultureInfo.InvariantCulture) : Text(value);
        if (cell is null)
            return true;
        if (!Cells.TryTimestamp(cell, out var parsed, out reason))
            return false;
        time = parsed;
        return true;
    }

    // Records ------------------------------------------------------------------------------------

    private static readonly string[] CampaignKey = ["key", "notificationKey", "messageId", "msgId", "id"];
    private static readonly string[] CampaignStart = ["sendAt", "startDate", "start", "sentAt"];
    private static readonly string[] CampaignEnd = ["endDate", "end", "finishedAt"];

    public static ExportRow<SourceCampaign> Campaign(long index, JsonElement element)
    {
        if (element.ValueKind != JsonValueKind.Object)
            return ExportRow<SourceCampaign>.Rejected(index, ExportRejectCodes.MalformedRow, "the element is not an object");
        var key = Field(element, CampaignKey)?.Trim();
        if (key is null)
            return ExportRow<SourceCampaign>.Rejected(index, ExportRejectCodes.MissingValue, "no notification key (key)");

        var schedule = Property(element, "schedule");
        if (!TryTime(Property(element, CampaignStart) ?? (schedule is { } s ? Property(s, CampaignStart) : null), out var start, out var reason))
            return ExportRow<SourceCampaign>.Rejected(index, ExportRejectCodes.InvalidTimestamp, $"the send date is {reason}");
        if (!TryTime(Property(element, CampaignEnd), out var end, out reason))
            return ExportRow<SourceCampaign>.Rejected(index, ExportRejectCodes.InvalidTimestamp, $"the end date is {reason}");

        var stats = new List<CampaignPlatformStats>();
        if (Property(element, "stats") is { ValueKind: JsonValueKind.Array } statList)
        {
            foreach (var stat in statList.EnumerateArray())
            {
                long Count(string name) => Property(stat, name) is { ValueKind: JsonValueKind.Number } n && n.TryGetInt64(out var v) ? v : 0;
                stats.Add(new CampaignPlatformStats(Field(stat, "platform") ?? "ALL", Count("sent"), Count("failed"), Count("clicked")));
            }
        }

        var channel = Field(element, "channel");
        var type = Field(element, "type");
        string[] consumed = [.. CampaignKey, .. CampaignStart, .. CampaignEnd, "name", "status", "title", "msgTitle", "message", "msgText", "text", "stats", "channel"];
        var details = Details(element, consumed.Concat(channel is null ? ["type"] : []).ToArray());
        return ExportRow<SourceCampaign>.Accepted(index, new SourceCampaign
        {
            Key = key,
            Name = Field(element, "name"),
            Type = channel ?? type,
            Status = Field(element, "status")?.Trim().ToUpperInvariant(),
            Start = start,
            End = end,
            Title = Field(element, "title", "msgTitle"),
            Message = Field(element, "message", "msgText", "text"),
            Stats = stats,
            Details = details,
        });
    }

    /// <summary>Every other property as text: scalars as they are, arrays of scalars joined with ", ", objects one level down as "parent.child".</summary>
    private static Dictionary<string, string> Details(JsonElement element, string[] consumed)
    {
        var skip = consumed.Select(Columns.Key).ToHashSet(StringComparer.Ordinal);
        var details = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var property in element.EnumerateObject())
        {
            if (skip.Contains(Columns.Key(property.Name)))
                continue;
            if (property.Value.ValueKind == JsonValueKind.Object)
            {
                foreach (var inner in property.Value.EnumerateObject())
                {
                    if (!skip.Contains(Columns.Key(inner.Name)) && Flat(inner.Value) is { } text)
                        details[$"{property.Name}.{inner.Name}"] = text;
                }
            }
            else if (Flat(property.Value) is { } text)
            {
                details[property.Name] = text;
            }
        }
        return details;

        static string? Flat(JsonElement value) => value.ValueKind == JsonValueKind.Array
            ? (List(value) is { Count: > 0 } items ? string.Join(", ", items) : null)
            : Text(value);
    }

    public static ExportRow<SourceJourney> Journey(long index, JsonElement element)
    {
        if (element.ValueKind != JsonValueKind.Object)
            return ExportRow<SourceJourney>.Rejected(index, ExportRejectCodes.MalformedRow, "the element is not an object");
        var id = Field(element, "id", "journeyId", "workflowId")?.Trim();
        if (id is null)
            return ExportRow<SourceJourney>.Rejected(index, ExportRejectCodes.MissingValue, "no journey id");
        var steps = List(Property(element, "steps"), step =>
        {
            var type = Field(step, "type");
            var description = Field(step, "description", "name", "title");
            return type is not null && description is not null ? $"{type}: {description}" : description ?? type ?? Field(step, "id");
        });
        var conversions = List(Property(element, "conversionEvents", "conversionEvent", "goals"), e => Field(e, "code", "name"))
            .Distinct(StringComparer.Ordinal).ToList();
        return ExportRow<SourceJourney>.Accepted(index, new SourceJourney(
            id, Field(element, "name") ?? id, Field(element, "status"), Field(element, "entryCondition", "entry", "trigger"), steps, conversions));
    }

    public static ExportRow<SourceWidget> Widget(long index, JsonElement element)
    {
        if (element.ValueKind != JsonValueKind.Object)
            return ExportRow<SourceWidget>.Rejected(index, ExportRejectCodes.MalformedRow, "the element is not an object");
        var id = Field(element, "id", "widgetId")?.Trim();
        if (id is null)
            return ExportRow<SourceWidget>.Rejected(index, ExportRejectCodes.MissingValue, "no widget id");
        var assets = new List<WidgetAsset>();
        if (Property(element, "assets") is { ValueKind: JsonValueKind.Array } list)
        {
            var n = 0;
            foreach (var asset in list.EnumerateArray())
            {
                n++;
                var name = Field(asset, "fileName", "name", "file", "url");
                if (name is null)
                    return ExportRow<SourceWidget>.Rejected(index, ExportRejectCodes.MissingValue, $"asset {n} has no file name");
                var size = Property(asset, "sizeBytes", "size", "bytes", "fileSize");
                object? sizeCell = size is { ValueKind: JsonValueKind.Number } number && number.TryGetInt64(out var whole) ? whole.ToString(System.Globalization.CultureInfo.InvariantCulture) : Text(size);
                if (!Cells.TryBytes(sizeCell, out var bytes))
                    return ExportRow<SourceWidget>.Rejected(index, ExportRejectCodes.InvalidNumber, $"asset {n} has no readable size in bytes");
                assets.Add(new WidgetAsset(name, NetmeraExportReader.AssetKind(Field(asset, "kind", "type", "mediaType"), name), bytes));
            }
        }
        return ExportRow<SourceWidget>.Accepted(index, new SourceWidget(id, Field(element, "name") ?? id, Field(element, "type", "widgetType"), assets));
    }

    public static ExportRow<SourceSurvey> Survey(long index, JsonElement element)
    {
        if (element.ValueKind != JsonValueKind.Object)
            return ExportRow<SourceSurvey>.Rejected(index, ExportRejectCodes.MalformedRow, "the element is not an object");
        var id = Field(element, "id", "surveyId")?.Trim();
        if (id is null)
            return ExportRow<SourceSurvey>.Rejected(index, ExportRejectCodes.MissingValue, "no survey id");
        var questions = new List<SurveyQuestion>();
        if (Property(element, "questions") is { ValueKind: JsonValueKind.Array } list)
        {
            foreach (var question in list.EnumerateArray())
            {
                var text = Field(question, "text", "question", "title");
                if (text is null)
                    return ExportRow<SourceSurvey>.Rejected(index, ExportRejectCodes.MissingValue, $"question {questions.Count + 1} has no text");
                var questionId = Field(question, "id", "questionId") ?? (questions.Count + 1).ToString(System.Globalization.CultureInfo.InvariantCulture);
                questions.Add(new SurveyQuestion(questionId, text, Field(question, "type", "answerType"),
                    List(Property(question, "options", "choices"), o => Field(o, "text", "label", "name", "value"))));
            }
        }
        return ExportRow<SourceSurvey>.Accepted(index, new SourceSurvey(
            id, Field(element, "name") ?? id, Field(element, "format", "surveyFormat", "type"), Field(element, "trigger"), questions));
    }
}
