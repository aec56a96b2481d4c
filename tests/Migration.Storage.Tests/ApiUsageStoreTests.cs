using Migration.Domain.Budget;
using Migration.Tests.Shared;

namespace Migration.Storage.Tests;

/// <summary>What a run spent, added by many batches at once on Azurite: nothing is lost to a race.</summary>
public sealed class ApiUsageStoreTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    private static readonly CancellationToken None = CancellationToken.None;

    [SkippableFact]
    public async Task Batches_adding_at_once_leave_the_exact_sums_for_the_company_day_the_run_and_the_runs_days()
    {
        azurite.SkipIfUnavailable();
        var storage = new MigrationStorage(new StorageOptions { ConnectionString = azurite.ConnectionString, TaskHub = "U" + Guid.NewGuid().ToString("N")[..12] });
        await storage.EnsureCreatedAsync(None);
        var usage = new ApiUsageStore(storage);
        var day1 = new DateOnly(2026, 11, 28);
        var day2 = new DateOnly(2026, 11, 29);

        // 24 batches, 8 at a time, over two budget days: each adds 10 requests and (batch number) tokens.
        await Parallel.ForEachAsync(Enumerable.Range(1, 24), new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (n, ct) =>
            await usage.AddAsync("acme", n <= 12 ? day1 : day2, "run-u", new ApiUsage(10, n, 1, n % 2, 0), ct));

        var run = await usage.RunUsageAsync("run-u", None);
        Assert.Equal(new ApiUsage(240, 300, 24, 12, 0), run);
        Assert.Equal(78, await usage.TokensSpentAsync("acme", day1, None));
        Assert.Equal(222, await usage.TokensSpentAsync("acme", day2, None));
        Assert.Equal([new DailyUsage(day1, 78, 120), new DailyUsage(day2, 222, 120)], await usage.RunDailyUsageAsync("run-u", None));
    }
}
