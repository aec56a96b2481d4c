using System.Globalization;
using Migration.Domain.Budget;

namespace Migration.Storage;

/// <summary>
/// What the migration spent against a vendor's API: per company and budget day (the account the
/// daily token budget is checked against, shared by every run on that company), and per run (what
/// an operator sees in the run's status), and per run and budget day (the status page's tokens per
/// day). All live in the TokenAccounts table.
/// </summary>
public sealed class ApiUsageStore(MigrationStorage storage)
{
    private const string RunPartitionPrefix = "run|";
    private const string RunDayPrefix = "pipedrive|";

    /// <summary>Adds one worker's spending to its company's day and to its run.</summary>
    public async Task AddAsync(string company, DateOnly day, string runId, ApiUsage usage, CancellationToken cancellationToken)
    {
        if (usage == ApiUsage.None)
            return;
        await TableCounters.AddAsync(storage.TokenAccounts, CompanyPartition(company), DayKey(day),
            new Dictionary<string, long> { ["Tokens"] = usage.Tokens, ["Requests"] = usage.Requests }, cancellationToken).ConfigureAwait(false);
        // The run's total and one more small row per budget day, so an operator can see which days a long run spent on:
        // one partition, so one transaction.
        await TableCounters.AddAsync(storage.TokenAccounts, RunPartitionPrefix + runId, new Dictionary<string, IReadOnlyDictionary<string, long>>
        {
            ["pipedrive"] = Counters(usage),
            [RunDayPrefix + DayKey(day)] = new Dictionary<string, long> { ["Tokens"] = usage.Tokens, ["Requests"] = usage.Requests },
        }, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>What the run spent on each budget day, oldest first (days it spent nothing are absent).</summary>
    public async Task<IReadOnlyList<DailyUsage>> RunDailyUsageAsync(string runId, CancellationToken cancellationToken)
    {
        var partition = RunPartitionPrefix + runId;
        var days = new List<DailyUsage>();
        await foreach (var e in storage.TokenAccounts.QueryAsync<Azure.Data.Tables.TableEntity>(
            Azure.Data.Tables.TableClient.CreateQueryFilter($"PartitionKey eq {partition} and RowKey gt {RunDayPrefix} and RowKey lt {"pipedrive}"}"),
            cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            if (DateOnly.TryParseExact(e.RowKey[RunDayPrefix.Length..], "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day))
                days.Add(new DailyUsage(day, e.GetInt64("Tokens") ?? 0, e.GetInt64("Requests") ?? 0));
        }
        return [.. days.OrderBy(d => d.Day)];
    }

    /// <summary>Tokens the migration spent on this company in this budget day.</summary>
    public async Task<long> TokensSpentAsync(string company, DateOnly day, CancellationToken cancellationToken) =>
        (await TableCounters.ReadAsync(storage.TokenAccounts, CompanyPartition(company), DayKey(day), cancellationToken).ConfigureAwait(false))
            .GetValueOrDefault("Tokens");

    public async Task<ApiUsage> RunUsageAsync(string runId, CancellationToken cancellationToken)
    {
        var c = await TableCounters.ReadAsync(storage.TokenAccounts, RunPartitionPrefix + runId, "pipedrive", cancellationToken).ConfigureAwait(false);
        return new ApiUsage(c.GetValueOrDefault("Requests"), c.GetValueOrDefault("Tokens"), c.GetValueOrDefault("Retries"),
            c.GetValueOrDefault("RateLimited"), c.GetValueOrDefault("ServerErrors"));
    }

    private static Dictionary<string, long> Counters(ApiUsage usage) => new()
    {
        ["Requests"] = usage.Requests,
        ["Tokens"] = usage.Tokens,
        ["Retries"] = usage.Retries,
        ["RateLimited"] = usage.RateLimited,
        ["ServerErrors"] = usage.ServerErrors,
    };

    private static string CompanyPartition(string company) => "company|" + TableKey.Escape(company);

    private static string DayKey(DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}

/// <summary>Tokens and requests a run spent in one budget day.</summary>
public sealed record DailyUsage(DateOnly Day, long Tokens, long Requests);
