using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Migration.Domain.Reconciliation;
using Migration.Extract.Bench;
using Migration.Sandbox;
using Migration.Storage;
using Migration.Tests.Shared;
using Migration.Workflow;
using Migration.Workflow.Activities;
using Migration.Workflow.Models;

// Extraction from the Netmera simulator into Azurite, page after page as the extract phase runs them
// (list a page, read profiles and devices, dedupe through the index, stage gzip NDJSON batches), and
// prints users per second and memory. The simulator holds its population in memory, so it runs as a
// process of its own: "peak MB" is this process alone (the extractor), "sim MB" the simulator's peak.
// "heap MB" is what the extractor still holds after a full collection at the end (a leak shows there);
// "keys" and "runs" are the dedupe index's at the end.
// Usage: dotnet run -c Release --project bench/Migration.Extract.Bench [-- --users 50000,200000 --concurrency 16]
//        [--storage <connection string>] (an Azurite started elsewhere, e.g. under a profiler)
//        [--progress N] (a line to stderr every N pages: seconds so far and for the last N pages)

var sizes = Argument("--users", "50000,200000").Split(',').Select(s => int.Parse(s, CultureInfo.InvariantCulture)).ToList();
var concurrency = int.Parse(Argument("--concurrency", "16"), CultureInfo.InvariantCulture);
var progress = int.Parse(Argument("--progress", "0"), CultureInfo.InvariantCulture);
var external = Argument("--storage", "");
Console.WriteLine($"Netmera extraction benchmark: pages of 1,000, {concurrency} concurrent reads, batches of 100, Azurite on this machine");
Console.WriteLine($"{"users",8} {"seconds",8} {"users/s",8} {"staged",8} {"merged",7} {"peak MB",8} {"heap MB",8} {"sim MB",7} {"CPU s",6} {"sim CPU s",9} {"keys",9} {"runs",4}");

await using var azurite = external.Length > 0 ? null : await AzuriteInstance.StartAsync();
foreach (var users in sizes)
    await Measure(users, concurrency, azurite?.ConnectionString ?? external, progress);
return;

static async Task Measure(int users, int concurrency, string storage, int progress)
{
    const double Mb = 1024 * 1024;
    await using var netmera = await SimulatorProcess.StartAsync(users, seed: 42);

    var builder = Host.CreateApplicationBuilder();
    builder.Logging.ClearProviders();
    builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
    {
        ["ConnectionStrings:MigrationStorage"] = storage,
        ["Migration:TaskHub"] = "Bench" + users,
        ["Netmera:Connections:bench:BaseUrl"] = netmera.BaseAddress.ToString(),
        ["Netmera:Connections:bench:ApiKey"] = SimulatorProcess.ApiKey,
    });
    builder.AddWorkflowServices();
    using var host = builder.Build();
    await host.Services.GetRequiredService<MigrationStorage>().EnsureCreatedAsync(CancellationToken.None);
    var extract = host.Services.GetRequiredService<ExtractSegmentPageActivity>();

    using var self = Process.GetCurrentProcess();
    var cpu = self.TotalProcessorTime;
    var simulatorCpu = netmera.ProcessorTime;
    var peak = 0L;
    var counts = PhaseCounts.Zero;
    var clock = Stopwatch.StartNew();
    var lap = TimeSpan.Zero;
    string? next = null;
    int page = 0, batch = 0;
    do
    {
        var result = await extract.ExecuteAsync(new ExtractPageInput($"bench-{users}", "bench", NetmeraSimulator.AllUsersSegmentId, 1000, 100, concurrency, next, page++, batch), CancellationToken.None);
        batch += result.BatchesWritten;
        counts = counts.Add(result.Counts);
        next = result.NextPage;
        self.Refresh();
        peak = Math.Max(peak, self.WorkingSet64);
        if (progress > 0 && page % progress == 0)
        {
            var now = clock.Elapsed;
            await Console.Error.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                $"  page {page,5}: {now.TotalSeconds,7:F1} s, last {progress} pages {(now - lap).TotalSeconds,6:F1} s, working set {self.WorkingSet64 / Mb,5:F0} MB, simulator {netmera.WorkingSet / Mb,5:F0} MB"));
            lap = now;
        }
    }
    while (next is not null);
    var elapsed = clock.Elapsed;
    self.Refresh();
    var usedCpu = self.TotalProcessorTime - cpu;
    var usedSimulatorCpu = netmera.ProcessorTime - simulatorCpu;
    var heap = GC.GetTotalMemory(forceFullCollection: true);
    var index = await host.Services.GetRequiredService<DedupeIndex>().OpenAsync($"bench-{users}", CancellationToken.None);

    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"{users,8:N0} {elapsed.TotalSeconds,8:F0} {users / elapsed.TotalSeconds,8:F0} {counts.Created,8:N0} {counts.Skipped,7:N0} {peak / Mb,8:F0} {heap / Mb,8:F0} {netmera.PeakWorkingSet / Mb,7:F0} {usedCpu.TotalSeconds,6:F0} {usedSimulatorCpu.TotalSeconds,9:F0} {index.Keys,9:N0} {index.Runs,4}"));
}

static string Argument(string name, string fallback)
{
    var args = Environment.GetCommandLineArgs();
    var at = Array.IndexOf(args, name);
    return at >= 0 && at + 1 < args.Length ? args[at + 1] : fallback;
}
