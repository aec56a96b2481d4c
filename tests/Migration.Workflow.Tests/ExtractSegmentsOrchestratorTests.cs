using Microsoft.DurableTask.Client;
using Microsoft.DurableTask.Testing;
using Migration.Domain.Runs;
using Migration.Workflow.Activities;
using Migration.Workflow.Models;
using Migration.Workflow.Orchestrators;

namespace Migration.Workflow.Tests;

/// <summary>
/// The extract-segments step on the in-memory engine with stand-in activities: every moved segment is paged
/// to its last page, a quota refusal reads the same page again, an unlistable segment does not count as
/// moved, and ContinueAsNew generations lose nothing.
/// </summary>
public class ExtractSegmentsOrchestratorTests
{
    [Fact]
    public async Task Every_segment_is_paged_to_its_end_across_generations_and_only_readable_ones_move()
    {
        // Segment 10: three pages; 20: refused once for quota, then one page; 30: Netmera will not list it.
        var pages = new Dictionary<long, int> { [10] = 3, [20] = 1 };
        var calls = new List<SegmentPageInput>();
        ListSegmentsInput? listing = null;
        var quotaRefused = false;

        await using var host = await DurableTaskTestHost.StartAsync(registry =>
        {
            registry.AddOrchestrator<ExtractSegmentsOrchestrator>();
            registry.AddActivityFunc<ListSegmentsInput, SegmentsListed>(nameof(ListSegmentsActivity), (_, input) =>
            {
                listing = input;
                return new SegmentsListed(5, [10, 20, 30]);
            });
            registry.AddActivityFunc<SegmentPageInput, SegmentPageResult>(nameof(ExtractSegmentMembersPageActivity), (_, input) =>
            {
                lock (calls)
                    calls.Add(input);
                if (input.SegmentId == 30)
                    return new SegmentPageResult(0, 0, 0, null) { Unreadable = true };
                if (input.SegmentId == 20 && !quotaRefused)
                {
                    quotaRefused = true;
                    return new SegmentPageResult(0, 0, 0, input.NextPage) { PausedUntil = DateTimeOffset.UtcNow.AddMilliseconds(200) };
                }
                var next = input.PageNumber + 1 < pages[input.SegmentId] ? $"s{input.SegmentId}-p{input.PageNumber + 1}" : null;
                return new SegmentPageResult(100, 99, 1, next);
            });
        }, TestEngine.Options());

        var plan = new MigrationPlan
        {
            RunId = "run-seg",
            NetmeraConnection = "n",
            SegmentId = 1,
            PipedriveConnection = "p",
            Options = new RunOptions { TasksPerGeneration = 2, Segments = SegmentSelection.Only([10, 20, 30]) },
        };
        var id = await host.Client.ScheduleNewOrchestrationInstanceAsync(nameof(ExtractSegmentsOrchestrator), new ExtractSegmentsState(plan));
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var done = await host.Client.WaitForInstanceCompletionAsync(id, getInputsAndOutputs: true, timeout.Token);

        Assert.Equal(OrchestrationRuntimeStatus.Completed, done.RuntimeStatus);
        var result = done.ReadOutputAs<ExtractSegmentsResult>()!;
        Assert.Equal((5, 2, 4 * 99L, 1), (result.Listed, result.Moved, result.Members, result.FilterBatchCount));
        Assert.True(result.Counts.Balances);

        // The full population and the selection reach the listing; pages follow nextPage and carry the counts so far.
        Assert.Equal((1L, SegmentSelection.Only([10, 20, 30])), (listing!.FullPopulationSegmentId, listing.Selection));
        var expected = new List<(long, int, string?, long)>
        {
            (10, 0, null, 0), (10, 1, "s10-p1", 99), (10, 2, "s10-p2", 198), (20, 0, null, 0), (20, 0, null, 0), (30, 0, null, 0),
        };
        Assert.Equal(expected, calls.Select(c => (c.SegmentId, c.PageNumber, c.NextPage, c.MembersSoFar)).ToList());
    }
}
