using System.Text.Json;
using Migration.Domain.Mapping;
using Migration.Domain.Source;

namespace Migration.Domain.Tests.Mapping;

/// <summary>
/// The sandbox dataset's definitions (src/Migration.Sandbox: NetmeraProfile and SourceCatalog), re-stated as
/// Domain types, and a small fixed population shaped like the sandbox's users for the value profile.
/// </summary>
internal static class SandboxDefinitions
{
    private static readonly string[] Companies = ["Türk Telekom", "TÜRK  TELEKOM", "Acme Corporation", "Siemens AG"];

    public static SourceDefinitions Definitions => new()
    {
        Attributes =
        [
            new("name", "Name", "STRING", false, false),
            new("surname", "Surname", "STRING", false, false),
            new("gender", "Gender", "INTEGER", false, false),
            new("dateOfBirth", "Date of Birth", "DATE", false, false),
            new("city", "City", "STRING", false, false),
            new("country", "Country", "STRING", false, false),
            new("language", "Language", "STRING", false, false),
            new("isSubscribed", "Is Subscribed", "BOOLEAN", true, false),
            new("loyaltyPoints", "Loyalty Points", "DOUBLE", true, false),
            new("signupDate", "Signup Date", "DATE", true, false),
            new("favoriteCategories", "Favorite Categories", "STRING", true, true),
            new("company", "Company", "STRING", true, false),
        ],
        Events =
        [
            new("n:rg", "Register", false, ["method"]),
            new("n:cl", "Login", false, ["method"]),
            new("n:ph", "Purchase", false, ["revenue", "currency", "itemCount", "paymentMethod"]),
            new("n:vt", "Cart View", false, ["itemCount"]),
            new("n:sr", "Search", false, ["query"]),
            new("n:ao", "Open App", false, []),
            new("n:sv", "Screen View", false, ["screenName"]),
            new("wlst7", "Add To Wishlist", true, ["productId", "productName"]),
            new("sbrn2", "Subscription Renewed", true, ["plan", "price"]),
            new("vdw9k", "Video Watched", true, ["videoId", "durationSec"]),
        ],
        Surveys =
        [
            new("401", "NPS 2025", null, null,
            [
                new("q1", "How likely are you to recommend us? (1-5)", "RATING", []),
                new("q2", "What should we improve?", "TEXT", []),
            ]),
            new("402", "Ürün tercihleri", null, null,
            [
                new("q1", "Hangi kategorileri seviyorsunuz?", "MULTIPLE_CHOICE", ["Elektronik", "Moda", "Ev & Yaşam", "Kitap", "Spor"]),
                new("q2", "Ne sıklıkla alışveriş yapıyorsunuz?", "SINGLE_CHOICE", ["Haftada bir", "Ayda bir", "Daha seyrek"]),
                new("q3", "Eklemek istedikleriniz?", "TEXT", []),
            ]),
            new("403", "Delivery experience", null, null,
            [
                new("q1", "Was your order on time?", "SINGLE_CHOICE", ["Yes", "No, a little late", "No, very late"]),
                new("q2", "Rate the courier (1-5)", "RATING", []),
            ]),
        ],
        Tags = TagVocabulary.Select(t => new SourceTag(t, null)).ToArray(),
        Campaigns =
        [
            new SourceCampaign { Key = "700", Name = "Yaz İndirimi #1", Type = "ONE_TIME", Status = "FINISHED" },
            new SourceCampaign { Key = "705", Name = "Haftalık Bülten #6", Type = "RECURRING", Status = "FINISHED" },
            new SourceCampaign { Key = "769", Name = "Black Friday #24", Type = "ONE_TIME", Status = "SENDING" },
            new SourceCampaign { Key = "772", Name = "Ramazan #25", Type = "ONE_TIME", Status = "SCHEDULED" },
            new SourceCampaign { Key = "781", Name = "Win-back #28", Type = "ONE_TIME", Status = "DRAFT" },
        ],
    };

    /// <summary>SourceCatalog.TagVocabulary: case variants (VIP/vip) and a comma included.</summary>
    public static IReadOnlyList<string> TagVocabulary { get; } =
    [
        "VIP", "vip", "newsletter", "Black Friday 2024", "kayıp-riski", "Sadık Müşteri", "beta tester", "App Store Review ⭐", "B2B, kurumsal",
        "early-adopter", "Öğrenci", "high_value", "push-opt-out-2023", "Ramazan Kampanyası", "winback_q1", "Çok Dilli / Multilingual",
    ];

    private static readonly string[] Cities = ["İstanbul", "Ankara", "İzmir", "Berlin", "London"];
    private static readonly string[] Countries = ["TR", "TR", "TR", "DE", "GB"];
    private static readonly string[] Languages = ["tr", "tr", "tr", "de", "en"];
    private static readonly string[] Categories = ["Elektronik", "Moda", "Kitap", "Spor", "Ev & Yaşam"];
    private static readonly string[] Platforms = ["IOS", "ANDROID", "ANDROID", "CHROME"];
    private static readonly string[] Models = ["iPhone 15", "SM-G991B", "Pixel 7", "Chrome 131"];
    private static readonly string[] Systems = ["iOS 17.5", "Android 14", "Android 13", "Windows 11"];

    /// <summary>Sixty users shaped like the sandbox's: numbers sometimes as text, epoch-ms dates, arrays, several devices, tags, answers.</summary>
    public static IReadOnlyList<SourceUser> Users { get; } = Enumerable.Range(0, 60).Select(User).ToArray();

    public static IReadOnlyDictionary<string, ValueProfile> Profiles()
    {
        var profiler = new ValueProfiler();
        foreach (var user in Users)
            profiler.Add(user);

        // Event data: app opens and screen views many times per user, purchases a few.
        for (var i = 0; i < 60; i++)
        {
            for (var n = 0; n < 25; n++)
                profiler.AddEvent($"nm-{i}", "n:ao");
            for (var n = 0; n < 40; n++)
                profiler.AddEvent($"nm-{i}", "n:sv");
            if (i % 3 == 0)
                profiler.AddEvent($"nm-{i}", "n:ph");
        }

        return profiler.Build();
    }

    private static SourceUser User(int i)
    {
        var profile = new Dictionary<string, object?>
        {
            ["name"] = $"Ad{i}",
            ["surname"] = $"Soyad{i}",
            ["email"] = $"user{i}@example.com",
            ["gender"] = i % 4 == 3 ? null : i % 3,
            ["dateOfBirth"] = i % 5 == 0 ? null : -631_152_000_000L + i * 15_778_800_000L,
            ["city"] = Cities[i % Cities.Length],
            ["country"] = Countries[i % Countries.Length],
            ["language"] = Languages[i % Languages.Length],
            ["isSubscribed"] = i % 7 == 0 ? null : i % 2 == 0,
            ["loyaltyPoints"] = i % 6 == 0 ? (i * 150).ToString(System.Globalization.CultureInfo.InvariantCulture) : i * 12.5m,
            ["signupDate"] = 1_700_000_000_000L + i * 86_400_000L,
            ["favoriteCategories"] = Categories.Take(i % 4).ToArray(),
            ["company"] = i % 3 == 0 ? Companies[i % Companies.Length] : null,
        };
        var deviceCount = i % 3 + (i % 10 == 0 ? 1 : 0);
        var devices = Enumerable.Range(0, deviceCount).Select(d => new SourceDevice
        {
            Platform = Platforms[(i + d) % Platforms.Length],
            DeviceModel = Models[(i + d) % Models.Length],
            OperatingSystem = Systems[(i + d) % Systems.Length],
            Token = $"{i:x4}{d}" + new string('a', 150),
            PushPermitted = (i + d) % 4 != 0,
            InstallationId = $"inst-{i}-{d}",
        }).ToArray();
        var answers = new List<SurveyAnswer>();
        if (i % 4 == 0)
        {
            answers.Add(new("401", "q1", ((i % 5) + 1).ToString(System.Globalization.CultureInfo.InvariantCulture)));
            answers.Add(new("401", "q2", i % 8 == 0 ? "Daha hızlı kargo, lütfen. " + new string('!', i * 5) : "Nothing"));
            answers.Add(new("402", "q1", "Moda"));
            answers.Add(new("402", "q1", "Kitap"));
            answers.Add(new("402", "q2", "Ayda bir"));
            answers.Add(new("403", "q1", "Yes"));
            answers.Add(new("403", "q2", "4"));
        }

        return new SourceUser
        {
            ExtId = $"nm-{i}",
            Profile = JsonSerializer.SerializeToElement(profile.Where(p => p.Value is not null).ToDictionary(p => p.Key, p => p.Value))
                .EnumerateObject().ToDictionary(p => p.Name, p => p.Value.Clone()),
            Devices = devices,
            Tags = TagVocabulary.Where((_, t) => (i + t) % 5 == 0).Take(3).ToArray(),
            SurveyAnswers = answers,
        };
    }
}
