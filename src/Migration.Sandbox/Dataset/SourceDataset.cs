using System.Collections.Frozen;
using System.Globalization;

namespace Migration.Sandbox.Dataset;

/// <summary>
/// The deterministic Netmera population: the same seed and size give the same users, byte for byte.
/// Each user is derived from (seed, index) alone, so the sequence streams in constant memory and
/// any user can be regenerated on its own (duplicates copy an earlier user that way).
/// </summary>
public static class SourceDataset
{
    /// <summary>The 27 EU member states (ISO alpha-2): what the GDPR gate counts as EU.</summary>
    public static readonly FrozenSet<string> EuCountries = FrozenSet.ToFrozenSet(
    [
        "AT", "BE", "BG", "HR", "CY", "CZ", "DK", "EE", "FI", "FR", "DE", "GR", "HU", "IE", "IT", "LV", "LT", "LU",
        "MT", "NL", "PL", "PT", "RO", "SK", "SI", "ES", "SE",
    ]);

    // Weighted countries: a Turkish app with a sizeable EU and some non-EU audience; a few users never set one.
    private static readonly (string? Country, int Weight)[] CountryWeights =
    [
        ("TR", 46), ("DE", 8), ("FR", 4), ("NL", 3), ("GR", 3), ("ES", 3), ("IT", 3), ("AT", 2), ("PL", 2),
        ("SE", 1), ("CY", 1), ("BE", 1), ("PT", 1), ("US", 5), ("GB", 5), ("CH", 2), ("NO", 1), ("AZ", 2),
        ("AE", 3), (null, 4),
    ];

    private static readonly int TotalCountryWeight = CountryWeights.Sum(c => c.Weight);

    private static readonly DateTimeOffset SignupFrom = new(2016, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset SignupUntil = new(2025, 7, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>The extId of the user at a zero-based index.</summary>
    public static string ExtIdAt(int index) => "nm-" + (index + 1).ToString("D6", CultureInfo.InvariantCulture);

    /// <summary>Yields <paramref name="users"/> users one by one; nothing is kept between items.</summary>
    public static IEnumerable<SourceUser> Generate(int users, int seed)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(users);
        for (var index = 0; index < users; index++)
        {
            yield return UserAt(index, seed);
        }
    }

    /// <summary>Regenerates one user without generating the ones before it.</summary>
    public static SourceUser UserAt(int index, int seed)
    {
        var quirks = DeterministicRandom.For(seed, StreamOf(index, 3));
        var identity = IdentityAt(index, seed);

        // ~1.5 %: the same person registered again under another extId, typing the same address with other
        // case or spacing (same name and phone too). Only clean addresses are copied: two users sharing an
        // invalid one ("@example.com") is a collision, not a duplicate.
        if (index >= 50 && quirks.Chance(0.015))
        {
            for (var attempt = 0; attempt < 8; attempt++)
            {
                var original = IdentityAt(index - 1 - quirks.Next(49), seed);
                if (original is { Email: not null, EmailIsValid: true })
                {
                    identity = original with { Email = RetypedEmail(original.Email, DeterministicRandom.For(seed, DatasetStream.EmailDuplicate, index)) };
                    break;
                }
            }
        }

        var devices = DevicesAt(index, seed);

        // ~1 %: a device re-registered under another extId keeps its installation id and push token.
        if (index >= 50 && quirks.Chance(0.01))
        {
            for (var attempt = 0; attempt < 8; attempt++)
            {
                var earlier = DevicesAt(index - 1 - quirks.Next(49), seed);
                if (earlier.Count > 0)
                {
                    devices = [earlier[0], .. devices];
                    break;
                }
            }
        }

        var profile = DeterministicRandom.For(seed, StreamOf(index, 1));
        var country = identity.Country;
        var user = new SourceUser
        {
            ExtId = ExtIdAt(index),
            Index = index,
            Name = identity.Name,
            Surname = identity.Surname,
            Email = identity.Email,
            Msisdn = identity.Msisdn,
            Country = country,
            Gender = profile.Chance(0.7) ? profile.Next(3) : null,
            DateOfBirth = profile.Chance(0.7) ? BirthDate(profile, country) : null,
            City = country is not null && profile.Chance(0.8) ? profile.Pick(NamePools.Cities[country]) : null,
            Language = country is not null && profile.Chance(0.85) ? NamePools.Languages[country] : null,
            IsSubscribed = profile.Chance(0.85) ? profile.Chance(0.6) : null,
            LoyaltyPoints = profile.Chance(0.6) ? Loyalty(profile) : null,
            SignupDate = profile.Chance(0.95) ? profile.NextInt64(SignupFrom.ToUnixTimeMilliseconds(), SignupUntil.ToUnixTimeMilliseconds()) : null,
            FavoriteCategories = Categories(profile),
            Company = CompanyPool.CompanyOf(index, seed),
            Devices = devices,
            UninstalledDevices = UninstalledDevicesAt(index, seed, devices.Count),
            Tags = SourceCatalog.TagsOf(index, seed),
        };

        return user with { IsDormant = IsDormant(user, seed) };
    }

    /// <summary>The instant the dataset describes ("now" for the generated history): 2025-07-01T00:00Z.</summary>
    public static readonly DateTimeOffset AsOf = SignupUntil;

    /// <summary>Installations with no extId (never identified): about one per 25 users.</summary>
    public static int AnonymousInstallationCount(int users) => users / 25;

    /// <summary>An installation that never called identifyUser: listed by getDeviceTokens without an extId.</summary>
    public static SourceDevice AnonymousInstallationAt(int ordinal, int seed)
    {
        var random = DeterministicRandom.For(seed, DatasetStream.AnonymousInstallation, ordinal);
        var platform = PickPlatform(random);
        var permitted = random.Chance(0.5);
        return new SourceDevice(platform, permitted || random.Chance(0.5) ? Token(random, platform) : string.Empty, random.Pick(Models[platform]), permitted, random.Alphanumeric(13))
        {
            OperatingSystem = OperatingSystemOf(platform, random),
        };
    }

    private static bool IsDormant(SourceUser user, int seed)
    {
        // ~10 % dormant; only users who signed up well before the last 90 days can be (a new user is active).
        var random = DeterministicRandom.For(seed, DatasetStream.Lifecycle, user.Index);
        var eligible = user.SignupDate is not { } signup || signup < AsOf.AddDays(-120).ToUnixTimeMilliseconds();
        return random.Chance(0.103) && eligible;
    }

    /// <summary>The same address as a person retypes it: other case, stray spaces or a tab; never byte-identical.</summary>
    private static string RetypedEmail(string email, DeterministicRandom random)
    {
        var clean = email.Trim().ToLowerInvariant();
        string[] variants =
        [
            clean.ToUpperInvariant(),
            " " + clean,
            clean + "  ",
            char.ToUpperInvariant(clean[0]) + clean[1..],
            "\t" + clean.ToUpperInvariant(),
            clean,
        ];
        var start = random.Next(variants.Length);
        for (var i = 0; i < variants.Length; i++)
        {
            var candidate = variants[(start + i) % variants.Length];
            if (!string.Equals(candidate, email, StringComparison.Ordinal))
            {
                return candidate;
            }
        }

        return clean;
    }

    private static IReadOnlyList<SourceDevice> UninstalledDevicesAt(int index, int seed, int installed)
    {
        // Everyone who has no installed device once had one, so getDeviceTokens knows every extId; some others too.
        var random = DeterministicRandom.For(seed, DatasetStream.UninstalledDevices, index);
        var count = installed == 0 ? random.Between(1, 2) : random.Chance(0.12) ? 1 : 0;
        var devices = new List<SourceDevice>(count);
        for (var i = 0; i < count; i++)
        {
            var platform = PickPlatform(random);
            var hadToken = random.Chance(0.65);
            devices.Add(new SourceDevice(platform, hadToken ? Token(random, platform) : string.Empty, random.Pick(Models[platform]), PushPermitted: false, random.Alphanumeric(13))
            {
                OperatingSystem = OperatingSystemOf(platform, random),
            });
        }

        return devices;
    }

    private static long StreamOf(int index, int part) => (long)index * 4 + part;

    private sealed record Identity(string? Name, string? Surname, string? Email, bool EmailIsValid, string? Msisdn, string? Country);

    private static Identity IdentityAt(int index, int seed)
    {
        var random = DeterministicRandom.For(seed, StreamOf(index, 0));
        var country = PickCountry(random);
        var culture = country is null ? NamePools.Turkish : NamePools.ByCountry[country];
        var first = random.Pick(culture.FirstNames);
        var last = random.Pick(culture.LastNames);

        string? name = first;
        string? surname = last;
        var nameShape = random.NextDouble();
        if (nameShape < 0.03)
        {
            name = null;
            surname = null;
        }
        else if (nameShape < 0.045)
        {
            surname = null;
        }
        else if (nameShape < 0.055)
        {
            name = LongName(random);
        }

        var (email, valid) = Email(random, index, first, last, country);
        return new Identity(name, surname, email, valid, Msisdn(random, country), country);
    }

    private static string? PickCountry(DeterministicRandom random)
    {
        var roll = random.Next(TotalCountryWeight);
        foreach (var (country, weight) in CountryWeights)
        {
            if (roll < weight)
            {
                return country;
            }

            roll -= weight;
        }

        return null;
    }

    private static string LongName(DeterministicRandom random)
    {
        // Over Pipedrive's 255-character varchar limit, as a legal name with many given names can be.
        var target = random.Next(256, 400);
        var parts = new List<string>();
        var length = 0;
        while (length < target)
        {
            var part = random.Pick(NamePools.LongNameParts);
            parts.Add(part);
            length += part.Length + 1;
        }

        return string.Join(' ', parts);
    }

    private static (string? Email, bool Valid) Email(DeterministicRandom random, int index, string first, string last, string? country)
    {
        var shape = random.NextDouble();
        if (shape < 0.08)
        {
            return (null, false);
        }

        var f = NamePools.FoldToAscii(first);
        var l = NamePools.FoldToAscii(last);
        if (f.Length == 0 || l.Length == 0)
        {
            // Scripts with no ASCII folding (Greek) get a plain handle, as such users usually pick one.
            f = "user";
            l = index.ToString(CultureInfo.InvariantCulture);
        }

        var domain = country is not null && NamePools.EmailDomains.TryGetValue(country, out var local) && random.Chance(0.6)
            ? local
            : random.Pick(NamePools.GenericDomains);
        // Name pools are small, so a number keeps accidental collisions rare; deliberate duplicates are made in UserAt.
        var number = random.Next(1, 100_000).ToString(CultureInfo.InvariantCulture);
        var localPart = random.Next(5) switch
        {
            0 => $"{f}.{l}{number}",
            1 => $"{f}{l}{number}",
            2 => $"{f[0]}.{l}{number}",
            3 => $"{f}_{l}_{number}",
            _ => $"{f}{number}",
        };

        if (shape < 0.10)
        {
            // ~2 % invalid, in the ways form fields and imports produce them.
            return (random.Next(5) switch
            {
                0 => $"{localPart}@",
                1 => $"{f} {l}@{domain}",
                2 => $"{localPart}@@{domain}",
                3 => $"@{domain}",
                _ => $"{localPart}.{domain}",
            }, false);
        }

        var email = $"{localPart}@{domain}";
        if (shape < 0.15)
        {
            // ~5 % valid but messy: capitals and stray whitespace that must be normalised before dedupe.
            return (random.Next(4) switch
            {
                0 => email.ToUpperInvariant(),
                1 => " " + email,
                2 => char.ToUpperInvariant(email[0]) + email[1..] + " ",
                _ => "\t" + email.ToUpperInvariant() + " ",
            }, true);
        }

        return (email, true);
    }

    private static string? Msisdn(DeterministicRandom random, string? country)
    {
        if (!random.Chance(0.88))
        {
            return null;
        }

        var plan = NamePools.Phones[country ?? "TR"];
        var prefix = random.Pick(plan.MobilePrefixes);
        var digits = new char[plan.NationalDigits - prefix.Length];
        for (var i = 0; i < digits.Length; i++)
        {
            digits[i] = (char)('0' + random.Next(10));
        }

        var national = prefix + new string(digits);
        if (random.Chance(0.03))
        {
            // A few were typed by hand: '+', spaces.
            return $"+{plan.CountryCode} {national[..3]} {national[3..6]} {national[6..]}";
        }

        return plan.CountryCode + national;
    }

    private static long BirthDate(DeterministicRandom random, string? country)
    {
        var day = new DateOnly(1950, 1, 1).AddDays(random.Next(365 * 58));
        var offsetHours = country is null ? 3 : NamePools.UtcOffsets.GetValueOrDefault(country, 1);
        var localMidnight = new DateTimeOffset(day.ToDateTime(TimeOnly.MinValue), TimeSpan.FromHours(offsetHours));
        return localMidnight.ToUnixTimeMilliseconds();
    }

    private static LoyaltyPoints Loyalty(DeterministicRandom random)
    {
        var value = random.Chance(0.8) ? random.Next(0, 20000) : random.Next(0, 200000) / 10m;
        return new LoyaltyPoints(value, StoredAsText: random.Chance(0.15));
    }

    private static IReadOnlyList<string> Categories(DeterministicRandom random)
    {
        var count = random.Next(4);
        var picked = new List<string>(count);
        for (var i = 0; i < count; i++)
        {
            var category = random.Pick(NamePools.Categories);
            if (!picked.Contains(category))
            {
                picked.Add(category);
            }
        }

        return picked;
    }

    private static readonly (string Platform, int Weight)[] PlatformWeights =
        [("IOS", 40), ("ANDROID", 45), ("CHROME", 8), ("SAFARI", 4), ("FIREFOX", 3)];

    private static readonly FrozenDictionary<string, IReadOnlyList<string>> Models = new Dictionary<string, IReadOnlyList<string>>
    {
        ["IOS"] = ["iPhone 12", "iPhone 13", "iPhone 14 Pro", "iPhone 15", "iPad (9th generation)"],
        ["ANDROID"] = ["SM-G991B", "SM-A525F", "Pixel 7", "Redmi Note 11", "M2101K6G", "CPH2211"],
        ["CHROME"] = ["Chrome 126", "Chrome 131"],
        ["SAFARI"] = ["Safari 17"],
        ["FIREFOX"] = ["Firefox 128"],
    }.ToFrozenDictionary();

    private static IReadOnlyList<SourceDevice> DevicesAt(int index, int seed)
    {
        var random = DeterministicRandom.For(seed, StreamOf(index, 2));
        var roll = random.NextDouble();
        var count = roll < 0.15 ? 0 : roll < 0.65 ? 1 : roll < 0.90 ? 2 : 3;
        var devices = new List<SourceDevice>(count);
        for (var i = 0; i < count; i++)
        {
            var platform = PickPlatform(random);
            devices.Add(new SourceDevice(
                platform,
                Token(random, platform),
                random.Pick(Models[platform]),
                PushPermitted: random.Chance(0.72),
                InstallationId: random.Alphanumeric(13)));
        }

        // From a stream of its own, so adding the OS did not change the devices drawn before it.
        for (var i = 0; i < devices.Count; i++)
        {
            devices[i] = devices[i] with { OperatingSystem = OperatingSystemOf(devices[i].Platform, DeterministicRandom.For(seed, DatasetStream.DeviceOs, index, i)) };
        }

        return devices;
    }

    private static string OperatingSystemOf(string platform, DeterministicRandom random) => platform switch
    {
        "IOS" => random.Pick(["iOS 16.7", "iOS 17.5", "iOS 18.1", "iPadOS 17.4"]),
        "ANDROID" => random.Pick(["Android 12", "Android 13", "Android 14", "Android 15"]),
        "SAFARI" => random.Pick(["macOS 14.5", "macOS 15.0"]),
        _ => random.Pick(["Windows 10", "Windows 11", "macOS 14.5", "Linux"]),
    };

    private static string PickPlatform(DeterministicRandom random)
    {
        var roll = random.Next(PlatformWeights.Sum(p => p.Weight));
        foreach (var (platform, weight) in PlatformWeights)
        {
            if (roll < weight)
            {
                return platform;
            }

            roll -= weight;
        }

        return "ANDROID";
    }

    private static string Token(DeterministicRandom random, string platform) => platform switch
    {
        // APNs device tokens are 32 bytes in hex; FCM tokens are "<instance id>:APA91b<...>".
        "IOS" => random.Hex(64),
        "ANDROID" => random.Alphanumeric(11) + ":APA91b" + random.Alphanumeric(134),
        _ => random.Alphanumeric(152),
    };
}
