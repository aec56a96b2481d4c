using System.Text.Json;
using Migration.Sandbox.Dataset;

namespace Migration.Sandbox.Tests.Dataset;

/// <summary>Events, deliveries, survey answers and the catalog: deterministic, consistent with the users, at the stated shapes.</summary>
public sealed class SourceActivityTests
{
    private const int Seed = 42;
    private const int Sample = 2000;

    private static readonly IReadOnlyList<SourceUser> Users = SourceDataset.Generate(Sample, Seed).ToList();
    private static readonly SourceCatalog Catalog = SourceCatalog.For(Seed);
    private static readonly long AsOf = SourceDataset.AsOf.ToUnixTimeMilliseconds();

    [Fact]
    public void Events_are_deterministic_and_match_the_plan()
    {
        foreach (var user in Users.Take(200))
        {
            var events = SourceActivity.EventsOf(user, Seed);
            Assert.Equal(JsonSerializer.Serialize(events), JsonSerializer.Serialize(SourceActivity.EventsOf(SourceDataset.UserAt(user.Index, Seed), Seed)));
            var plan = SourceActivity.EventPlanOf(user, Seed);
            Assert.Equal(plan.Where(p => p.Value > 0).ToDictionary(), events.GroupBy(e => e.Code).ToDictionary(g => g.Key, g => g.Count()));
            Assert.Equal(events.OrderBy(e => e.Time).Select(e => e.Time), events.Select(e => e.Time));
            Assert.All(events, e => Assert.True(e.Time < AsOf, "no event after the as-of instant"));
            Assert.All(events, e => Assert.Equal(user.ExtId, e.ExtId));
            var installations = user.Devices.Concat(user.UninstalledDevices).Select(d => (string?)d.InstallationId).ToHashSet();
            Assert.All(events.Where(e => e.InstallationId is not null), e => Assert.Contains(e.InstallationId, installations));
            if (plan["n:rg"] == 1 && user.SignupDate is { } signup)
            {
                Assert.Equal(("n:rg", signup), (events[0].Code, events[0].Time));
            }
        }
    }

    [Fact]
    public void Significant_events_are_a_handful_and_high_frequency_ones_many()
    {
        var significant = Catalog.Events.Where(e => e.Frequency == EventFrequency.Significant).Select(e => e.Code).ToHashSet();
        var plans = Users.Select(u => SourceActivity.EventPlanOf(u, Seed)).ToList();
        var perUserSignificant = plans.Average(p => p.Where(x => significant.Contains(x.Key)).Sum(x => x.Value));
        var perUserFrequent = plans.Average(p => p.Where(x => !significant.Contains(x.Key)).Sum(x => x.Value));
        Assert.InRange(perUserSignificant, 3, 15);
        Assert.InRange(perUserFrequent, 25, 80);
        Assert.Contains(Catalog.Events, e => e.IsStandard && e.Code == "n:ph" && e.Attributes.Any(a => a.Code == "revenue"));
        Assert.Contains(Catalog.Events, e => !e.IsStandard);
    }

    [Fact]
    public void Active_users_opened_the_app_in_the_last_90_days_and_dormant_ones_did_not()
    {
        var recent = SourceDataset.AsOf.AddDays(-90).ToUnixTimeMilliseconds();
        foreach (var user in Users.Take(600))
        {
            var last = SourceActivity.EventsOf(user, Seed).Max(e => e.Time);
            Assert.True(user.IsDormant ? last < recent : last >= recent, $"{user.ExtId} dormant={user.IsDormant} last={last}");
        }
    }

    [Fact]
    public void Event_values_carry_delimiters_unicode_and_decimal_commas()
    {
        var values = Users.Take(400).SelectMany(u => SourceActivity.EventsOf(u, Seed)).SelectMany(e => e.Attributes.Values).ToList();
        foreach (var delimiter in new[] { ",", "|", "~", "¦", "^", ";", "\"", "\n" })
        {
            Assert.Contains(values, v => v.Contains(delimiter, StringComparison.Ordinal));
        }

        Assert.Contains(values, v => System.Text.RegularExpressions.Regex.IsMatch(v, @"^\d+,\d\d$"));
    }

    [Fact]
    public void Deliveries_follow_the_channel_rules()
    {
        var statuses = new HashSet<string>();
        foreach (var campaign in Catalog.Campaigns)
        {
            foreach (var user in Users.Take(500))
            {
                var outcome = SourceActivity.DeliveriesOf(user, campaign, Seed);
                if (!campaign.WasSent)
                {
                    Assert.Empty(outcome.Rows);
                    continue;
                }

                foreach (var row in outcome.Rows)
                {
                    statuses.Add(row.Status);
                    Assert.Equal((campaign.Key, user.ExtId), (row.NotificationKey, row.ExtId));
                    Assert.True(row.Time >= campaign.SendAt && row.Time < AsOf);
                    Assert.Equal(row.Status == "FAILED", row.ErrorCode is not null && row.ErrorMessage is not null);
                    switch (campaign.Channel)
                    {
                        case SourceChannel.Push:
                            var device = Assert.Single(user.Devices, d => d.InstallationId == row.InstallationId);
                            Assert.True(device.PushPermitted);
                            Assert.Equal(device.Token, row.Token);
                            Assert.Contains(device.Platform, campaign.Platforms);
                            break;
                        case SourceChannel.Email:
                            Assert.Equal("EMAIL", row.Platform);
                            Assert.NotNull(user.Email);
                            break;
                        default:
                            Assert.Equal("SMS", row.Platform);
                            Assert.NotNull(user.Msisdn);
                            break;
                    }
                }

                Assert.Equal(JsonSerializer.Serialize(outcome), JsonSerializer.Serialize(SourceActivity.DeliveriesOf(user, campaign, Seed)));
            }
        }

        Assert.Superset(new HashSet<string> { "SUCCESS", "FAILED", "DELIVERED", "SHOWN", "CLICKED" }, statuses);
    }

    [Fact]
    public void Survey_answers_name_real_questions_and_options()
    {
        var answers = Users.SelectMany(u => Catalog.Surveys.SelectMany(s => SourceActivity.SurveyAnswersOf(u, s, Seed))).ToList();
        Assert.NotEmpty(answers);
        foreach (var answer in answers)
        {
            var question = Catalog.Surveys.Single(s => s.Id == answer.SurveyId).Questions.Single(q => q.Id == answer.QuestionId);
            if (question.Options.Count > 0)
            {
                Assert.Equal(answer.Answer, Assert.Single(question.Options, o => o.Id == answer.OptionId).Text);
            }
            else
            {
                Assert.Null(answer.OptionId);
            }
        }

        Assert.Contains(answers, a => a.Answer.Contains('\n', StringComparison.Ordinal));
        Assert.All(Catalog.Surveys, s => Assert.Contains(answers, a => a.SurveyId == s.Id));
    }

    [Fact]
    public void The_catalog_has_campaigns_in_every_state_journeys_and_widgets_over_the_limits()
    {
        Assert.Equal(JsonSerializer.Serialize(Catalog), JsonSerializer.Serialize(SourceCatalog.For(Seed)));
        Assert.Equal(Catalog.Campaigns.Count, Catalog.Campaigns.Select(c => c.Key).Distinct().Count());
        Assert.Superset(new HashSet<string> { "FINISHED", "SENDING", "SCHEDULED", "DRAFT" }, Catalog.Campaigns.Select(c => c.Status).ToHashSet());
        Assert.Superset(new HashSet<string> { SourceChannel.Push, SourceChannel.Email, SourceChannel.Sms }, Catalog.Campaigns.Select(c => c.Channel).ToHashSet());
        Assert.Contains(Catalog.Campaigns, c => c.WasSent && c.SendAt > SourceDataset.AsOf.AddDays(-14).ToUnixTimeMilliseconds());
        Assert.NotEmpty(Catalog.Journeys);
        Assert.All(Catalog.Journeys, j => Assert.NotEmpty(j.Steps));

        var assets = Catalog.Widgets.SelectMany(w => w.Assets).ToList();
        Assert.Contains(assets, a => a.Kind == "IMAGE" && a.SizeBytes > SourceWidgetAsset.ImageLimitBytes && a.IsOverLimit);
        Assert.Contains(assets, a => a.Kind == "VIDEO" && a.SizeBytes > SourceWidgetAsset.VideoLimitBytes && a.IsOverLimit);
        Assert.Contains(assets, a => !a.IsOverLimit);
    }

    [Fact]
    public void Truth_counts_agree_with_the_generated_activity()
    {
        var users = Users.Take(500).ToList();
        var truth = SourceTruth.Compute(users, Catalog, Seed);
        Assert.Equal(users.Count, truth.Users);
        Assert.Equal(users.Sum(u => SourceActivity.EventsOf(u, Seed).Count) + truth.EventsWithoutExternalId, truth.Events.Sum(e => e.Count));
        Assert.Equal(users.Count(u => u.IsEu), truth.EuUsers);
        Assert.Equal(users.Sum(u => u.Tags.Count), truth.TagAssignments);

        foreach (var campaign in Catalog.Campaigns.Where(c => c.WasSent))
        {
            var rows = users.SelectMany(u => SourceActivity.DeliveriesOf(u, campaign, Seed).Rows).ToList();
            var stats = truth.Campaigns.Single(c => c.Key == campaign.Key);
            Assert.Equal(rows.Count, stats.Rows);
            Assert.Equal(rows.Count(r => r.Status is "SUCCESS" or "FAILED"), stats.Platforms.Sum(p => p.Sent));
            Assert.Equal(rows.Count(r => r.Status == "CLICKED"), stats.Platforms.Sum(p => p.Clicked));
            Assert.DoesNotContain(stats.Platforms, p => p.Platform is "CHROME" or "SAFARI" or "FIREFOX");
        }
    }
}
