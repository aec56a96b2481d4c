using System.Globalization;
using System.Text.Json;
using Migration.Domain.Persons;

namespace Migration.Domain.Mapping;

/// <summary>
/// The named value transforms a map line can use (docs/transforms.md, "Field map proposal") and the
/// conversion of one raw Netmera value into a <see cref="MappedValue"/> for a line's target. Conversion
/// never throws: a value that cannot be converted yields no value and a reason.
/// </summary>
public static class Transforms
{
    public const string Copy = "copy";
    public const string JoinName = "join-name";
    public const string Email = "email";
    public const string Phone = "phone";
    public const string Truncate255 = "truncate-255";
    public const string Number = "number";
    public const string EpochMsOrIsoToDate = "epoch-ms-or-iso-to-date";
    public const string BooleanYesNo = "boolean-yes-no";
    public const string ArrayToOptions = "array-to-options";
    public const string Option = "option";
    public const string JoinDevices = "join-devices";
    public const string JoinValues = "join-values";
    public const string OwnerByEmailThenName = "owner-by-email-then-name";
    public const string TagsToLabels = "tags-to-labels";
    public const string TagsToOptions = "tags-to-options";
    public const string EventToActivity = "event-to-activity";

    /// <summary>A high-frequency event summarised on the person: the three fields of <see cref="SummaryFields"/>.</summary>
    public const string Summary = "summary";
    public const string SummaryCount = "summary-count";
    public const string SummaryFirst = "summary-first";
    public const string SummaryLast = "summary-last";
    public const string None = "none";

    public const string Yes = "Yes";
    public const string No = "No";

    /// <summary>Pipedrive's limit on varchar and phone values.</summary>
    public const int VarcharLimit = 255;

    /// <summary>Pipedrive's long text holds about 65k characters; the map cuts at 65,000.</summary>
    public const int TextLimit = 65_000;

    /// <summary>Pipedrive keeps numeric custom fields to 14 integer digits.</summary>
    public const int MaxIntegerDigits = 14;

    /// <summary>Labels one person can carry (CL-LABELS).</summary>
    public const int MaxLabelsPerPerson = 100;

    public static IReadOnlyList<string> All { get; } =
    [
        Copy, JoinName, Email, Phone, Truncate255, Number, EpochMsOrIsoToDate, BooleanYesNo, ArrayToOptions, Option,
        JoinDevices, JoinValues, OwnerByEmailThenName, TagsToLabels, TagsToOptions, EventToActivity,
        Summary, SummaryCount, SummaryFirst, SummaryLast, None,
    ];

    public static bool IsKnown(string? transform) => transform is not null && All.Contains(transform, StringComparer.Ordinal);

    /// <summary>What a transform does, in one sentence for the mapping document.</summary>
    public static string Describe(string transform) => transform switch
    {
        Copy => "the value as text (cut at the field's limit at a character boundary)",
        JoinName => "name and surname joined with one space, whitespace collapsed",
        Email => "trimmed and lower-cased; an invalid address rejects the user",
        Phone => "digits kept with a leading +; 6 to 15 digits, else no phone",
        Truncate255 => "the value as text, cut to 255 characters at a character boundary",
        Number => "a number, or a number written as text with a decimal point (\"12.5\"); anything else is dropped",
        EpochMsOrIsoToDate => "epoch milliseconds (number or text) or an ISO-8601 date, as the UTC calendar day",
        BooleanYesNo => "true/false (also \"true\", \"yes\", 1, 0) as the option Yes or No; devices: Yes when any device says yes",
        ArrayToOptions => "each element as one option of a multiple-option field; unknown elements are dropped",
        Option => "the value as one option of a single-option field; an unknown value is dropped",
        JoinDevices => "the values of all the user's devices, distinct, joined with \", \"",
        JoinValues => "the elements joined with \", \"",
        OwnerByEmailThenName => "the Pipedrive user with this email, else with this name; none found: the default owner",
        TagsToLabels => "each tag as the person label of the same name (case and spaces ignored)",
        TagsToOptions => "each tag as an option of the tags field (case and spaces ignored)",
        EventToActivity => "each event becomes one activity of this type",
        Summary => "the number of events, the first and the last time, as three person fields",
        SummaryCount => "the number of events",
        SummaryFirst => "the day of the first event",
        SummaryLast => "the day of the last event",
        None => "not moved",
        _ => "unknown transform",
    };

    /// <summary>The transform a target gets by default (used when an edit names none).</summary>
    public static string DefaultFor(FieldTarget target, SourceItem source)
    {
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(source);
        return target.Kind switch
        {
            TargetKinds.None => None,
            TargetKinds.Label => TagsToLabels,
            TargetKinds.ActivityType => EventToActivity,
            TargetKinds.Summary => Summary,
            TargetKinds.Standard => target.Name switch
            {
                "name" when source.Kind == SourceKinds.Profile => JoinName,
                "emails" => Email,
                "phones" => Phone,
                "owner_id" => OwnerByEmailThenName,
                "label_ids" => TagsToLabels,
                "stage_id" or "status" => Option,
                "value" or "probability" => Number,
                "expected_close_date" or "due_date" => EpochMsOrIsoToDate,
                _ => Copy,
            },
            _ => target.FieldType switch
            {
                PipedriveFieldTypes.Double or PipedriveFieldTypes.Monetary => Number,
                PipedriveFieldTypes.Date => EpochMsOrIsoToDate,
                PipedriveFieldTypes.Enum when source.DataType is "BOOLEAN" or "BOOL" => BooleanYesNo,
                PipedriveFieldTypes.Enum => Option,
                PipedriveFieldTypes.Set when source.Kind == SourceKinds.Tags => TagsToOptions,
                PipedriveFieldTypes.Set => ArrayToOptions,
                PipedriveFieldTypes.Phone => Phone,
                PipedriveFieldTypes.Varchar when source.Kind == SourceKinds.Device => JoinDevices,
                PipedriveFieldTypes.Varchar or PipedriveFieldTypes.Text when source.IsArray => JoinValues,
                PipedriveFieldTypes.Varchar => Truncate255,
                _ => Copy,
            },
        };
    }

    /// <summary>Converts a value given as text (a CSV cell, an answer) the same way as a JSON string.</summary>
    public static ValueConversion Convert(MappingLine line, string? raw)
    {
        using var document = JsonDocument.Parse(JsonSerializer.Serialize(raw));
        return Convert(line, document.RootElement);
    }

    /// <summary>One raw value (a scalar, or an array for devices, tags, multiple answers and array attributes) for <paramref name="line"/>'s target.</summary>
    public static ValueConversion Convert(MappingLine line, JsonElement raw)
    {
        ArgumentNullException.ThrowIfNull(line);
        if (RawValues.IsNull(raw))
            return ValueConversion.Empty;
        if (raw.ValueKind == JsonValueKind.String && string.IsNullOrWhiteSpace(raw.GetString()))
            return ValueConversion.Empty;
        if (raw.ValueKind == JsonValueKind.Array && !raw.EnumerateArray().Any(e => !RawValues.IsNull(e) && Texts(e).Count > 0))
            return ValueConversion.Empty;

        var target = line.Target;
        return line.Transform switch
        {
            Copy => Text(target, raw, LimitOf(target)),
            Truncate255 => Text(target, raw, VarcharLimit),
            JoinName => Scalar(raw) is { } name
                ? Value(target, v => v with { Text = PersonMapping.Truncate(string.Join(' ', name.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries)), VarcharLimit) })
                : ValueConversion.Failed("a name must be one value, not a list"),
            JoinDevices or JoinValues => Joined(target, raw),
            Number => ToNumber(target, raw),
            EpochMsOrIsoToDate => ToDate(target, raw),
            BooleanYesNo => ToYesNo(target, raw),
            Option => ToOption(target, raw),
            ArrayToOptions or TagsToOptions or TagsToLabels => ToOptions(line, raw),
            Email => ToEmail(target, raw),
            Phone => ToPhone(target, raw),
            OwnerByEmailThenName => Scalar(raw) is { } owner
                ? Value(target, v => v with { Text = PersonMapping.Truncate(owner.Trim(), VarcharLimit) })
                : ValueConversion.Failed("an owner must be one value, not a list"),
            None => ValueConversion.Empty,
            EventToActivity or Summary or SummaryCount or SummaryFirst or SummaryLast =>
                ValueConversion.Failed($"'{line.Transform}' is computed from the user's events, not from one value"),
            _ => ValueConversion.Failed($"unknown transform '{line.Transform}'"),
        };
    }

    private static int LimitOf(FieldTarget target) => target.FieldType == PipedriveFieldTypes.Text ? TextLimit : VarcharLimit;

    private static string FieldTypeOf(FieldTarget target) => target.FieldType ?? target.Kind switch
    {
        TargetKinds.Label => PipedriveFieldTypes.Set,
        _ => target.Name switch
        {
            "label_ids" => PipedriveFieldTypes.Set,
            "stage_id" or "status" => PipedriveFieldTypes.Enum,
            "value" or "probability" => PipedriveFieldTypes.Double,
            "expected_close_date" or "due_date" => PipedriveFieldTypes.Date,
            "phones" => PipedriveFieldTypes.Phone,
            _ => PipedriveFieldTypes.Varchar,
        },
    };

    private static ValueConversion Value(FieldTarget target, Func<MappedValue, MappedValue> fill) =>
        ValueConversion.Of(fill(new MappedValue(target.Name, FieldTypeOf(target))));

    private static string? Scalar(JsonElement raw) => raw.ValueKind == JsonValueKind.Array ? null : RawValues.Text(raw);

    /// <summary>The non-blank texts of a value: one for a scalar, the elements' for an array (nested arrays and objects as JSON).</summary>
    private static List<string> Texts(JsonElement raw)
    {
        var texts = new List<string>();
        void Add(JsonElement element)
        {
            var text = RawValues.IsNull(element) ? null : RawValues.Text(element) ?? element.GetRawText();
            if (!string.IsNullOrWhiteSpace(text))
                texts.Add(text);
        }

        if (raw.ValueKind == JsonValueKind.Array)
            foreach (var element in raw.EnumerateArray())
                Add(element);
        else
            Add(raw);
        return texts;
    }

    private static ValueConversion Text(FieldTarget target, JsonElement raw, int limit)
    {
        var text = raw.ValueKind switch
        {
            JsonValueKind.Array => string.Join(", ", Texts(raw)),
            JsonValueKind.Object => raw.GetRawText(),
            _ => RawValues.Text(raw) ?? "",
        };
        return Value(target, v => v with { Text = PersonMapping.Truncate(text, limit) });
    }

    private static ValueConversion Joined(FieldTarget target, JsonElement raw)
    {
        var joined = string.Join(", ", Texts(raw).Select(t => t.Trim()).Distinct(StringComparer.Ordinal));
        return Value(target, v => v with { Text = PersonMapping.Truncate(joined, LimitOf(target)) });
    }

    private static ValueConversion ToNumber(FieldTarget target, JsonElement raw)
    {
        if (raw.ValueKind == JsonValueKind.Array)
            return ValueConversion.Failed("a list of values, not one number");
        if (raw.ValueKind is JsonValueKind.True or JsonValueKind.False)
            return ValueConversion.Failed("a true/false value, not a number");
        if (!RawValues.TryNumber(raw, out var number))
        {
            var text = RawValues.Text(raw) ?? raw.GetRawText();
            return ValueConversion.Failed(text.Contains(',', StringComparison.Ordinal)
                ? $"'{Shorten(text)}' is not a number: a comma is ambiguous (decimal or thousands); write it with a decimal point"
                : $"'{Shorten(text)}' is not a number");
        }

        var integerDigits = decimal.Truncate(Math.Abs(number)).ToString(CultureInfo.InvariantCulture).Length;
        if (integerDigits > MaxIntegerDigits)
            return ValueConversion.Failed($"{integerDigits} digits before the decimal point: Pipedrive keeps at most {MaxIntegerDigits}");
        return Value(target, v => v with { Number = number });
    }

    private static ValueConversion ToDate(FieldTarget target, JsonElement raw)
    {
        if (raw.ValueKind == JsonValueKind.Array)
            return ValueConversion.Failed("a list of values, not one date");
        if (raw.ValueKind == JsonValueKind.Number || (raw.ValueKind == JsonValueKind.String && RawValues.TryNumber(raw.GetString()!, out _)))
        {
            RawValues.TryNumber(raw, out var ms);
            return RawValues.TryEpochMsDate(ms, out var day)
                ? Value(target, v => v with { Date = day })
                : ValueConversion.Failed($"'{Shorten(RawValues.Text(raw)!)}' is not a time in epoch milliseconds");
        }

        if (raw.ValueKind == JsonValueKind.String && RawValues.TryIsoDate(raw.GetString()!, out var date))
            return Value(target, v => v with { Date = date });
        return ValueConversion.Failed($"'{Shorten(RawValues.Text(raw) ?? raw.GetRawText())}' is neither epoch milliseconds nor an ISO-8601 date");
    }

    private static bool? ReadBool(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.True => true,
        JsonValueKind.False => false,
        JsonValueKind.Number => value.TryGetDecimal(out var n) ? n switch { 1 => true, 0 => false, _ => null } : null,
        JsonValueKind.String => value.GetString()!.Trim().ToLowerInvariant() switch
        {
            "true" or "yes" or "y" or "1" => true,
            "false" or "no" or "n" or "0" => false,
            _ => null,
        },
        _ => null,
    };

    private static ValueConversion ToYesNo(FieldTarget target, JsonElement raw)
    {
        var values = raw.ValueKind == JsonValueKind.Array
            ? raw.EnumerateArray().Where(e => !RawValues.IsNull(e)).ToArray()
            : [raw];
        var read = values.Select(ReadBool).ToArray();
        if (read.Any(b => b is null))
            return ValueConversion.Failed($"'{Shorten(RawValues.Text(values[Array.FindIndex(read, b => b is null)]) ?? raw.GetRawText())}' is not true or false");
        var yes = read.Any(b => b == true);
        var label = yes ? Yes : No;
        return Value(target, v => v with { Options = [Match(target.Options, label) ?? label] });
    }

    private static string? Match(IReadOnlyList<string> options, string value)
    {
        var trimmed = value.Trim();
        return options.FirstOrDefault(o => string.Equals(o, trimmed, StringComparison.Ordinal))
            ?? options.FirstOrDefault(o => string.Equals(o.Trim(), trimmed, StringComparison.OrdinalIgnoreCase));
    }

    private static ValueConversion ToOption(FieldTarget target, JsonElement raw)
    {
        var texts = Texts(raw);
        if (raw.ValueKind == JsonValueKind.Array && texts.Count > 1)
            return ValueConversion.Failed("several values for a single-option field");
        var text = texts[0];
        if (target.Options.Count == 0)
            return ValueConversion.Failed("the field has no options to choose from");
        return Match(target.Options, text) is { } option
            ? Value(target, v => v with { Options = [option] })
            : ValueConversion.Failed($"'{Shorten(text)}' is not one of the field's options");
    }

    private static ValueConversion ToOptions(MappingLine line, JsonElement raw)
    {
        var target = line.Target;
        var chosen = new List<string>();
        var unknown = new List<string>();
        foreach (var text in Texts(raw))
        {
            if (Match(target.Options, text) is { } option)
            {
                if (!chosen.Contains(option, StringComparer.Ordinal))
                    chosen.Add(option);
            }
            else
            {
                unknown.Add(text.Trim());
            }
        }

        var problems = new List<string>();
        if (unknown.Count > 0)
            problems.Add($"not among the {(target.Kind == TargetKinds.Label ? "labels" : "options")}: {string.Join(", ", unknown.Distinct(StringComparer.Ordinal).Select(u => $"'{Shorten(u)}'"))}");
        if (line.Transform == TagsToLabels && chosen.Count > MaxLabelsPerPerson)
        {
            problems.Add($"{chosen.Count - MaxLabelsPerPerson} labels over Pipedrive's {MaxLabelsPerPerson} per person left out");
            chosen = chosen.Take(MaxLabelsPerPerson).ToList();
        }

        var value = chosen.Count == 0 ? null : new MappedValue(target.Name, FieldTypeOf(target)) { Options = chosen };
        return new ValueConversion(value, problems.Count == 0 ? null : string.Join("; ", problems));
    }

    private static ValueConversion ToEmail(FieldTarget target, JsonElement raw)
    {
        var email = EmailAddress.Normalise(Scalar(raw));
        if (email is null)
            return ValueConversion.Failed("an email must be one value, not a list");
        return EmailAddress.IsValid(email)
            ? Value(target, v => v with { Text = email })
            : ValueConversion.Failed("not a valid email address");
    }

    private static ValueConversion ToPhone(FieldTarget target, JsonElement raw)
    {
        var text = Scalar(raw);
        if (text is null)
            return ValueConversion.Failed("a phone must be one value, not a list");
        return PersonMapping.NormalisePhone(text) is { } phone
            ? Value(target, v => v with { Text = phone })
            : ValueConversion.Failed("not a phone number: fewer than 6 or more than 15 digits");
    }

    /// <summary>Values quoted in reasons are cut short: a reason names the problem, it does not copy personal data at length.</summary>
    private static string Shorten(string text) => text.Length <= 40 ? text : PersonMapping.Truncate(text, 37) + "...";
}
