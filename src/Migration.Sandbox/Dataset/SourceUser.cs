namespace Migration.Sandbox.Dataset;

/// <summary>
/// One generated Netmera user: the ground truth the Netmera simulator serves and tests compare against.
/// Values keep the quirks of real data (missing, invalid or messy emails, over-long names, numbers stored as text).
/// </summary>
public sealed record SourceUser
{
    /// <summary>Unique per dataset, e.g. <c>nm-000123</c>.</summary>
    public required string ExtId { get; init; }

    /// <summary>Zero-based position in the dataset: everything else about the user (events, deliveries, answers) is drawn from it.</summary>
    public int Index { get; init; }

    public string? Name { get; init; }

    public string? Surname { get; init; }

    /// <summary>As the source holds it: may be missing, invalid, upper-case or padded with spaces.</summary>
    public string? Email { get; init; }

    /// <summary>Mostly E.164 digits without '+', e.g. <c>905312345678</c>; a few are formatted by hand.</summary>
    public string? Msisdn { get; init; }

    /// <summary>Netmera's enum: MALE 0, FEMALE 1, NOT_SPECIFIED 2.</summary>
    public int? Gender { get; init; }

    /// <summary>Epoch milliseconds; local midnight of the user's country, as the SDKs send it.</summary>
    public long? DateOfBirth { get; init; }

    public string? City { get; init; }

    /// <summary>ISO 3166-1 alpha-2 code.</summary>
    public string? Country { get; init; }

    public string? Language { get; init; }

    public bool? IsSubscribed { get; init; }

    public LoyaltyPoints? LoyaltyPoints { get; init; }

    /// <summary>Epoch milliseconds.</summary>
    public long? SignupDate { get; init; }

    public IReadOnlyList<string> FavoriteCategories { get; init; } = [];

    /// <summary>Where the user works, as typed into the app (see <see cref="CompanyPool"/>): other case or spacing, or over 255 characters.</summary>
    public string? Company { get; init; }

    /// <summary>Installed devices: what getDevices and the panel export's device columns show.</summary>
    public IReadOnlyList<SourceDevice> Devices { get; init; } = [];

    /// <summary>
    /// Installations the user removed the app from: never returned by getDevices, but listed by getDeviceTokens
    /// (the newer reference says it includes uninstalled ones). Every user without an installed device has one,
    /// so the distinct extIds of getDeviceTokens are the whole population. A blank token means push was never granted.
    /// </summary>
    public IReadOnlyList<SourceDevice> UninstalledDevices { get; init; } = [];

    /// <summary>Tags set on the user (from <see cref="SourceCatalog.TagVocabulary"/>); REST cannot read them, the inventory files can.</summary>
    public IReadOnlyList<string> Tags { get; init; } = [];

    /// <summary>No activity in the last 90 days before <see cref="SourceDataset.AsOf"/>: left out of the "Active users" segment.</summary>
    public bool IsDormant { get; init; }

    public bool IsEu => Country is not null && SourceDataset.EuCountries.Contains(Country);

    public bool HasPushPermittedDevice => Devices.Any(d => d.PushPermitted);
}

/// <summary>One installation of the app. Tokens are shaped like APNs, FCM or web-push tokens; blank when push was never granted.</summary>
public sealed record SourceDevice(string Platform, string Token, string DeviceModel, bool PushPermitted, string InstallationId)
{
    /// <summary>e.g. "iOS 17.5", "Android 14", "Windows 11": the panel export's Operating System column.</summary>
    public string? OperatingSystem { get; init; }
}

/// <summary>A numeric custom attribute that some apps wrote as a string: real exports hold both.</summary>
public readonly record struct LoyaltyPoints(decimal Value, bool StoredAsText);
