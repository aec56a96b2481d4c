using System.Text.Json;
using Migration.Domain.Estimates;
using Migration.Pipedrive;

namespace Migration.Workflow.Api;

/// <summary>
/// Body of <c>POST /api/estimates</c>: the counts, the run's choices and the Pipedrive account's plan. Every
/// section and member is optional except <c>counts.users</c>; unknown members are refused.
/// </summary>
public sealed record EstimateRequest
{
    public SourceCounts? Counts { get; init; }

    public EstimateChoices? Options { get; init; }

    public EstimatePlan? Pipedrive { get; init; }
}

/// <summary>The account's limits as the host's Pipedrive connection settings name them (README, Configuration).</summary>
public sealed record EstimatePlan
{
    /// <summary>Lite, Growth, Professional, Premium, Ultimate (older names too); Lite when absent, the most cautious.</summary>
    public string? Plan { get; init; }

    public int Seats { get; init; } = 1;

    public long TopUpTokens { get; init; }

    /// <summary>An OAuth app gets four times the burst of an API token.</summary>
    public bool OAuth { get; init; }
}

/// <summary>
/// <c>POST /api/estimates</c>: tokens and time a run needs before it starts (docs/estimator.md). Pure
/// arithmetic over <see cref="MigrationEstimator"/>; the plan's limits come from <see cref="RateLimits"/>, the
/// same figures the governor paces by.
/// </summary>
public sealed class EstimatesApi
{
    public const string Route = "/api/estimates";

    public async Task<ApiResult> EstimateAsync(Stream body, CancellationToken cancellationToken)
    {
        EstimateRequest? request;
        try
        {
            request = await JsonSerializer.DeserializeAsync<EstimateRequest>(body, ApiJson.Strict, cancellationToken).ConfigureAwait(false);
        }
        catch (JsonException e)
        {
            return ApiResult.Problem(400, "invalid-request", "The estimate request is not valid JSON", e.Message, Route);
        }
        if (request?.Counts is not { } counts)
            return ApiResult.Problem(400, "invalid-request", "Counts are required", "Send {\"counts\": {\"users\": …}} at least (docs/estimator.md).", Route);

        var problems = new List<string>();
        var account = request.Pipedrive ?? new EstimatePlan();
        RateLimits? limits = null;
        try
        {
            limits = new RateLimits { Plan = RateLimits.ParsePlan(account.Plan ?? nameof(PipedrivePlan.Lite)), Seats = account.Seats, TopUpTokens = account.TopUpTokens, OAuth = account.OAuth };
        }
        catch (ArgumentException e)
        {
            problems.Add(e.Message);
        }
        if (account.Seats < 1)
            problems.Add("pipedrive.seats must be at least 1.");
        if (account.TopUpTokens < 0)
            problems.Add("pipedrive.topUpTokens must not be negative.");
        var choices = request.Options ?? new EstimateChoices();
        var apiLimits = limits is null ? new ApiLimits(1, 1) : new ApiLimits(limits.DailyTokens, limits.BurstPerWindow);
        problems.AddRange(MigrationEstimator.Validate(counts, choices, apiLimits));
        if (problems.Count > 0)
            return ApiResult.Problem(400, "invalid-request", "The estimate request is not valid", string.Join(" ", problems), Route, problems);

        var estimate = MigrationEstimator.Estimate(counts, choices, apiLimits);
        return ApiResult.Ok(new
        {
            counts,
            options = choices,
            pipedrive = new { plan = limits!.Plan, seats = limits.Seats, topUpTokens = limits.TopUpTokens, oauth = limits.OAuth, dailyTokens = limits.DailyTokens, burstPerWindow = limits.BurstPerWindow },
            estimate.Lines,
            estimate.Records,
            estimate.Requests,
            estimate.Tokens,
            estimate.DailyTokens,
            days = Math.Round(estimate.Days, 3),
            estimate.BudgetDays,
            burstHours = Math.Round(estimate.BurstHours, 3),
            estimate.Savings,
            estimate.ScopeIndividually,
            estimate.Verdict,
        });
    }
}
