using Azure.Data.Tables;
using Microsoft.Extensions.Logging.Abstractions;
using Migration.Tests.Shared;

namespace Migration.Storage.Tests;

/// <summary>Batch leases on Azurite: one writer per batch at a time, a dead holder's lease lapses, a lost lease stops its holder.</summary>
public sealed class BatchLeaseTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    private const string Run = "run-l";
    private static readonly CancellationToken None = CancellationToken.None;

    private async Task<(MigrationStorage Storage, BatchLeaseStore Leases)> Leases(TimeSpan term)
    {
        azurite.SkipIfUnavailable();
        var storage = new MigrationStorage(new StorageOptions { ConnectionString = azurite.ConnectionString, TaskHub = "L" + Guid.NewGuid().ToString("N")[..12] });
        await storage.EnsureCreatedAsync(None);
        return (storage, new BatchLeaseStore(storage, TimeProvider.System, NullLogger<BatchLeaseStore>.Instance)
        {
            Term = term,
            PollInterval = TimeSpan.FromMilliseconds(100),
        });
    }

    [SkippableFact]
    public async Task A_second_delivery_of_a_batch_writes_only_after_the_first_lets_go()
    {
        var (_, leases) = await Leases(TimeSpan.FromSeconds(3));
        var writing = 0;
        var overlapped = false;
        var order = new List<string>();

        async Task Deliver(string name)
        {
            await using var lease = await leases.AcquireAsync(Run, "load-persons|0|000007", None);
            overlapped |= Interlocked.Increment(ref writing) > 1;
            lock (order)
                order.Add(name + " starts");
            // Longer than the lease's term: the holder must keep it renewed or the other delivery would take it.
            await Task.Delay(TimeSpan.FromSeconds(4), lease.Token);
            lock (order)
                order.Add(name + " ends");
            Interlocked.Decrement(ref writing);
        }

        await Task.WhenAll(Deliver("a"), Deliver("b"));

        Assert.False(overlapped);
        Assert.Equal(4, order.Count);
        Assert.EndsWith("starts", order[0]);
        Assert.Equal(order[0].Replace("starts", "ends"), order[1]);
    }

    [SkippableFact]
    public async Task Other_batches_are_not_held_up_and_a_let_go_batch_is_taken_at_once()
    {
        var (_, leases) = await Leases(TimeSpan.FromSeconds(30));
        await using (await leases.AcquireAsync(Run, "load-persons|0|000001", None))
        {
            using var quick = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            await using var other = await leases.AcquireAsync(Run, "load-persons|0|000002", quick.Token);
            await using var sameBatchOtherPhase = await leases.AcquireAsync(Run, "load-activities|0|000001", quick.Token);
        }
        using var again = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        await using var retaken = await leases.AcquireAsync(Run, "load-persons|0|000001", again.Token);
        Assert.False(retaken.Token.IsCancellationRequested);
    }

    [SkippableFact]
    public async Task The_lease_of_a_holder_that_died_lapses_and_is_taken_over()
    {
        var (storage, leases) = await Leases(TimeSpan.FromSeconds(2));
        // What a killed host leaves: its row, never renewed again, never deleted.
        await storage.BatchLeases.AddEntityAsync(new TableEntity(Run, "load-persons|0|000003")
        {
            ["Holder"] = "dead",
            ["ExpiresAt"] = DateTimeOffset.UtcNow.AddSeconds(2),
        });

        var waited = System.Diagnostics.Stopwatch.StartNew();
        using var bounded = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        await using var lease = await leases.AcquireAsync(Run, "load-persons|0|000003", bounded.Token);

        Assert.InRange(waited.Elapsed, TimeSpan.FromSeconds(1.5), TimeSpan.FromSeconds(15));
        var row = (await storage.BatchLeases.GetEntityAsync<TableEntity>(Run, "load-persons|0|000003")).Value;
        Assert.NotEqual("dead", row.GetString("Holder"));
    }

    [SkippableFact]
    public async Task A_holder_whose_lease_was_taken_over_is_told_to_stop()
    {
        var (storage, leases) = await Leases(TimeSpan.FromSeconds(1.5));
        await using var lease = await leases.AcquireAsync(Run, "load-persons|0|000004", None);

        // Another delivery took the row over (as after a stall longer than the term).
        var row = (await storage.BatchLeases.GetEntityAsync<TableEntity>(Run, "load-persons|0|000004")).Value;
        row["Holder"] = "someone-else";
        row["ExpiresAt"] = DateTimeOffset.UtcNow.AddMinutes(5);
        await storage.BatchLeases.UpdateEntityAsync(row, row.ETag, TableUpdateMode.Replace);

        var stopped = new TaskCompletionSource();
        await using var registration = lease.Token.Register(() => stopped.TrySetResult());
        Assert.Same(stopped.Task, await Task.WhenAny(stopped.Task, Task.Delay(TimeSpan.FromSeconds(10))));

        // Letting go of a lost lease leaves the new holder's row alone.
        await lease.DisposeAsync();
        Assert.Equal("someone-else", (await storage.BatchLeases.GetEntityAsync<TableEntity>(Run, "load-persons|0|000004")).Value.GetString("Holder"));
    }
}
