using Microsoft.DurableTask.Client;
using Microsoft.DurableTask.Testing;
using Migration.Domain.Reconciliation;
using Migration.Domain.Runs;
using Migration.Workflow.Activities;
using Migration.Workflow.Models;
using Migration.Workflow.Orchestrators;

namespace Migration.Workflow.Tests;

/// <summary>
/// The route-extras orchestrator on the in-memory engine with stand-in activities: every range and unit is visited once
/// per pass, in pass order, across ContinueAsNew generations, and the activity batches of all ranges are numbered.
/// </summary>
public class RouteExtrasOrchestratorTests
{
    [Fact]
    public async Task Every_pass_visits_each_range_or_unit_once_across_generations_and_numbers_every_activity_batch()
    {
        const int personBatches = 5 * RouteRanges.BatchesPerRange + 3; // six ranges
        const int units = 17;
        var indexed = new int[6];
        var routed = new int[units];
        var merged = new int[6];
        var order = new List<string>();
        IReadOnlyList<int>? table = null;

        await using var host = await DurableTaskTestHost.StartAsync(registry =>
        {
            registry.AddOrchestrator<RouteExtrasOrchestrator>();
            registry.AddActivityFunc<RouteRangeInput, int>(nameof(IndexPersonRangeActivity), (_, i) => { Interlocked.Increment(ref indexed[i.Range]); Note("index"); return 0; });
            registry.AddActivityFunc<RoutePlanInput, int>(nameof(PlanRoutingActivity), (_, p) => { Assert.Equal(6, p.Ranges); Note("plan"); return units; });
            registry.AddActivityFunc<RouteUnitInput, PhaseCounts>(nameof(RouteUnitActivity), (_, u) => { Interlocked.Increment(ref routed[u.Unit]); Note("route"); return PhaseCounts.Zero; });
            registry.AddActivityFunc<RouteRangeInput, RouteMergeResult>(nameof(MergeExtrasRangeActivity), (_, r) =>
            {
                Interlocked.Increment(ref merged[r.Range]);
                Note("merge");
                return new RouteMergeResult(r.Range * 150, (r.Range * 150 + 99) / 100);
            });
            registry.AddActivityFunc<ActivityTableInput, int>(nameof(WriteActivityTableActivity), (_, t) => { table = t.ChunksPerRange; Note("finish"); return t.ChunksPerRange.Sum(); });
        }, TestEngine.Options());

        var plan = new MigrationPlan
        {
            RunId = "run-r", NetmeraConnection = "n", PipedriveConnection = "p",
            Options = new RunOptions { MaxParallelBatches = 3, TasksPerGeneration = 4 },
        };
        var id = await host.Client.ScheduleNewOrchestrationInstanceAsync(nameof(RouteExtrasOrchestrator), new RouteExtrasState(plan, personBatches));
        var done = await host.Client.WaitForInstanceCompletionAsync(id, getInputsAndOutputs: true, new CancellationTokenSource(TimeSpan.FromMinutes(2)).Token);

        Assert.Equal(OrchestrationRuntimeStatus.Completed, done.RuntimeStatus);
        Assert.All(indexed, v => Assert.Equal(1, v));
        Assert.All(routed, v => Assert.Equal(1, v));
        Assert.All(merged, v => Assert.Equal(1, v));
        Assert.Equal([0, 2, 3, 5, 6, 8], table);
        Assert.Equal(new RouteExtrasResult(24, units, 6), done.ReadOutputAs<RouteExtrasResult>());
        // Each pass starts only when the one before has finished.
        string[] passes = ["index", "plan", "route", "merge", "finish"];
        lock (order)
            Assert.Equal(order.OrderBy(s => Array.IndexOf(passes, s)), order);

        void Note(string step)
        {
            lock (order)
                order.Add(step);
        }
    }
}
