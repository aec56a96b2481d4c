using System.Globalization;

namespace Migration.Sandbox.Dataset;

/// <summary>Whether an event is worth one Pipedrive activity each, or only a summary (DESIGN §1, Load).</summary>
public enum EventFrequency
{
    Significant,
    HighFrequency,
}

/// <summary>One attribute of an event or a profile definition: code (the key in data), panel name and Netmera data type.</summary>
public sealed record SourceAttributeDefinition(string Code, string Name, string DataType);

/// <summary>An event definition as <c>app/events</c> lists it. Standard events carry Netmera's short codes, custom ones panel-generated codes.</summary>
public sealed record SourceEventDefinition(string Code, string Name, bool IsStandard, EventFrequency Frequency, IReadOnlyList<SourceAttributeDefinition> Attributes);

/// <summary>A tag and how common it is among users (weight out of 1000 per draw).</summary>
public sealed record SourceTag(string Name, int Weight);

/// <summary>Campaign channels: push goes to installations, email and SMS to the user's address.</summary>
public static class SourceChannel
{
    public const string Push = "PUSH";
    public const string Email = "EMAIL";
    public const string Sms = "SMS";
}

/// <summary>
/// A campaign as the panel holds it. Only FINISHED and SENDING ones were sent (and have stats and delivery rows);
/// SCHEDULED ones lie after <see cref="SourceDataset.AsOf"/>; DRAFT ones have no send time.
/// </summary>
public sealed record SourceCampaign
{
    public required int Key { get; init; }

    public required string Name { get; init; }

    public required string Channel { get; init; }

    /// <summary>ONE_TIME or RECURRING.</summary>
    public required string Type { get; init; }

    /// <summary>FINISHED, SENDING, SCHEDULED or DRAFT.</summary>
    public required string Status { get; init; }

    /// <summary>Epoch ms; null for drafts.</summary>
    public long? SendAt { get; init; }

    /// <summary>Cron-like text for recurring campaigns, e.g. "every Monday 10:00 Europe/Istanbul".</summary>
    public string? Recurrence { get; init; }

    public required string Title { get; init; }

    public required string Message { get; init; }

    /// <summary>Push only: the device platforms it was sent to.</summary>
    public IReadOnlyList<string> Platforms { get; init; } = [];

    public string? Category { get; init; }

    public string? Deeplink { get; init; }

    /// <summary>The event counted as a conversion, by code (see <see cref="SourceCatalog.Events"/>).</summary>
    public string? ConversionEvent { get; init; }

    /// <summary>Share of reachable users targeted.</summary>
    public double AudienceShare { get; init; }

    public bool WasSent => Status is "FINISHED" or "SENDING";
}

public sealed record SourceJourneyStep(string Id, string Type, string Description, IReadOnlyList<string> Next);

/// <summary>A journey (workflow): no REST read exists; it only travels as an inventory file.</summary>
public sealed record SourceJourney(
    int Id,
    string Name,
    string Status,
    string EntryCondition,
    IReadOnlyList<SourceJourneyStep> Steps,
    IReadOnlyList<string> ConversionEvents,
    long CreatedAt);

/// <summary>One asset of a widget with its size: images over 1 MB and videos over 12 MB exceed the limits.</summary>
public sealed record SourceWidgetAsset(string FileName, string Kind, string ContentType, long SizeBytes, string Url)
{
    public const long ImageLimitBytes = 1024 * 1024;
    public const long VideoLimitBytes = 12 * 1024 * 1024;

    // Ground truth for tests, not part of the inventory file: judging sizes is the product's job.
    [System.Text.Json.Serialization.JsonIgnore]
    public bool IsOverLimit => Kind switch
    {
        "IMAGE" or "GIF" => SizeBytes > ImageLimitBytes,
        "VIDEO" => SizeBytes > VideoLimitBytes,
        _ => false,
    };
}

public sealed record SourceWidget(int Id, string Name, string Type, string Status, IReadOnlyList<SourceWidgetAsset> Assets);

public sealed record SourceSurveyOption(string Id, string Text);

/// <summary>SINGLE_CHOICE, MULTIPLE_CHOICE, RATING (1..5) or TEXT.</summary>
public sealed record SourceSurveyQuestion(string Id, string Text, string Type, IReadOnlyList<SourceSurveyOption> Options);

public sealed record SourceSurvey(int Id, string Name, string Status, long StartAt, double ResponseShare, IReadOnlyList<SourceSurveyQuestion> Questions)
{
    /// <summary>How the panel shows it: POPUP, FULL_SCREEN or BANNER.</summary>
    public string Format { get; init; } = "POPUP";

    /// <summary>When the panel shows it, in the panel's words.</summary>
    public string Trigger { get; init; } = "";
}

/// <summary>
/// The app's definitions behind the users: event definitions, the tag vocabulary, campaigns, journeys, widgets and
/// surveys. Small and fixed per seed (names and texts are fixed; shares, sizes and times are seeded).
/// </summary>
public sealed record SourceCatalog(
    IReadOnlyList<SourceEventDefinition> Events,
    IReadOnlyList<SourceCampaign> Campaigns,
    IReadOnlyList<SourceJourney> Journeys,
    IReadOnlyList<SourceWidget> Widgets,
    IReadOnlyList<SourceSurvey> Surveys)
{
    /// <summary>
    /// Tags, with case variants ("VIP"/"vip") and a comma, as panels accumulate them over the years.
    /// Weight is the chance per draw, out of 1000.
    /// </summary>
    public static readonly IReadOnlyList<SourceTag> TagVocabulary =
    [
        new("VIP", 60), new("vip", 15), new("newsletter", 220), new("Black Friday 2024", 140), new("kayıp-riski", 90),
        new("Sadık Müşteri", 110), new("beta tester", 25), new("App Store Review ⭐", 30), new("B2B, kurumsal", 20),
        new("early-adopter", 45), new("Öğrenci", 55), new("high_value", 40), new("push-opt-out-2023", 35),
        new("Ramazan Kampanyası", 80), new("winback_q1", 50), new("Çok Dilli / Multilingual", 10),
    ];

    private static readonly IReadOnlyList<string> Currencies = ["TRY", "TRY", "TRY", "EUR", "USD"];

    private static readonly IReadOnlyList<SourceEventDefinition> EventDefinitions =
    [
        new("n:rg", "Register", true, EventFrequency.Significant, [new("method", "Method", "STRING")]),
        new("n:cl", "Login", true, EventFrequency.Significant, [new("method", "Method", "STRING")]),
        new("n:ph", "Purchase", true, EventFrequency.Significant,
            [new("revenue", "Revenue", "DOUBLE"), new("currency", "Currency", "STRING"), new("itemCount", "Item Count", "INTEGER"), new("paymentMethod", "Payment Method", "STRING")]),
        new("n:vt", "Cart View", true, EventFrequency.Significant, [new("itemCount", "Item Count", "INTEGER")]),
        new("n:sr", "Search", true, EventFrequency.Significant, [new("query", "Search Query", "STRING")]),
        new("n:ao", "Open App", true, EventFrequency.HighFrequency, []),
        new("n:sv", "Screen View", true, EventFrequency.HighFrequency, [new("screenName", "Screen Name", "STRING")]),
        new("wlst7", "Add To Wishlist", false, EventFrequency.Significant, [new("productId", "Product Id", "STRING"), new("productName", "Product Name", "STRING")]),
        new("sbrn2", "Subscription Renewed", false, EventFrequency.Significant, [new("plan", "Plan", "STRING"), new("price", "Price", "DOUBLE")]),
        new("vdw9k", "Video Watched", false, EventFrequency.HighFrequency, [new("videoId", "Video Id", "STRING"), new("durationSec", "Duration (sec)", "INTEGER")]),
    ];

    private static readonly DateTimeOffset AsOf = SourceDataset.AsOf;

    /// <summary>Every attribute code of every event, in definition order, each once: the Event Data file's attribute columns.</summary>
    public IReadOnlyList<string> EventAttributeCodes { get; } = Events.SelectMany(e => e.Attributes).Select(a => a.Code).Distinct(StringComparer.Ordinal).ToArray();

    public static IReadOnlyList<string> CurrencyPool => Currencies;

    public static SourceCatalog For(int seed) => new(EventDefinitions, CampaignsFor(seed), JourneysFor(seed), WidgetsFor(seed), SurveysFor(seed));

    public SourceEventDefinition Event(string code) => Events.First(e => e.Code == code);

    /// <summary>The tags of one user: 0..4 draws from the vocabulary, each tag at most once.</summary>
    public static IReadOnlyList<string> TagsOf(int index, int seed)
    {
        var random = DeterministicRandom.For(seed, DatasetStream.Tags, index);
        var draws = random.Next(100) switch
        {
            < 30 => 0,
            < 60 => 1,
            < 82 => 2,
            < 94 => 3,
            _ => 4,
        };
        var tags = new List<string>(draws);
        for (var i = 0; i < draws; i++)
        {
            var roll = random.Next(TagVocabulary.Sum(t => t.Weight));
            foreach (var tag in TagVocabulary)
            {
                if (roll < tag.Weight)
                {
                    if (!tags.Contains(tag.Name, StringComparer.Ordinal))
                    {
                        tags.Add(tag.Name);
                    }

                    break;
                }

                roll -= tag.Weight;
            }
        }

        return tags;
    }

    private static IReadOnlyList<SourceCampaign> CampaignsFor(int seed)
    {
        var random = DeterministicRandom.For(seed, DatasetStream.Catalog, 1);
        (string Name, string Title, string Message, string? Category)[] themes =
        [
            ("Yaz İndirimi", "☀️ Yaz indirimi başladı!", "Merhaba {{name}}, seçili ürünlerde %50'ye varan indirim seni bekliyor.", "Promotions"),
            ("Cart reminder", "You left something behind 🛒", "Hi {{name}}, your cart is waiting: complete your order today.", "Reminders"),
            ("Haftalık Bülten", "Haftanın öne çıkanları", "Bu hafta en çok okunanlar, \"editörün seçimi\" ve dahası.", "Haftalık Bülten"),
            ("Win-back", "We miss you, {{name}}", "Come back for 20% off, valid until Sunday.", "Promotions"),
            ("Yeni koleksiyon", "Yeni sezon, yeni stil ✨", "Sonbahar koleksiyonu mağazada; ilk siparişine kargo bedava.", "Promotions"),
            ("Payment reminder", "Your subscription renews soon", "Your plan renews on the 1st. Manage it in Settings › Subscription.", "Account"),
            ("Ramazan", "Ramazan'a özel fırsatlar 🌙", "İftar sofraları için seçtiklerimiz; stoklarla sınırlı.", "Promotions"),
            ("Black Friday", "BLACK FRIDAY: 24 hours only", "Everything -30%, ends at midnight. Don't miss it!", "Promotions"),
        ];

        var campaigns = new List<SourceCampaign>();
        const int Sent = 24;
        for (var i = 0; i < Sent + 4; i++)
        {
            var theme = themes[i % themes.Length];
            var channelRoll = random.Next(10);
            var channel = channelRoll < 7 ? SourceChannel.Push : channelRoll < 9 ? SourceChannel.Email : SourceChannel.Sms;
            var status = i switch
            {
                < Sent - 1 => "FINISHED",
                Sent - 1 => "SENDING",
                < Sent + 2 => "SCHEDULED",
                _ => "DRAFT",
            };

            // Two sends a month over the year before AsOf, the newest two days before it (inside getPushResult's
            // default two-week window); scheduled ones in the next weeks; drafts unscheduled.
            long? sendAt = status switch
            {
                "DRAFT" => null,
                "SCHEDULED" => AsOf.AddDays(7 * (i - Sent + 1)).AddHours(10).ToUnixTimeMilliseconds(),
                _ => AsOf.AddDays(-((Sent - 1 - i) * 15) - 2).AddHours(7 + random.Next(10)).AddMinutes(random.Next(60)).ToUnixTimeMilliseconds(),
            };
            var platforms = channel == SourceChannel.Push
                ? random.Chance(0.6) ? new[] { "IOS", "ANDROID" } : new[] { "IOS", "ANDROID", "CHROME", "SAFARI", "FIREFOX" }
                : [];
            var recurring = i % 9 == 5;
            campaigns.Add(new SourceCampaign
            {
                Key = 700 + i * 3 + random.Next(3),
                Name = string.Create(CultureInfo.InvariantCulture, $"{theme.Name} #{i + 1}"),
                Channel = channel,
                Type = recurring ? "RECURRING" : "ONE_TIME",
                Status = status,
                SendAt = sendAt,
                Recurrence = recurring ? "every Monday 10:00 Europe/Istanbul" : null,
                Title = channel == SourceChannel.Sms ? string.Empty : theme.Title,
                Message = theme.Message,
                Platforms = platforms,
                Category = theme.Category,
                Deeplink = random.Chance(0.6) ? string.Create(CultureInfo.InvariantCulture, $"sandboxapp://campaign/{i + 1}?utm_source=netmera&utm_campaign=c{i + 1}") : null,
                ConversionEvent = random.Chance(0.7) ? "n:ph" : null,
                AudienceShare = 0.25 + random.NextDouble() * 0.5,
            });
        }

        return campaigns;
    }

    private static IReadOnlyList<SourceJourney> JourneysFor(int seed)
    {
        var random = DeterministicRandom.For(seed, DatasetStream.Catalog, 2);
        long Created(int daysAgo) => AsOf.AddDays(-daysAgo).AddMinutes(random.Next(1440)).ToUnixTimeMilliseconds();
        return
        [
            new(1, "Onboarding", "ACTIVE", "event n:rg (Register)",
                [
                    new("s1", "WAIT", "wait 1 hour", ["s2"]),
                    new("s2", "SEND_PUSH", "push \"Hoş geldin {{name}}!\"", ["s3"]),
                    new("s3", "WAIT", "wait 2 days", ["s4"]),
                    new("s4", "CONDITION", "did n:ph (Purchase) since entry?", ["s5", "s6"]),
                    new("s5", "ADD_TAG", "tag early-adopter", []),
                    new("s6", "SEND_EMAIL", "email \"Your first order: 10% off\"", []),
                ],
                ["n:ph"], Created(400)),
            new(2, "Cart abandonment", "ACTIVE", "event n:vt (Cart View) without n:ph within 1 hour",
                [
                    new("s1", "SEND_PUSH", "push \"You left something behind 🛒\"", ["s2"]),
                    new("s2", "WAIT", "wait 1 day", ["s3"]),
                    new("s3", "SEND_SMS", "sms reminder with deeplink", []),
                ],
                ["n:ph"], Created(300)),
            new(3, "Win-back (dormant 60 days)", "PAUSED", "segment \"Dormant 60 days\" entered",
                [
                    new("s1", "SEND_EMAIL", "email \"We miss you\"", ["s2"]),
                    new("s2", "WAIT", "wait 7 days", ["s3"]),
                    new("s3", "SEND_PUSH", "push with 20% coupon", []),
                ],
                ["n:ao", "n:ph"], Created(200)),
            new(4, "Doğum günü kutlaması", "ACTIVE", "profile dateOfBirth is today",
                [new("s1", "SEND_PUSH", "push \"İyi ki doğdun {{name}} 🎂\"", [])],
                [], Created(150)),
            new(5, "Subscription renewal", "DRAFT", "event sbrn2 (Subscription Renewed)",
                [
                    new("s1", "CONDITION", "plan = premium?", ["s2", "s3"]),
                    new("s2", "SEND_EMAIL", "thank-you email", []),
                    new("s3", "SEND_PUSH", "upgrade offer", []),
                ],
                ["sbrn2"], Created(20)),
        ];
    }

    private static IReadOnlyList<SourceWidget> WidgetsFor(int seed)
    {
        var random = DeterministicRandom.For(seed, DatasetStream.Catalog, 3);
        SourceWidgetAsset Image(string name, long min, long max) =>
            new(name, "IMAGE", name.EndsWith(".png", StringComparison.Ordinal) ? "image/png" : "image/jpeg", random.NextInt64(min, max), "https://cdn.sandbox.example/widgets/" + name);
        SourceWidgetAsset Video(string name, long min, long max) =>
            new(name, "VIDEO", "video/mp4", random.NextInt64(min, max), "https://cdn.sandbox.example/widgets/" + name);
        const long Kb = 1024;
        const long Mb = 1024 * 1024;
        return
        [
            new(301, "Welcome pop-up", "POPUP", "ACTIVE", [Image("welcome-hero.jpg", 120 * Kb, 600 * Kb), Image("logo.png", 8 * Kb, 40 * Kb)]),
            new(302, "Yaz kampanyası banner", "BANNER", "ACTIVE", [Image("yaz-kampanyasi-2025.png", 2 * Mb, 5 * Mb)]),
            new(303, "Product video", "POPUP", "ACTIVE", [Video("urun-tanitim.mp4", 20 * Mb, 60 * Mb), Image("poster.jpg", 200 * Kb, 900 * Kb)]),
            new(304, "NPS survey", "SURVEY", "ACTIVE", []),
            new(305, "Short teaser", "POPUP", "PASSIVE", [Video("teaser.mp4", 3 * Mb, 11 * Mb)]),
            new(306, "Spin the wheel", "GAMIFICATION", "ACTIVE", [new("wheel.gif", "GIF", "image/gif", random.NextInt64(1100 * Kb, 3 * Mb), "https://cdn.sandbox.example/widgets/wheel.gif"), Image("prize-ikon.png", 10 * Kb, 90 * Kb)]),
        ];
    }

    private static IReadOnlyList<SourceSurvey> SurveysFor(int seed)
    {
        var random = DeterministicRandom.For(seed, DatasetStream.Catalog, 4);
        static IReadOnlyList<SourceSurveyOption> Options(string prefix, params string[] texts) =>
            texts.Select((t, i) => new SourceSurveyOption(string.Create(CultureInfo.InvariantCulture, $"{prefix}o{i + 1}"), t)).ToArray();
        return
        [
            new(401, "NPS 2025", "ACTIVE", AsOf.AddDays(-200).ToUnixTimeMilliseconds(), 0.18 + random.NextDouble() * 0.05,
                [
                    new("q1", "How likely are you to recommend us? (1-5)", "RATING", []),
                    new("q2", "What should we improve?", "TEXT", []),
                ]) { Format = "POPUP", Trigger = "event n:ph (Purchase), 3 days after, once per user" },
            new(402, "Ürün tercihleri", "ACTIVE", AsOf.AddDays(-120).ToUnixTimeMilliseconds(), 0.12 + random.NextDouble() * 0.05,
                [
                    new("q1", "Hangi kategorileri seviyorsunuz?", "MULTIPLE_CHOICE", Options("402q1", "Elektronik", "Moda", "Ev & Yaşam", "Kitap", "Spor")),
                    new("q2", "Ne sıklıkla alışveriş yapıyorsunuz?", "SINGLE_CHOICE", Options("402q2", "Haftada bir", "Ayda bir", "Daha seyrek")),
                    new("q3", "Eklemek istedikleriniz?", "TEXT", []),
                ]) { Format = "FULL_SCREEN", Trigger = "screen view \"Kategoriler\", second visit" },
            new(403, "Delivery experience", "FINISHED", AsOf.AddDays(-330).ToUnixTimeMilliseconds(), 0.08 + random.NextDouble() * 0.04,
                [
                    new("q1", "Was your order on time?", "SINGLE_CHOICE", Options("403q1", "Yes", "No, a little late", "No, very late")),
                    new("q2", "Rate the courier (1-5)", "RATING", []),
                ]) { Format = "BANNER", Trigger = "push open of a delivery notification" },
        ];
    }
}
