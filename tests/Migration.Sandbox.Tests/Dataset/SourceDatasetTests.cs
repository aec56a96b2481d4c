using System.Text.Json;
using System.Text.RegularExpressions;
using Migration.Sandbox.Dataset;

namespace Migration.Sandbox.Tests.Dataset;

public sealed partial class SourceDatasetTests
{
    private const int Sample = 20_000;

    // Deliberately simple: the point is to count the generator's invalid shapes, not to judge RFC 5322.
    [GeneratedRegex(@"^[^@\s]+@[^@\s]+\.[^@\s]+$")]
    private static partial Regex PlausibleEmail();

    private static byte[] Bytes(IEnumerable<SourceUser> users) => JsonSerializer.SerializeToUtf8Bytes(users.ToList());

    [Fact]
    public void Same_seed_and_size_give_identical_users_byte_for_byte()
    {
        Assert.Equal(Bytes(SourceDataset.Generate(3000, 42)), Bytes(SourceDataset.Generate(3000, 42)));
    }

    [Fact]
    public void A_user_regenerated_alone_equals_the_one_in_the_stream()
    {
        var streamed = SourceDataset.Generate(500, 9).ToList();
        foreach (var index in new[] { 0, 1, 77, 250, 499 })
        {
            Assert.Equal(JsonSerializer.Serialize(streamed[index]), JsonSerializer.Serialize(SourceDataset.UserAt(index, 9)));
        }
    }

    [Fact]
    public void Different_seeds_give_different_users()
    {
        var a = SourceDataset.Generate(1000, 1).Select(u => JsonSerializer.Serialize(u)).ToList();
        var b = SourceDataset.Generate(1000, 2).Select(u => JsonSerializer.Serialize(u)).ToList();
        var differing = a.Zip(b).Count(pair => pair.First != pair.Second);
        Assert.True(differing > 990, $"only {differing} of 1000 users differ between seeds 1 and 2");
    }

    [Fact]
    public void Generation_streams_without_building_the_whole_population()
    {
        // A million users would take seconds and hundreds of MB if materialised; the first few must be immediate.
        var started = System.Diagnostics.Stopwatch.StartNew();
        var firstFive = SourceDataset.Generate(1_000_000, 5).Take(5).ToList();
        Assert.Equal(["nm-000001", "nm-000002", "nm-000003", "nm-000004", "nm-000005"], firstFive.Select(u => u.ExtId));
        Assert.True(started.Elapsed < TimeSpan.FromSeconds(2), $"took {started.Elapsed}");
        Assert.Equal("nm-1000000", SourceDataset.ExtIdAt(999_999));
    }

    [Fact]
    public void ExtIds_are_unique_and_shaped_like_nm_000123()
    {
        var users = SourceDataset.Generate(Sample, 42).ToList();
        Assert.Equal(users.Count, users.Select(u => u.ExtId).Distinct(StringComparer.Ordinal).Count());
        Assert.All(users, u => Assert.Matches(@"^nm-\d{6,}$", u.ExtId));
        Assert.Equal("nm-000123", users[122].ExtId);
    }

    [Fact]
    public void Email_quirks_appear_at_roughly_the_stated_shares()
    {
        var users = SourceDataset.Generate(Sample, 42).ToList();
        var withEmail = users.Where(u => u.Email is not null).ToList();
        var invalid = withEmail.Count(u => !PlausibleEmail().IsMatch(u.Email!.Trim()));
        var messy = withEmail.Count(u => PlausibleEmail().IsMatch(u.Email!.Trim()) && u.Email != u.Email.Trim().ToLowerInvariant());

        AssertShare(users.Count - withEmail.Count, 0.065, 0.095, "without email");
        AssertShare(invalid, 0.013, 0.027, "invalid email");
        AssertShare(messy, 0.035, 0.065, "upper-case or padded email");

        // Example shapes named in the brief are among them.
        Assert.Contains(withEmail, u => u.Email!.EndsWith('@'));
        Assert.Contains(withEmail, u => u.Email!.Trim().Contains(' ', StringComparison.Ordinal));
    }

    [Fact]
    public void Name_quirks_appear_at_roughly_the_stated_shares()
    {
        var users = SourceDataset.Generate(Sample, 42).ToList();
        AssertShare(users.Count(u => u.Name is null && u.Surname is null), 0.02, 0.04, "without name and surname");
        AssertShare(users.Count(u => u.Name is { Length: > 255 }), 0.005, 0.016, "names over 255 characters");
        AssertShare(users.Count(u => $"{u.Name}{u.Surname}".Any(c => c > 127)), 0.30, 0.80, "non-ASCII names");

        var letters = string.Concat(users.Select(u => u.Name + u.Surname));
        foreach (var c in "ğüşöçıİßΓ")
        {
            Assert.Contains(c, letters);
        }
    }

    [Fact]
    public void Contacts_devices_and_countries_have_realistic_spread()
    {
        var users = SourceDataset.Generate(Sample, 42).ToList();
        AssertShare(users.Count(u => u.Msisdn is not null), 0.85, 0.91, "with msisdn");
        Assert.Contains(users, u => u.Msisdn is not null && Regex.IsMatch(u.Msisdn, @"^905\d{9}$"));

        var deviceCounts = users.GroupBy(u => u.Devices.Count).ToDictionary(g => g.Key, g => g.Count());
        Assert.All(new[] { 0, 1, 2, 3 }, n => Assert.True(deviceCounts.GetValueOrDefault(n) > Sample / 50, $"{n} devices: {deviceCounts.GetValueOrDefault(n)}"));
        var platforms = users.SelectMany(u => u.Devices).Select(d => d.Platform).ToHashSet();
        Assert.Superset(new HashSet<string> { "IOS", "ANDROID", "CHROME" }, platforms);
        Assert.Contains(users.SelectMany(u => u.Devices), d => d is { Platform: "IOS", Token.Length: 64 });
        Assert.Contains(users.SelectMany(u => u.Devices), d => !d.PushPermitted);

        AssertShare(users.Count(u => u.IsEu), 0.25, 0.40, "EU users");
        AssertShare(users.Count(u => u.Country is not null && !u.IsEu), 0.50, 0.75, "non-EU users");
        Assert.Contains(users, u => u.LoyaltyPoints is { StoredAsText: true });
        Assert.Contains(users, u => u.LoyaltyPoints is { StoredAsText: false });
    }

    [Fact]
    public void About_one_and_a_half_percent_are_duplicates_by_email_under_another_extId()
    {
        // Valid addresses only: many invalid ones ("@example.com") coincide without being the same person.
        var users = SourceDataset.Generate(Sample, 42).Where(u => u.Email is not null && PlausibleEmail().IsMatch(u.Email.Trim())).ToList();
        var groups = users.GroupBy(u => u.Email!.Trim().ToLowerInvariant()).Where(g => g.Count() > 1).ToList();
        AssertShare(groups.Sum(g => g.Count() - 1), 0.012, 0.02, "duplicate emails");

        // Different extIds, and mostly the same address typed differently (case or whitespace), not byte-identical.
        Assert.All(groups, g => Assert.Equal(g.Count(), g.Select(u => u.ExtId).Distinct().Count()));
        var retyped = groups.Count(g => g.Select(u => u.Email).Distinct(StringComparer.Ordinal).Count() > 1);
        Assert.True(retyped > groups.Count * 0.9, $"only {retyped} of {groups.Count} groups differ in case or whitespace");
        Assert.Contains(groups, g => g.Any(u => u.Email != u.Email!.Trim()));
        Assert.Contains(groups, g => g.Any(u => u.Email!.Trim() != u.Email.Trim().ToLowerInvariant()));
    }

    [Fact]
    public void About_one_percent_share_a_device_with_another_extId()
    {
        var users = SourceDataset.Generate(Sample, 42).ToList();
        var groups = users
            .SelectMany(u => u.Devices.Select(d => (u.ExtId, d.InstallationId, d.Token)))
            .GroupBy(x => x.InstallationId)
            .Where(g => g.Select(x => x.ExtId).Distinct().Count() > 1)
            .ToList();
        AssertShare(groups.Sum(g => g.Count() - 1), 0.007, 0.013, "users sharing a device");

        // Same installation means the same push token too; nothing else collides by accident.
        Assert.All(groups, g => Assert.Single(g.Select(x => x.Token).Distinct()));
        var byToken = users.SelectMany(u => u.Devices.Select(d => (u.ExtId, d.Token))).GroupBy(x => x.Token).Count(g => g.Count() > 1);
        Assert.Equal(groups.Count, byToken);
    }

    [Fact]
    public void Every_user_has_an_installation_and_some_were_uninstalled_or_never_had_a_token()
    {
        var users = SourceDataset.Generate(Sample, 42).ToList();
        Assert.All(users, u => Assert.NotEmpty(u.Devices.Concat(u.UninstalledDevices)));
        Assert.All(users.Where(u => u.Devices.Count == 0), u => Assert.NotEmpty(u.UninstalledDevices));
        var uninstalled = users.SelectMany(u => u.UninstalledDevices).ToList();
        Assert.All(uninstalled, d => Assert.False(d.PushPermitted));
        Assert.Contains(uninstalled, d => d.Token.Length == 0);
        Assert.Contains(uninstalled, d => d.Token.Length > 0);
        Assert.All(users.SelectMany(u => u.Devices), d => Assert.False(string.IsNullOrEmpty(d.OperatingSystem)));

        var anonymous = Enumerable.Range(0, SourceDataset.AnonymousInstallationCount(Sample)).Select(i => SourceDataset.AnonymousInstallationAt(i, 42)).ToList();
        Assert.Equal(Sample / 25, anonymous.Count);
        Assert.Equal(anonymous.Count, anonymous.Select(d => d.InstallationId).Distinct().Count());
    }

    [Fact]
    public void Tags_dormancy_and_users_several_devices_have_realistic_spread()
    {
        var users = SourceDataset.Generate(Sample, 42).ToList();
        AssertShare(users.Count(u => u.Tags.Count > 0), 0.6, 0.8, "users with tags");
        AssertShare(users.Count(u => u.IsDormant), 0.08, 0.12, "dormant users");
        AssertShare(users.Count(u => u.Devices.Count >= 2), 0.25, 0.45, "users with several devices");
        var tags = users.SelectMany(u => u.Tags).ToHashSet();
        Assert.Contains("VIP", tags);
        Assert.Contains("vip", tags);
        Assert.Contains("B2B, kurumsal", tags);
        Assert.All(users, u => Assert.Equal(u.Tags.Count, u.Tags.Distinct().Count()));
        Assert.Subset(SourceCatalog.TagVocabulary.Select(t => t.Name).ToHashSet(), tags);

        // New users are never dormant: they signed up within the last 120 days.
        var recent = SourceDataset.AsOf.AddDays(-120).ToUnixTimeMilliseconds();
        Assert.DoesNotContain(users, u => u.IsDormant && u.SignupDate >= recent);
    }

    private static void AssertShare(int count, double min, double max, string what)
    {
        var share = (double)count / Sample;
        Assert.True(share >= min && share <= max, $"{what}: {share:P2} is outside {min:P1}..{max:P1}");
    }
}
