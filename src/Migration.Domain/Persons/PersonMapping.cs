using System.Globalization;
using System.Text;
using System.Text.Json;
using Migration.Domain.Mapping;
using Migration.Domain.Organizations;
using Migration.Domain.Source;

namespace Migration.Domain.Persons;

/// <summary>
/// User → person. <see cref="Map(SourceUser)"/> is the built-in part every run uses: name, email, phone
/// and the Netmera id, each rule repairing the value or rejecting the record with a reason.
/// <see cref="Map(SourceUser, FieldMap)"/> adds what an approved field map sends to the person: custom
/// field values, labels, the owner and the organization. Every rule is in docs/transforms.md; nothing here throws on data.
/// </summary>
public static class PersonMapping
{
    /// <summary>Pipedrive's limit on varchar values, person names included.</summary>
    public const int MaxNameLength = 255;

    public static PersonMappingOutcome Map(SourceUser user)
    {
        ArgumentNullException.ThrowIfNull(user);

        var email = EmailAddress.Normalise(user.ProfileText("email") ?? user.Email);
        if (email is not null && !EmailAddress.IsValid(email))
            return PersonMappingOutcome.Reject(user.ExtId, RejectReason.InvalidEmail,
                "email is not a valid address; fix it in Netmera and the delta sync will move the user");

        var phone = NormalisePhone(user.ProfileText("msisdn") ?? user.Msisdn);
        if (email is null && phone is null)
            return PersonMappingOutcome.Reject(user.ExtId, RejectReason.NoContact,
                "neither an email nor a phone number: nothing a CRM could reach the person by");

        var name = CollapseWhitespace($"{user.ProfileText("name")} {user.ProfileText("surname")}");
        if (name.Length == 0)
            name = email ?? phone!;

        return PersonMappingOutcome.Accept(new PersonDraft(user.ExtId, Truncate(name, MaxNameLength), email, phone));
    }

    /// <summary>
    /// The built-in map, then the approved field map's person values: custom fields (profile attributes,
    /// the device and survey groups, the tags field), labels and the owner. Rejects exactly as
    /// <see cref="Map(SourceUser)"/>; a value that cannot be converted is left out and listed in
    /// <see cref="PersonMappingOutcome.Dropped"/>, never a reject.
    /// </summary>
    public static PersonMappingOutcome Map(SourceUser user, FieldMap map)
    {
        ArgumentNullException.ThrowIfNull(map);
        var outcome = Map(user);
        if (outcome.Person is not { } person)
            return outcome;

        var values = new List<MappedValue>();
        var labels = new List<string>();
        var dropped = new List<DroppedValue>();
        string? owner = null;
        foreach (var line in map.Lines)
        {
            if (line.Target.Entity != TargetEntities.Person || !IsAddedByMap(line) || RawValue(user, line) is not { } raw)
                continue;

            var converted = Transforms.Convert(line, raw);
            if (converted.Problem is { } problem)
                dropped.Add(new DroppedValue(line.SourceId, problem));
            if (converted.Value is not { } value)
                continue;

            switch (line.Target.Kind)
            {
                case TargetKinds.Label:
                    labels.AddRange(value.Options.Where(o => !labels.Contains(o, StringComparer.Ordinal)));
                    break;
                case TargetKinds.Standard when line.Target.Name == "owner_id":
                    owner ??= value.Text;
                    break;
                case TargetKinds.Standard when line.Target.Name == "label_ids":
                    labels.AddRange(value.Options.Where(o => !labels.Contains(o, StringComparer.Ordinal)));
                    break;
                default:
                    values.Add(value);
                    break;
            }
        }

        values.AddRange(SummaryValues(user, map));
        return PersonMappingOutcome.Accept(person with
        {
            CustomValues = values,
            Labels = labels,
            Owner = owner,
            Organization = OrganizationRule.Of(user, map)?.Key,
        }) with { Dropped = dropped };
    }

    /// <summary>
    /// Lines whose values the field map adds: person custom fields, labels and the owner. The identity,
    /// name, email and phone are the built-in rules' (the Netmera ID is stamped by the writer), event
    /// summaries come from events, not from the user record.
    /// </summary>
    private static bool IsAddedByMap(MappingLine line) => line.Source.Kind != SourceKinds.Identity && line.Target.Kind switch
    {
        TargetKinds.Custom or TargetKinds.Label => true,
        TargetKinds.Standard => line.Target.Name is "owner_id" or "label_ids",
        _ => false,
    };

    /// <summary>
    /// The three person fields of each summary line the user has events for: "{name}: count" as a number, "{name}: first seen"
    /// and "{name}: last seen" as UTC days. A user without the event gets none (the fields stay empty).
    /// </summary>
    private static IEnumerable<MappedValue> SummaryValues(SourceUser user, FieldMap map)
    {
        foreach (var line in map.Lines.Where(l => l.Source.Kind == SourceKinds.Event && l.Target.Kind == TargetKinds.Summary))
        {
            var summary = user.EventSummaries.FirstOrDefault(s => string.Equals(s.Name, line.Source.Name.Trim(), StringComparison.OrdinalIgnoreCase));
            if (summary is null)
                continue;
            var names = SchemaRequirements.SummaryFields(SchemaRequirements.NameOf(line));
            yield return new MappedValue(names.Count, PipedriveFieldTypes.Double) { Number = summary.Count };
            yield return new MappedValue(names.FirstSeen, PipedriveFieldTypes.Date) { Date = DateOnly.FromDateTime(summary.First.UtcDateTime) };
            yield return new MappedValue(names.LastSeen, PipedriveFieldTypes.Date) { Date = DateOnly.FromDateTime(summary.Last.UtcDateTime) };
        }
    }

    /// <summary>The user's raw value for a line: the profile value, the devices' values, the question's answers or the tags; null when absent.</summary>
    private static JsonElement? RawValue(SourceUser user, MappingLine line)
    {
        switch (line.Source.Kind)
        {
            case SourceKinds.Profile:
                return user.Profile.TryGetValue(line.Source.Code, out var value) ? value : null;
            case SourceKinds.Device:
                if (user.Devices.Count == 0)
                    return null;
                return line.Source.Code switch
                {
                    SourceItems.DevicePlatform => JsonSerializer.SerializeToElement(user.Devices.Select(d => d.Platform).ToArray()),
                    SourceItems.DeviceModel => JsonSerializer.SerializeToElement(user.Devices.Select(d => d.DeviceModel).ToArray()),
                    SourceItems.DeviceOs => JsonSerializer.SerializeToElement(user.Devices.Select(d => d.OperatingSystem).ToArray()),
                    SourceItems.DeviceToken => JsonSerializer.SerializeToElement(user.Devices.Select(d => d.Token).ToArray()),
                    SourceItems.DevicePushPermitted => JsonSerializer.SerializeToElement(user.Devices.Select(d => d.PushPermitted).ToArray()),
                    _ => null,
                };
            case SourceKinds.Survey:
                var answers = user.SurveyAnswers
                    .Where(a => SourceItems.SurveyId(a.SurveyId, a.QuestionId) == line.SourceId)
                    .Select(a => a.Answer)
                    .ToArray();
                if (answers.Length == 0)
                    return null;

                // Several answers fill a multiple-option field; for a single value the latest answer counts.
                return line.Target.FieldType == PipedriveFieldTypes.Set
                    ? JsonSerializer.SerializeToElement(answers)
                    : JsonSerializer.SerializeToElement(answers[^1]);
            case SourceKinds.Tags:
                return user.Tags.Count == 0 ? null : JsonSerializer.SerializeToElement(user.Tags);
            case SourceKinds.Segments:
                return user.Segments.Count == 0 ? null : JsonSerializer.SerializeToElement(user.Segments.Select(SourceItems.SegmentOption).ToArray());
            default:
                return null;
        }
    }

    /// <summary>Digits only with a leading '+' (Netmera stores MSISDNs as international digits).</summary>
    public static string? NormalisePhone(string? raw)
    {
        if (string.IsNullOrWhiteSpace(raw))
            return null;
        var digits = new StringBuilder(raw.Length + 1);
        foreach (var c in raw)
            if (char.IsAsciiDigit(c))
                digits.Append(c);
        return digits.Length is >= 6 and <= 15 ? "+" + digits : null;
    }

    private static string CollapseWhitespace(string value) =>
        string.Join(' ', value.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));

    /// <summary>Cuts at a text-element boundary so a surrogate pair or combining mark is never split.</summary>
    public static string Truncate(string value, int maxLength)
    {
        if (value.Length <= maxLength)
            return value;
        var boundary = 0;
        var elements = StringInfo.GetTextElementEnumerator(value);
        while (elements.MoveNext())
        {
            var end = elements.ElementIndex + elements.GetTextElement().Length;
            if (end > maxLength)
                break;
            boundary = end;
        }
        return value[..boundary];
    }
}

/// <summary>Either a person to write or a reason the user cannot become one.</summary>
public sealed record PersonMappingOutcome(string ExtId, PersonDraft? Person, string? RejectCode, string? RejectDetail)
{
    public bool IsRejected => Person is null;

    /// <summary>Mapped values left out of the person because they could not be converted (the person still moves).</summary>
    public IReadOnlyList<DroppedValue> Dropped { get; init; } = [];

    public static PersonMappingOutcome Accept(PersonDraft person) => new(person.NetmeraId, person, null, null);

    public static PersonMappingOutcome Reject(string extId, string code, string detail) => new(extId, null, code, detail);
}

/// <summary>A value of one map line left out of a person, and why (e.g. "'abc' is not a number").</summary>
public sealed record DroppedValue(string SourceId, string Reason);
