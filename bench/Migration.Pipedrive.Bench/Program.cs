using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Migration.Pipedrive;
using Migration.Sandbox;

// Drives the governor against the Pipedrive simulator, limits enforced, for each plan and prints:
//   rate ÷ burst allowance  (target ≥ 0.95)   requests per second achieved in steady state over the plan's burst / 2 s
//   429s in steady state    (target 0)
//   tokens ÷ tokens needed  (target 1.00)     what Pipedrive charged over what the requests made should cost
// Usage: dotnet run -c Release --project bench/Migration.Pipedrive.Bench [-- --seconds 12 --lanes 4]

var seconds = Argument("--seconds", 12);
var lanes = Argument("--lanes", 4);
Console.WriteLine($"Pipedrive governor benchmark: {seconds} s per scenario, creates only (5 tokens each), real clock");
Console.WriteLine($"{"scenario",-28} {"req/s",8} {"allowance",9} {"ratio",6} {"429 steady",10} {"429 all",8} {"tokens",8} {"needed",8} {"ratio",6}");

foreach (var plan in new[] { "Lite", "Growth", "Premium", "Ultimate" })
{
    await Scenario(plan, 1, seconds);
    await Scenario(plan, lanes, seconds);
}
return;

static async Task Scenario(string plan, int laneCount, int seconds)
{
    await using var simulator = await PipedriveSimulator.StartAsync(new PipedriveSimulatorOptions
    {
        ApiToken = "bench-token",
        Plan = Enum.Parse<PipedriveSimulatorPlan>(plan),
        EnforceRateLimits = true,
    });
    var builder = Host.CreateApplicationBuilder();
    builder.Logging.ClearProviders();
    builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
    {
        ["Pipedrive:Connections:bench:BaseUrl"] = simulator.BaseAddress.ToString(),
        ["Pipedrive:Connections:bench:ApiToken"] = "bench-token",
        ["Pipedrive:Connections:bench:Plan"] = plan,
    });
    builder.AddPipedriveServices();
    using var host = builder.Build();
    var factory = host.Services.GetRequiredService<PipedriveClientFactory>();
    var limits = factory.Connection("bench").Limits;

    // As the persons load does: each lane a client with its share of the window.
    var clients = Enumerable.Range(0, laneCount).Select(lane => factory.Create("bench", new PipedriveAllowance(
        limits.BurstPerWindow / laneCount, RateLimits.SearchPerWindow / laneCount, long.MaxValue / 4,
        DateTimeOffset.UtcNow.AddDays(1), laneCount == 1 ? PipedriveAllowance.WholeLane : lane))).ToList();

    using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(seconds));
    var clock = Stopwatch.StartNew();
    var steadyFrom = RateLimits.Window; // the first window is a burst; measure after it
    var completions = new List<TimeSpan>();
    JsonObject? usageAtSteady = null;
    using var http = new HttpClient();
    var sampler = Task.Run(async () =>
    {
        await Task.Delay(steadyFrom);
        usageAtSteady = await http.GetFromJsonAsync<JsonObject>(new Uri(simulator.BaseAddress, "/_sandbox/usage"));
    });

    // Several writers per client keep its window full, as a batch's writes would.
    var writers = clients.SelectMany(client => Enumerable.Range(0, 4).Select(async _ =>
    {
        var i = 0;
        while (!stop.IsCancellationRequested)
        {
            try
            {
                await client.CreatePersonAsync(new PersonWrite { Name = $"Bench {i++}" }, stop.Token);
                lock (completions)
                    completions.Add(clock.Elapsed);
            }
            catch (OperationCanceledException)
            {
            }
        }
    })).ToList();
    await Task.WhenAll(writers);
    var elapsed = clock.Elapsed;
    await sampler;

    var usage = (await http.GetFromJsonAsync<JsonObject>(new Uri(simulator.BaseAddress, "/_sandbox/usage")))!;
    var requests = clients.Sum(c => c.Usage.Requests);
    var tokensCharged = usage["tokensSpentToday"]!.GetValue<long>();
    var tokensNeeded = clients.Sum(c => c.Usage.Requests - c.Usage.RateLimited) * PersonCreateCost;
    var allowance = limits.BurstPerWindow / RateLimits.Window.TotalSeconds;
    // Requests leave in bursts as windows free up, so the rate is measured between the first request
    // of the first steady burst and the first request of the last one: whole windows only.
    var times = completions.Order().ToList();
    var first = times.FindIndex(t => t >= steadyFrom);
    var last = times.FindIndex(t => t >= times[^1] - RateLimits.Window / 2);
    var rate = (last - first) / (times[last] - times[first]).TotalSeconds;
    var all429 = usage["tooManyRequests"]!["total"]!.GetValue<long>();
    var steady429 = all429 - usageAtSteady!["tooManyRequests"]!["total"]!.GetValue<long>();

    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"{plan + (laneCount == 1 ? ", 1 client" : $", {laneCount} lanes"),-28} {rate,8:F1} {allowance,9:F1} {rate / allowance,6:F3} {steady429,10} {all429,8} {tokensCharged,8} {tokensNeeded,8} {(double)tokensCharged / tokensNeeded,6:F3}"));
    _ = (requests, elapsed);
}

static int Argument(string name, int fallback)
{
    var args = Environment.GetCommandLineArgs();
    var at = Array.IndexOf(args, name);
    return at >= 0 && at + 1 < args.Length && int.TryParse(args[at + 1], CultureInfo.InvariantCulture, out var value) ? value : fallback;
}

internal static partial class Program
{
    private const int PersonCreateCost = 5;
}
