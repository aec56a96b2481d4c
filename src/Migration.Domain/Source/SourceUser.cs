using System.Text.Json;

namespace Migration.Domain.Source;

/// <summary>
/// One Netmera user as staged after extraction: the segment listing's identifiers, the profile
/// attributes exactly as Netmera returned them (readable names, raw JSON values), and the devices.
/// Staged as one NDJSON line; values stay raw so later transforms can be changed without re-extracting.
/// </summary>
public sealed record SourceUser
{
    public required string ExtId { get; init; }
    public string? Email { get; init; }
    public string? Msisdn { get; init; }
    public IReadOnlyDictionary<string, JsonElement> Profile { get; init; } = new Dictionary<string, JsonElement>();
    public IReadOnlyList<SourceDevice> Devices { get; init; } = [];

    /// <summary>Tags the user carries (panel tag lists or a tag export), when a source provides them.</summary>
    public IReadOnlyList<string> Tags { get; init; } = [];

    /// <summary>Survey answers of the user, when a survey export provides them.</summary>
    public IReadOnlyList<SurveyAnswer> SurveyAnswers { get; init; } = [];

    /// <summary>Names of the Netmera segments the user is a member of, routed from the segment member listings.</summary>
    public IReadOnlyList<string> Segments { get; init; } = [];

    /// <summary>Summaries of the user's high-frequency events (count, first, last), routed from event exports.</summary>
    public IReadOnlyList<EventSummary> EventSummaries { get; init; } = [];

    /// <summary>
    /// Every Netmera id this record stands for. One id normally; several when dedupe merged users that
    /// share an email or a device (the first, <see cref="ExtId"/>, is the survivor).
    /// </summary>
    public IReadOnlyList<string> MergedExtIds { get; init; } = [];

    /// <summary>A profile attribute as text, or null when absent, null or not a scalar.</summary>
    public string? ProfileText(string name) =>
        Profile.TryGetValue(name, out var value)
            ? value.ValueKind switch
            {
                JsonValueKind.String => value.GetString(),
                JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False => value.GetRawText(),
                _ => null,
            }
            : null;
}

/// <summary>A device (installation) of a user, as Netmera's getDevices returns it.</summary>
public sealed record SourceDevice
{
    public string? Platform { get; init; }
    public string? Token { get; init; }
    public string? DeviceModel { get; init; }
    public bool? PushPermitted { get; init; }
    public string? InstallationId { get; init; }

    /// <summary>Operating system as a panel export names it (e.g. "iOS 17.2"), when a source provides it.</summary>
    public string? OperatingSystem { get; init; }
}

public sealed record SurveyAnswer(string SurveyId, string QuestionId, string Answer);
