namespace Migration.Sandbox.Dataset;

/// <summary>Delivery counts of one campaign on one stats platform (IOS, ANDROID, WP, EMAIL, SMS). Sent counts attempts: SUCCESS + FAILED.</summary>
public sealed record SourcePlatformTally(string Platform, int Sent, int Failed, int Delivered, int Shown, int Clicked);

/// <summary>What a sent campaign did: per-platform counts, users reached (at least one row), conversions.</summary>
public sealed record SourceCampaignStats(int Key, IReadOnlyList<SourcePlatformTally> Platforms, int Recipients, int Rows, int Conversions);

/// <summary>Users who share a normalised email (trimmed, lower-case) under different extIds.</summary>
public sealed record SourceEmailDuplicate(string Email, IReadOnlyList<string> ExtIds);

/// <summary>Users who share an installation (same installation id and push token) under different extIds.</summary>
public sealed record SourceDeviceDuplicate(string InstallationId, string Token, IReadOnlyList<string> ExtIds);

public sealed record SourceEventTally(string Code, string Name, EventFrequency Frequency, long Count);

public sealed record SourceSurveyTally(int Id, string Name, int Respondents, int Answers);

/// <summary>
/// The ground truth a test compares a migration against, computed in one pass over the users. The pass streams, but
/// duplicate detection keeps one entry per distinct email and installation, so this is O(users) memory, unlike
/// generation itself.
/// </summary>
public sealed record SourceTruth
{
    public required int Users { get; init; }

    public required int EuUsers { get; init; }

    public required int NonEuUsers { get; init; }

    public required int UsersWithoutCountry { get; init; }

    public required int UsersWithoutEmail { get; init; }

    /// <summary>Emails no mail server would take (<see cref="SourceActivity.LooksDeliverable"/> is false).</summary>
    public required int UsersWithInvalidEmail { get; init; }

    public required int DormantUsers { get; init; }

    public required int InstalledDevices { get; init; }

    public required int UninstalledDevices { get; init; }

    public required int AnonymousInstallations { get; init; }

    public required IReadOnlyList<SourceEmailDuplicate> DuplicatesByEmail { get; init; }

    public required IReadOnlyList<SourceDeviceDuplicate> DuplicatesByDevice { get; init; }

    public required IReadOnlyList<SourceEventTally> Events { get; init; }

    /// <summary>Events of installations with no extId (their rows have an empty External ID).</summary>
    public required long EventsWithoutExternalId { get; init; }

    public required IReadOnlyList<SourceCampaignStats> Campaigns { get; init; }

    /// <summary>Users per tag, in vocabulary order.</summary>
    public required IReadOnlyList<KeyValuePair<string, int>> Tags { get; init; }

    public required int TagAssignments { get; init; }

    public required IReadOnlyList<SourceSurveyTally> Surveys { get; init; }

    public static SourceTruth Compute(IEnumerable<SourceUser> users, SourceCatalog catalog, int seed)
    {
        ArgumentNullException.ThrowIfNull(users);
        ArgumentNullException.ThrowIfNull(catalog);

        int count = 0, eu = 0, nonEu = 0, noCountry = 0, noEmail = 0, invalidEmail = 0, dormant = 0, installed = 0, uninstalled = 0, tagAssignments = 0;
        var byEmail = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        var byDevice = new Dictionary<string, (string Token, List<string> ExtIds)>(StringComparer.Ordinal);
        var events = catalog.Events.ToDictionary(e => e.Code, _ => 0L, StringComparer.Ordinal);
        var sent = catalog.Campaigns.Where(c => c.WasSent).ToArray();
        var campaignTallies = sent.ToDictionary(c => c.Key, _ => new CampaignTally());
        var tags = SourceCatalog.TagVocabulary.ToDictionary(t => t.Name, _ => 0, StringComparer.Ordinal);
        var surveys = catalog.Surveys.ToDictionary(s => s.Id, _ => (Respondents: 0, Answers: 0));

        foreach (var user in users)
        {
            count++;
            if (user.IsEu)
            {
                eu++;
            }
            else if (user.Country is null)
            {
                noCountry++;
            }
            else
            {
                nonEu++;
            }

            if (user.Email is null)
            {
                noEmail++;
            }
            else if (!SourceActivity.LooksDeliverable(user.Email))
            {
                invalidEmail++;
            }
            else
            {
                Group(byEmail, user.Email.Trim().ToLowerInvariant(), user.ExtId);
            }

            dormant += user.IsDormant ? 1 : 0;
            installed += user.Devices.Count;
            uninstalled += user.UninstalledDevices.Count;
            foreach (var device in user.Devices)
            {
                if (!byDevice.TryGetValue(device.InstallationId, out var entry))
                {
                    byDevice[device.InstallationId] = entry = (device.Token, []);
                }

                if (!entry.ExtIds.Contains(user.ExtId))
                {
                    entry.ExtIds.Add(user.ExtId);
                }
            }

            foreach (var (code, n) in SourceActivity.EventPlanOf(user, seed))
            {
                events[code] += n;
            }

            foreach (var campaign in sent)
            {
                campaignTallies[campaign.Key].Add(SourceActivity.DeliveriesOf(user, campaign, seed));
            }

            foreach (var tag in user.Tags)
            {
                tags[tag]++;
                tagAssignments++;
            }

            foreach (var survey in catalog.Surveys)
            {
                var answers = SourceActivity.SurveyAnswersOf(user, survey, seed);
                if (answers.Count > 0)
                {
                    var (respondents, total) = surveys[survey.Id];
                    surveys[survey.Id] = (respondents + 1, total + answers.Count);
                }
            }
        }

        var anonymous = SourceDataset.AnonymousInstallationCount(count);
        long anonymousEvents = 0;
        for (var i = 0; i < anonymous; i++)
        {
            foreach (var e in SourceActivity.EventsOf(SourceDataset.AnonymousInstallationAt(i, seed), i, seed))
            {
                events[e.Code]++;
                anonymousEvents++;
            }
        }

        return new SourceTruth
        {
            Users = count,
            EuUsers = eu,
            NonEuUsers = nonEu,
            UsersWithoutCountry = noCountry,
            UsersWithoutEmail = noEmail,
            UsersWithInvalidEmail = invalidEmail,
            DormantUsers = dormant,
            InstalledDevices = installed,
            UninstalledDevices = uninstalled,
            AnonymousInstallations = anonymous,
            DuplicatesByEmail = byEmail.Where(g => g.Value.Count > 1).Select(g => new SourceEmailDuplicate(g.Key, g.Value)).OrderBy(d => d.ExtIds[0], StringComparer.Ordinal).ToArray(),
            DuplicatesByDevice = byDevice.Where(g => g.Value.ExtIds.Count > 1).Select(g => new SourceDeviceDuplicate(g.Key, g.Value.Token, g.Value.ExtIds)).OrderBy(d => d.ExtIds[0], StringComparer.Ordinal).ToArray(),
            Events = catalog.Events.Select(e => new SourceEventTally(e.Code, e.Name, e.Frequency, events[e.Code])).ToArray(),
            EventsWithoutExternalId = anonymousEvents,
            Campaigns = sent.Select(c => campaignTallies[c.Key].Stats(c)).ToArray(),
            Tags = SourceCatalog.TagVocabulary.Select(t => new KeyValuePair<string, int>(t.Name, tags[t.Name])).ToArray(),
            TagAssignments = tagAssignments,
            Surveys = catalog.Surveys.Select(s => new SourceSurveyTally(s.Id, s.Name, surveys[s.Id].Respondents, surveys[s.Id].Answers)).ToArray(),
        };
    }

    private static void Group(Dictionary<string, List<string>> groups, string key, string extId)
    {
        if (!groups.TryGetValue(key, out var members))
        {
            groups[key] = members = [];
        }

        members.Add(extId);
    }

    /// <summary>Running counts of one campaign while the users stream past.</summary>
    private sealed class CampaignTally
    {
        private readonly Dictionary<string, int[]> byPlatform = new(StringComparer.Ordinal);
        private int recipients;
        private int rows;
        private int conversions;

        public void Add(SourceDeliveryOutcome outcome)
        {
            if (outcome.Rows.Count == 0)
            {
                return;
            }

            recipients++;
            rows += outcome.Rows.Count;
            conversions += outcome.Converted ? 1 : 0;
            foreach (var row in outcome.Rows)
            {
                var platform = SourceActivity.StatsPlatform(row.Platform);
                if (!byPlatform.TryGetValue(platform, out var counts))
                {
                    byPlatform[platform] = counts = new int[5];
                }

                var slot = row.Status switch
                {
                    "SUCCESS" => 0,
                    "FAILED" => 1,
                    "DELIVERED" => 2,
                    "SHOWN" => 3,
                    _ => 4,
                };
                counts[slot]++;
            }
        }

        public SourceCampaignStats Stats(SourceCampaign campaign)
        {
            // Every platform the campaign addressed is listed, zeros included, as Netmera's stats list them.
            var platforms = campaign.Channel switch
            {
                SourceChannel.Push => campaign.Platforms.Select(SourceActivity.StatsPlatform).Distinct(StringComparer.Ordinal).ToArray(),
                _ => [campaign.Channel],
            };
            return new SourceCampaignStats(
                campaign.Key,
                platforms.Select(p => byPlatform.TryGetValue(p, out var c)
                    ? new SourcePlatformTally(p, c[0] + c[1], c[1], c[2], c[3], c[4])
                    : new SourcePlatformTally(p, 0, 0, 0, 0, 0)).ToArray(),
                recipients,
                rows,
                conversions);
        }
    }
}
