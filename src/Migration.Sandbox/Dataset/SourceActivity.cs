using System.Globalization;

namespace Migration.Sandbox.Dataset;

/// <summary>
/// One event as the FTP Event Data export carries it. <see cref="ExtId"/> is null for installations that were never
/// identified; <see cref="InstallationId"/> is null for events fired server-side (REST fireEvents). Attribute values
/// are text as the file holds them, quirks included (a decimal comma now and then).
/// </summary>
public sealed record SourceEvent(string? ExtId, string? InstallationId, string? Platform, string Code, long Time, IReadOnlyDictionary<string, string> Attributes);

/// <summary>One delivery event of a campaign to a user (getPushResult's row): SUCCESS, FAILED, DELIVERED, SHOWN or CLICKED.</summary>
public sealed record SourceDelivery(
    int NotificationKey,
    string ExtId,
    string Platform,
    string? InstallationId,
    string? Token,
    string Status,
    string? ErrorCode,
    string? ErrorMessage,
    long Time);

/// <summary>What one campaign did with one user: its delivery rows, and whether the user converted afterwards.</summary>
public sealed record SourceDeliveryOutcome(IReadOnlyList<SourceDelivery> Rows, bool Converted)
{
    public static readonly SourceDeliveryOutcome None = new([], false);
}

/// <summary>One answer of one user to one question; a multiple-choice question gives one answer per chosen option.</summary>
public sealed record SourceSurveyAnswer(int SurveyId, string QuestionId, string? OptionId, string Answer, long AnsweredAt);

/// <summary>
/// Everything users did, derived per user from (seed, user index, thing) and never stored: events, campaign deliveries
/// and survey answers. Each call yields one user's share, so exports and truth walk millions of users in constant memory.
/// </summary>
public static class SourceActivity
{
    private const long Minute = 60_000;
    private const long Hour = 60 * Minute;
    private const long Day = 24 * Hour;

    private static readonly long AsOf = SourceDataset.AsOf.ToUnixTimeMilliseconds();
    private static readonly long HistoryStart = new DateTimeOffset(2016, 1, 1, 0, 0, 0, TimeSpan.Zero).ToUnixTimeMilliseconds();

    private static readonly IReadOnlyList<string> SignInMethods = ["email", "email", "google", "apple", "facebook"];
    private static readonly IReadOnlyList<string> PaymentMethods = ["credit_card", "Kredi Kartı", "apple_pay", "havale/EFT", "kapıda ödeme"];

    // Screen names and search text carry every delimiter Netmera's export offers, so a reader that splits naively breaks.
    private static readonly IReadOnlyList<string> Screens =
        ["Home", "ProductDetail", "Sepetim", "Kategori/Elektronik", "Search|Results", "Ödeme ~ Adım 2", "Profil^Ayarlar", "Kampanyalar¦Yaz", "Checkout; step 3", "Favoriler"];

    private static readonly IReadOnlyList<string> Queries =
        ["kahve makinesi", "iPhone 15 kılıf", "çocuk ayakkabı, 32 numara", "\"nike\" air", "dolap; beyaz", "Şemsiye", "koşu bandı ~ katlanır", "Ελληνικό μέλι"];

    private static readonly IReadOnlyList<string> Products =
        ["Kahve \"Özel\" Harman, 250g", "Çaydanlık\nSet (2 parça)", "Kulaklık – Bluetooth 5.3", "Yoga matı", "Laufschuhe Größe 42", "Çanta | deri", "Kupa ^ 2'li"];

    private static readonly IReadOnlyList<string> Plans = ["basic", "premium", "Premium Aile"];

    private static readonly IReadOnlyList<string> TextAnswers =
    [
        "Daha hızlı kargo lütfen",
        "Uygulama çok yavaş, özellikle \"ödeme\" adımında",
        "Nothing, keep it up!",
        "More payment options, e.g. PayPal; also dark mode",
        "Fiyatlar yüksek.\nAma kalite iyi.",
        "😍 harika",
        "Lieferung nach Österreich, bitte",
    ];

    private static readonly (string Code, string Message)[] PushErrors = [("8", "INVALID_TOKEN"), ("2", "NOT_REGISTERED"), ("5", "MISMATCH_SENDER_ID")];

    // The plan is walked in this fixed order, so the draws never depend on a dictionary's enumeration order.
    private static readonly string[] PlanOrder = ["n:rg", "n:cl", "n:ph", "n:vt", "n:sr", "n:ao", "n:sv", "wlst7", "sbrn2", "vdw9k"];

    /// <summary>How many of each event the user has, by definition code: cheap, so totals need no event generation.</summary>
    public static IReadOnlyDictionary<string, int> EventPlanOf(SourceUser user, int seed)
    {
        var random = DeterministicRandom.For(seed, DatasetStream.EventPlan, user.Index);
        return new Dictionary<string, int>(StringComparer.Ordinal)
        {
            ["n:rg"] = random.Chance(0.9) ? 1 : 0,
            ["n:cl"] = random.Between(0, 6),
            ["n:ph"] = random.Chance(0.45) ? random.Between(1, 5) : 0,
            ["n:vt"] = random.Between(0, 4),
            ["n:sr"] = random.Between(0, 5),
            ["n:ao"] = random.Between(3, 30),
            ["n:sv"] = random.Between(5, 50),
            ["wlst7"] = random.Chance(0.4) ? random.Between(1, 3) : 0,
            ["sbrn2"] = random.Chance(0.15) ? random.Between(1, 6) : 0,
            ["vdw9k"] = random.Chance(0.4) ? random.Between(1, 12) : 0,
        };
    }

    /// <summary>
    /// The user's events in time order (one user's worth is held to sort it: a bounded few dozen). The first is the
    /// Register event at signup, when there is one; an active user has opened the app in the last 90 days, a dormant
    /// one has not.
    /// </summary>
    public static IReadOnlyList<SourceEvent> EventsOf(SourceUser user, int seed)
    {
        var plan = EventPlanOf(user, seed);
        var random = DeterministicRandom.For(seed, DatasetStream.Events, user.Index);
        var first = user.SignupDate ?? random.NextInt64(HistoryStart, AsOf - 400 * Day);
        var recentFrom = AsOf - 90 * Day;
        var last = user.IsDormant
            ? Math.Max(first + Hour, recentFrom - random.NextInt64(Day, Math.Max(2 * Day, Math.Min(300 * Day, recentFrom - first))))
            : AsOf;
        var installations = user.Devices.Concat(user.UninstalledDevices).ToArray();

        var events = new List<SourceEvent>(plan.Values.Sum());
        foreach (var code in PlanOrder)
        {
            var count = plan[code];
            for (var i = 0; i < count; i++)
            {
                long time = code switch
                {
                    "n:rg" => first,
                    // An active user's first app open falls in the last 90 days, which is what makes them active.
                    "n:ao" when i == 0 && !user.IsDormant => random.NextInt64(Math.Max(first, recentFrom), AsOf),
                    _ => random.NextInt64(first, Math.Max(first + 1, last)),
                };
                var device = installations.Length == 0 || (code is not "n:ao" and not "n:sv" && random.Chance(0.1))
                    ? null // fired server-side through REST fireEvents: no installation
                    : installations[random.Next(installations.Length)];
                events.Add(new SourceEvent(user.ExtId, device?.InstallationId, device?.Platform, code, time, Attributes(code, random)));
            }
        }

        events.Sort((a, b) => a.Time.CompareTo(b.Time));
        return events;
    }

    /// <summary>Events of an installation that never identified: a few app opens and screen views in the last year.</summary>
    public static IReadOnlyList<SourceEvent> EventsOf(SourceDevice anonymous, int ordinal, int seed)
    {
        var random = DeterministicRandom.For(seed, DatasetStream.Events, -1 - ordinal);
        var events = new List<SourceEvent>();
        foreach (var (code, count) in new[] { ("n:ao", random.Between(1, 4)), ("n:sv", random.Between(0, 4)) })
        {
            for (var i = 0; i < count; i++)
            {
                events.Add(new SourceEvent(null, anonymous.InstallationId, anonymous.Platform, code, random.NextInt64(AsOf - 365 * Day, AsOf), Attributes(code, random)));
            }
        }

        events.Sort((a, b) => a.Time.CompareTo(b.Time));
        return events;
    }

    private static Dictionary<string, string> Attributes(string code, DeterministicRandom random)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        switch (code)
        {
            case "n:rg" or "n:cl":
                values["method"] = random.Pick(SignInMethods);
                break;
            case "n:ph":
                var revenue = random.Next(990, 250_000) / 100m;
                // ~10 % written by a Turkish-locale client: decimal comma, as text.
                // (Built by hand: the process runs with invariant globalization, so there is no tr-TR culture to format with.)
                var text = revenue.ToString("0.00", CultureInfo.InvariantCulture);
                values["revenue"] = random.Chance(0.1) ? text.Replace('.', ',') : text;
                values["currency"] = random.Pick(SourceCatalog.CurrencyPool);
                values["itemCount"] = random.Between(1, 6).ToString(CultureInfo.InvariantCulture);
                values["paymentMethod"] = random.Pick(PaymentMethods);
                break;
            case "n:vt":
                values["itemCount"] = random.Between(1, 8).ToString(CultureInfo.InvariantCulture);
                break;
            case "n:sr":
                values["query"] = random.Pick(Queries);
                break;
            case "n:sv":
                values["screenName"] = random.Pick(Screens);
                break;
            case "wlst7":
                values["productId"] = "P-" + random.Next(10_000, 99_999).ToString(CultureInfo.InvariantCulture);
                values["productName"] = random.Pick(Products);
                break;
            case "sbrn2":
                values["plan"] = random.Pick(Plans);
                values["price"] = (random.Next(2_990, 19_990) / 100m).ToString("0.00", CultureInfo.InvariantCulture);
                break;
            case "vdw9k":
                values["videoId"] = "V" + random.Next(1000, 9999).ToString(CultureInfo.InvariantCulture);
                values["durationSec"] = random.Between(5, 1800).ToString(CultureInfo.InvariantCulture);
                break;
        }

        return values;
    }

    /// <summary>
    /// The delivery rows of one campaign for one user, in time order: push to each push-permitted installed device on
    /// the campaign's platforms, email to the address (an undeliverable one fails), SMS to the number.
    /// </summary>
    public static SourceDeliveryOutcome DeliveriesOf(SourceUser user, SourceCampaign campaign, int seed)
    {
        if (!campaign.WasSent || campaign.SendAt is not { } sendAt || user.SignupDate > sendAt)
        {
            return SourceDeliveryOutcome.None;
        }

        var random = DeterministicRandom.For(seed, DatasetStream.Delivery, campaign.Key, user.Index);
        if (!random.Chance(campaign.AudienceShare))
        {
            return SourceDeliveryOutcome.None;
        }

        var rows = new List<SourceDelivery>();
        SourceDelivery Row(string platform, SourceDevice? device, string status, long time, (string Code, string Message)? error = null) =>
            new(campaign.Key, user.ExtId, platform, device?.InstallationId, device?.Token, status, error?.Code, error?.Message, time);

        switch (campaign.Channel)
        {
            case SourceChannel.Push:
                foreach (var device in user.Devices)
                {
                    if (!device.PushPermitted || device.Token.Length == 0 || !campaign.Platforms.Contains(device.Platform, StringComparer.Ordinal))
                    {
                        continue;
                    }

                    var sent = sendAt + random.NextInt64(0, 30 * Minute);
                    if (random.Chance(0.05))
                    {
                        rows.Add(Row(device.Platform, device, "FAILED", sent, random.Pick(PushErrors)));
                        continue;
                    }

                    rows.Add(Row(device.Platform, device, "SUCCESS", sent));
                    if (random.Chance(0.12))
                    {
                        rows.Add(Row(device.Platform, device, "CLICKED", sent + random.NextInt64(Minute, 2 * Day)));
                    }
                }

                break;

            case SourceChannel.Email when user.Email is not null:
                var mailed = sendAt + random.NextInt64(0, 10 * Minute);
                if (!LooksDeliverable(user.Email))
                {
                    rows.Add(Row("EMAIL", null, "FAILED", mailed, ("550", "INVALID_ADDRESS")));
                    break;
                }

                rows.Add(Row("EMAIL", null, "SUCCESS", mailed));
                if (random.Chance(0.95))
                {
                    var delivered = mailed + random.NextInt64(1000, 5 * Minute);
                    rows.Add(Row("EMAIL", null, "DELIVERED", delivered));
                    if (random.Chance(0.3))
                    {
                        var shown = delivered + random.NextInt64(Minute, 3 * Day);
                        rows.Add(Row("EMAIL", null, "SHOWN", shown));
                        if (random.Chance(0.25))
                        {
                            rows.Add(Row("EMAIL", null, "CLICKED", shown + random.NextInt64(1000, Hour)));
                        }
                    }
                }

                break;

            case SourceChannel.Sms when user.Msisdn is not null:
                var texted = sendAt + random.NextInt64(0, 10 * Minute);
                if (random.Chance(0.04))
                {
                    rows.Add(Row("SMS", null, "FAILED", texted, ("3", "UNDELIVERABLE")));
                    break;
                }

                rows.Add(Row("SMS", null, "SUCCESS", texted));
                if (random.Chance(0.92))
                {
                    rows.Add(Row("SMS", null, "DELIVERED", texted + random.NextInt64(1000, 2 * Minute)));
                }

                break;
        }

        var converts = random.Chance(0.3);

        // The newest campaign is still collecting opens and clicks: what would happen after AsOf has not happened yet.
        rows.RemoveAll(r => r.Time >= AsOf);
        rows.Sort((a, b) => a.Time.CompareTo(b.Time));
        var clicked = rows.Exists(r => r.Status == "CLICKED");
        return rows.Count == 0 ? SourceDeliveryOutcome.None : new SourceDeliveryOutcome(rows, clicked && converts);
    }

    /// <summary>Netmera's stats report web push (Chrome, Safari, Firefox, ...) as one platform, WP.</summary>
    public static string StatsPlatform(string platform) => platform switch
    {
        "IOS" or "ANDROID" or "EMAIL" or "SMS" => platform,
        _ => "WP",
    };

    /// <summary>The user's answers to one survey, empty when they did not take it.</summary>
    public static IReadOnlyList<SourceSurveyAnswer> SurveyAnswersOf(SourceUser user, SourceSurvey survey, int seed)
    {
        if (user.SignupDate > survey.StartAt)
        {
            return [];
        }

        var random = DeterministicRandom.For(seed, DatasetStream.SurveyAnswers, survey.Id, user.Index);
        if (!random.Chance(survey.ResponseShare))
        {
            return [];
        }

        var answeredAt = Math.Min(AsOf - Minute, survey.StartAt + random.NextInt64(Hour, 60 * Day));
        var answers = new List<SourceSurveyAnswer>();
        foreach (var question in survey.Questions)
        {
            // Skipped questions leave no row; the first question is mandatory, so a response has at least one row.
            if (answers.Count > 0 && !random.Chance(0.85))
            {
                continue;
            }

            switch (question.Type)
            {
                case "RATING":
                    answers.Add(new(survey.Id, question.Id, null, random.Between(1, 5).ToString(CultureInfo.InvariantCulture), answeredAt));
                    break;
                case "SINGLE_CHOICE":
                    var option = random.Pick(question.Options);
                    answers.Add(new(survey.Id, question.Id, option.Id, option.Text, answeredAt));
                    break;
                case "MULTIPLE_CHOICE":
                    var picks = random.Between(1, 3);
                    foreach (var chosen in question.Options.Where(_ => random.Chance(picks / (double)question.Options.Count)).DefaultIfEmpty(question.Options[0]))
                    {
                        answers.Add(new(survey.Id, question.Id, chosen.Id, chosen.Text, answeredAt));
                    }

                    break;
                default:
                    answers.Add(new(survey.Id, question.Id, null, random.Pick(TextAnswers), answeredAt));
                    break;
            }
        }

        return answers;
    }

    /// <summary>Roughly what a mail server accepts: one '@', something before it, a dot after it, no spaces once trimmed.</summary>
    public static bool LooksDeliverable(string email)
    {
        var trimmed = email.Trim();
        var at = trimmed.IndexOf('@', StringComparison.Ordinal);
        return at > 0
            && at == trimmed.LastIndexOf('@')
            && trimmed.IndexOf('.', at) > at + 1
            && !trimmed.EndsWith('.')
            && !trimmed.Any(char.IsWhiteSpace);
    }
}
