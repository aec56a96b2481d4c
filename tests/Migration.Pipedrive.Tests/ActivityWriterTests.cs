using Microsoft.Extensions.Logging.Abstractions;
using Migration.Domain.Ledger;
using Migration.Domain.Reconciliation;
using Migration.Sandbox;

namespace Migration.Pipedrive.Tests;

/// <summary>Activities written exactly once (DESIGN §4.1), checked by what the Pipedrive simulator ends up holding.</summary>
public sealed class ActivityWriterTests
{
    private static readonly LedgerBatch Batch = new("run-a", "activity", "000000");
    private static readonly CancellationToken None = CancellationToken.None;

    private static ActivityWriter Writer(PipedriveAccount account, IIdLedger ledger) => new(account.Client, ledger, NullLogger<ActivityWriter>.Instance);

    /// <summary>An activity type and a person to hang activities on, as the schema step and the persons load leave them.</summary>
    private static async Task<(string TypeKey, long PersonId)> Setup(PipedriveAccount account)
    {
        var type = await account.Client.CreateActivityTypeAsync(new NewActivityType("Purchase", "signpost"), None);
        var person = await account.Client.CreatePersonAsync(new PersonWrite { Name = "Ayşe" }, None);
        return (type.KeyString!, person.Id);
    }

    private static List<ActivityDraft> Drafts(string typeKey, long personId, int count) =>
        [.. Enumerable.Range(0, count).Select(i =>
        {
            var at = new DateTimeOffset(2025, 3, 1 + i % 28, 9 + i % 12, i % 60, 42, TimeSpan.Zero);
            return new ActivityDraft($"nm-1|Purchase|{at.UtcDateTime:O}|0", typeKey, "Purchase", DateOnly.FromDateTime(at.UtcDateTime), TimeOnly.FromDateTime(at.UtcDateTime), personId)
            {
                Note = $"<p>revenue: {i},90 &lt;TRY&gt;</p>",
            };
        })];

    private static async Task<List<Activity>> AllActivities(PipedriveClient client)
    {
        var activities = new List<Activity>();
        await foreach (var activity in client.GetActivitiesAsync(None))
            activities.Add(activity);
        return activities;
    }

    [Fact]
    public async Task A_batch_written_twice_creates_each_activity_once_at_its_original_time()
    {
        await using var account = await PipedriveAccount.StartAsync();
        var (typeKey, personId) = await Setup(account);
        var ledger = new MemoryLedger();
        var drafts = Drafts(typeKey, personId, 12);

        var first = await Writer(account, ledger).WriteAsync(Batch, drafts, None);
        var second = await Writer(account, ledger).WriteAsync(Batch, drafts, None);

        Assert.Equal(new PhaseCounts(12, 12, 0, 0, 0), first.Counts);
        Assert.Equal(first.Counts, second.Counts);
        var activities = await AllActivities(account.Client);
        Assert.Equal(12, activities.Count);
        var third = activities.Single(a => System.Net.WebUtility.HtmlDecode(a.Note!).Contains(ActivityWriter.Marker(drafts[3].SourceId), StringComparison.Ordinal));
        Assert.Equal(("2025-03-04", "12:03:00"), (third.DueDate, third.DueTime)); // 12:03:42 UTC, kept to the minute
        Assert.Equal((typeKey, "Purchase", true, personId), (third.Type, third.Subject, third.Done, third.PersonId));
        Assert.Contains("revenue: 3,90 &lt;TRY&gt;", third.Note, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_open_intent_whose_post_was_committed_is_resolved_by_its_marker_not_created_again()
    {
        await using var account = await PipedriveAccount.StartAsync();
        var (typeKey, personId) = await Setup(account);
        var ledger = new MemoryLedger();
        var drafts = Drafts(typeKey, personId, 4);

        // The process died after Pipedrive committed the third activity and before the ledger heard of it.
        await ledger.RecordIntentsAsync(Batch, [.. drafts.Select(d => LedgerEntry.Intent(d.SourceId, d.PayloadHash()))], None);
        var committed = await account.Client.CreateActivityAsync(ActivityWriter.ToWrite(drafts[2]), None);
        // Another activity of the same person, not ours: only the marker counts.
        await account.Client.CreateActivityAsync(new ActivityWrite { Subject = "Call", Type = typeKey, Participants = [new ActivityParticipant(personId, true)] }, None);

        var result = await Writer(account, ledger).WriteAsync(Batch, drafts, None);

        Assert.Equal(new PhaseCounts(4, 4, 0, 0, 0), result.Counts);
        Assert.Equal(5, (await AllActivities(account.Client)).Count);
        Assert.Equal(committed.Id, (await ledger.ReadBatchAsync(Batch, None))[drafts[2].SourceId].TargetId);
    }

    [Fact]
    public async Task Posts_committed_then_lost_on_the_way_back_leave_one_activity_each()
    {
        await using var account = await PipedriveAccount.StartAsync(simulator: o => o with
        {
            Faults = new PipedriveFaults { CommitThenFailShare = 0.4, Seed = 3 },
        });
        (string TypeKey, long PersonId)? setup = null;
        for (var attempt = 0; setup is null; attempt++)
        {
            try
            {
                setup = await Setup(account);
            }
            catch (PipedriveTransientException) when (attempt < 20)
            {
                // A lost answer during setup: the test's own writes are not under test here.
            }
        }
        var persons = new List<Person>();
        await foreach (var p in account.Client.GetPersonsAsync(None))
            persons.Add(p);
        var types = (await account.Client.GetActivityTypesAsync(None)).Where(t => t.Name == "Purchase").ToList();
        var drafts = Drafts(types[0].KeyString!, persons[0].Id, 20);
        var ledger = new MemoryLedger();

        ActivityBatchResult? result = null;
        for (var run = 0; result is null || result.Counts.Created < 20; run++)
        {
            Assert.True(run < 10, "the batch should finish within a few reruns");
            try
            {
                result = await Writer(account, ledger).WriteAsync(Batch, drafts, None);
            }
            catch (PipedriveTransientException)
            {
                // Three lost answers in a row for one activity: the batch runs again, as the orchestrator would.
            }
        }

        Assert.Equal(new PhaseCounts(20, 20, 0, 0, 0), result.Counts);
        var markers = (await AllActivities(account.Client)).Where(a => a.Note is not null).Select(a => System.Net.WebUtility.HtmlDecode(a.Note!)).ToList();
        Assert.All(drafts, d => Assert.Single(markers, m => m.Contains(ActivityWriter.Marker(d.SourceId), StringComparison.Ordinal)));
    }

    [Fact]
    public async Task Pipedrive_refusing_an_activity_is_a_reject_with_its_message()
    {
        await using var account = await PipedriveAccount.StartAsync();
        var (typeKey, personId) = await Setup(account);
        var drafts = Drafts(typeKey, personId, 3);
        drafts[1] = drafts[1] with { TypeKey = "no_such_type" };

        var result = await Writer(account, new MemoryLedger()).WriteAsync(Batch, drafts, None);

        Assert.Equal(new PhaseCounts(3, 2, 0, 0, 1), result.Counts);
        var refused = Assert.Single(result.Rejected);
        Assert.Equal(drafts[1].SourceId, refused.SourceId);
        Assert.Contains("type", refused.ReasonDetail, StringComparison.Ordinal);
        Assert.Equal(2, (await AllActivities(account.Client)).Count);
    }
}
