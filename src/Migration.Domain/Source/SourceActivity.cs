namespace Migration.Domain.Source;

/// <summary>A user event from Netmera's FTP "Event Data" export: name, UTC time, attributes as text.</summary>
public sealed record SourceEvent(string ExtId, string Name, DateTimeOffset Timestamp, IReadOnlyDictionary<string, string> Attributes);

/// <summary>An event definition (<c>app/events</c>).</summary>
public sealed record SourceEventDefinition(string Code, string Name, bool IsCustom, IReadOnlyList<string> Attributes);

/// <summary>
/// A campaign (a push, email or SMS message) with its headline numbers: from <c>getPushStats</c> by date
/// range, push report exports, and the campaign inventory file for what REST cannot read (name, content).
/// </summary>
public sealed record SourceCampaign
{
    public required string Key { get; init; }
    public string? Name { get; init; }
    public string? Type { get; init; }
    public string? Status { get; init; }
    public DateTimeOffset? Start { get; init; }
    public DateTimeOffset? End { get; init; }
    public string? Title { get; init; }
    public string? Message { get; init; }
    public IReadOnlyList<CampaignPlatformStats> Stats { get; init; } = [];

    /// <summary>Other counts a report gives beyond sent/failed/clicked (e.g. Delivered, Shown, Conversions), by the report's column name.</summary>
    public IReadOnlyDictionary<string, long> Metrics { get; init; } = new Dictionary<string, long>();

    /// <summary>Other settings an inventory gives (e.g. recurrence, category, deeplink, conversion event, platforms), as text.</summary>
    public IReadOnlyDictionary<string, string> Details { get; init; } = new Dictionary<string, string>();
}

public sealed record CampaignPlatformStats(string Platform, long Sent, long Failed, long Clicked);

/// <summary>One delivery row of a campaign to an installation (<c>getPushResult</c> or a push report).</summary>
public sealed record SourcePushResult(
    string NotificationKey, string? ExtId, string? InstallationId, string? Platform, string Status, DateTimeOffset Timestamp, string? Error)
{
    /// <summary>Netmera's delivery error code (e.g. "8" with INVALID_TOKEN), when the row failed.</summary>
    public string? ErrorCode { get; init; }

    /// <summary>The message title the row carries: what identifies the message when the row names no key.</summary>
    public string? Title { get; init; }
}
