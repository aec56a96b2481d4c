namespace Migration.Workflow.Models;

// Travels through orchestration history: names and counts only (DESIGN §3).

/// <summary>Stage the run's campaigns for the deals load, in batches of <paramref name="BatchSize"/> (at most 100).</summary>
public sealed record PlanCampaignsInput(string RunId, int BatchSize = 100);

/// <summary>
/// What <c>plan-campaigns</c> staged: <see cref="BatchCount"/> batches for <c>load-campaigns</c> holding
/// <see cref="Campaigns"/> campaigns, merged from <see cref="Records"/> records of the campaign files.
/// </summary>
public sealed record PlanCampaignsResult(int BatchCount, long Campaigns, long Records);
