using Migration.Domain.Campaigns;
using Migration.Domain.Runs;
using Migration.Domain.Source;

namespace Migration.Domain.Tests.Campaigns;

/// <summary>Which (campaign, person) pairs of a person batch become touchpoints, and why the others do not.</summary>
public class TouchpointPlanTests
{
    private static readonly DateTimeOffset T0 = new(2025, 6, 1, 10, 0, 0, TimeSpan.Zero);

    private static SourcePushResult Row(string key, string extId, string status, int minutes) =>
        new(key, extId, null, "EMAIL", status, T0.AddMinutes(minutes), null);

    private static readonly IReadOnlyDictionary<string, CampaignDeal> Deals = new Dictionary<string, CampaignDeal>
    {
        ["c1"] = new(501, "Spring sale"),
        ["c2"] = new(502, "Welcome"),
    };

    [Fact]
    public void Each_engaged_pair_is_one_touchpoint_due_at_its_first_engagement_and_every_pair_is_accounted_for()
    {
        PersonExtras[] extras =
        [
            new() { ExtId = "u1", PushResults = [Row("c1", "u1", "DELIVERED", 0), Row("c1", "u1", "CLICKED", 30), Row("c1", "u1", "SHOWN", 10), Row("c2", "u1", "SUCCESS", 0)] },
            new() { ExtId = "u2", PushResults = [Row("c1", "u2", "shown", 5), Row("c3", "u2", "CLICKED", 7)] },
            new() { ExtId = "u3", PushResults = [Row("c2", "u3", "CLICKED", 1)] },
        ];
        var persons = new Dictionary<string, long> { ["u1"] = 11, ["u2"] = 12 }; // u3 was rejected in the persons load

        var plan = TouchpointPlan.For(extras, RunOptions.DefaultTouchpointStatuses, persons, Deals);

        Assert.Equal(5, plan.Candidates);
        Assert.Equal(plan.Candidates, plan.Touchpoints.Count + plan.SkippedCount);
        Assert.Equal(2, plan.Touchpoints.Count);
        var u1 = plan.Touchpoints[0];
        Assert.Equal(("c1|u1", 11L, 501L), (u1.SourceId, u1.PersonId, u1.DealId));
        Assert.Equal(T0.AddMinutes(10), u1.At); // the first engagement (SHOWN), not the click or the delivery
        Assert.Equal("Spring sale: SHOWN, CLICKED", u1.Subject);
        Assert.Equal("c1|u2", plan.Touchpoints[1].SourceId);
        Assert.Equal(1, plan.Skipped[TouchpointSkips.NotEngaged]); // c2/u1: sent only
        Assert.Equal(1, plan.Skipped[TouchpointSkips.CampaignWithoutDeal]); // c3 has no deal
        Assert.Equal(1, plan.Skipped[TouchpointSkips.PersonNotMigrated]); // u3
        Assert.Equal(["c1", "c2", "c3"], TouchpointPlan.EngagedCampaigns(extras, RunOptions.DefaultTouchpointStatuses).Order());
    }

    [Fact]
    public void The_engaging_statuses_are_the_runs_choice()
    {
        PersonExtras[] extras = [new() { ExtId = "u1", PushResults = [Row("c1", "u1", "DELIVERED", 3), Row("c2", "u1", "SHOWN", 4)] }];
        var persons = new Dictionary<string, long> { ["u1"] = 11 };

        var clicksOnly = TouchpointPlan.For(extras, ["CLICKED"], persons, Deals);
        var deliveries = TouchpointPlan.For(extras, ["delivered"], persons, Deals);

        Assert.Empty(clicksOnly.Touchpoints);
        Assert.Equal(2, clicksOnly.Skipped[TouchpointSkips.NotEngaged]);
        Assert.Equal("Spring sale: DELIVERED", Assert.Single(deliveries.Touchpoints).Subject);
    }
}
