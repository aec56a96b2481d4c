using System.Diagnostics;
using System.Net;
using System.Text.Json.Nodes;
using Migration.Tests.Shared;
using Xunit.Abstractions;

namespace Migration.Host.Tests;

/// <summary>
/// The run's status page in a real browser: a small run completes, then Debian's Chromium (driven by
/// tools/status-page/check.mjs) opens the page on the local host and checks it shows the run's phases,
/// throughput chart, tokens per day, gates and rejects as the API has them, asking no other host.
/// </summary>
public sealed class StatusPageTests(ITestOutputHelper output)
{
    private const string Chromium = "/usr/bin/chromium";

    [SkippableFact]
    public async Task The_status_page_shows_a_completed_runs_numbers_in_chromium()
    {
        var script = Path.Combine(RepositoryRoot.Path, "tools", "status-page", "check.mjs");
        var playwright = Path.Combine(RepositoryRoot.Path, "tools", "status-page", "node_modules", "playwright-core");
        // run.sh installs both (ensure_chromium, npm ci) and sets MIGRATION_REQUIRE_BROWSER, so CI never skips here.
        var missing = !File.Exists(Chromium) ? $"{Chromium} is not installed (apt-get install chromium; ./run.sh test installs it)"
            : !Directory.Exists(playwright) ? "tools/status-page has no node_modules (npm ci --prefix tools/status-page)" : null;
        if (missing is not null && Environment.GetEnvironmentVariable("MIGRATION_REQUIRE_BROWSER") == "1")
            Assert.Fail(missing);
        Skip.If(missing is not null, missing);

        await using var env = await MigrationEnvironment.StartAsync(users: 80, seed: 23);
        const string runId = "status-page-run";
        Assert.Equal(HttpStatusCode.Accepted, (await env.StartRunAsync(MigrationEnvironment.RunRequest(runId, batchSize: 20))).StatusCode);
        var status = await env.WaitForEndAsync(runId, TimeSpan.FromSeconds(75));
        Assert.Equal("Completed", MigrationEnvironment.Text(status["runtimeStatus"]));

        // The page is HTML with everything inline; an unknown run is a problem document, not a page.
        var page = await env.Host.Http.GetAsync($"/api/migrations/{runId}/page");
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Equal("text/html", page.Content.Headers.ContentType?.MediaType);
        var html = await page.Content.ReadAsStringAsync();
        Assert.DoesNotMatch("(src|href)=\"(https?:)?//", html);
        Assert.Equal(HttpStatusCode.NotFound, (await env.Host.Http.GetAsync("/api/migrations/no-such-run/page")).StatusCode);

        // The series adds up to the run: tokens per day to what it spent, the buckets to what its phases accounted.
        var series = JsonNode.Parse(await env.Host.Http.GetStringAsync($"/api/migrations/{runId}/series"))!;
        var days = series["tokensPerDay"]!.AsArray();
        Assert.NotEmpty(days);
        Assert.Equal(status["pipedrive"]!["run"]!["tokens"]!.GetValue<long>(), days.Sum(d => d!["tokens"]!.GetValue<long>()));
        Assert.Equal(status["phases"]!.AsArray().Sum(p => p!["done"]!.GetValue<long>()),
            series["throughput"]!["points"]!.AsArray().Sum(p => p!["records"]!.GetValue<long>()));

        var screenshot = Path.Combine(RepositoryRoot.Path, "out", "test-results", "status-page.png");
        Directory.CreateDirectory(Path.GetDirectoryName(screenshot)!);
        File.Delete(screenshot);
        var (exit, stdout, stderr) = await RunNodeAsync(script, "--url", $"{env.Host.Http.BaseAddress}api/migrations/{runId}/page", "--screenshot", screenshot);
        output.WriteLine(stdout);
        output.WriteLine($"status page screenshot: {screenshot}");
        Assert.True(exit == 0, $"check.mjs exited {exit}:\n{stdout}\n{stderr}");
        Assert.Contains("\"passed\":true", stdout, StringComparison.Ordinal);
        Assert.True(new FileInfo(screenshot) is { Exists: true, Length: > 10_000 }, $"no screenshot at {screenshot}");
    }

    private static async Task<(int Exit, string Stdout, string Stderr)> RunNodeAsync(params string[] args)
    {
        var start = new ProcessStartInfo("node") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = RepositoryRoot.Path };
        foreach (var a in args)
            start.ArgumentList.Add(a);
        using var process = Process.Start(start)!;
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var stdout = process.StandardOutput.ReadToEndAsync(timeout.Token);
        var stderr = process.StandardError.ReadToEndAsync(timeout.Token);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException("check.mjs did not finish within 60 s.");
        }
        return (process.ExitCode, await stdout, await stderr);
    }
}
