using Azure;
using Migration.Domain.Dedupe;
using Migration.Tests.Shared;

namespace Migration.Storage.Tests;

/// <summary>The dedupe index on Azurite: sorted runs in Blob found through their filters, merged like a binary counter.</summary>
public sealed class DedupeIndexTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    private const string Run = "run-d";

    private async Task<DedupeIndex> Index()
    {
        azurite.SkipIfUnavailable();
        var storage = new MigrationStorage(new StorageOptions { ConnectionString = azurite.ConnectionString, TaskHub = "T" + Guid.NewGuid().ToString("N")[..12] });
        await storage.EnsureCreatedAsync(CancellationToken.None);
        return new DedupeIndex(storage);
    }

    private static string Hash(int i) => Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(BitConverter.GetBytes(i)));

    /// <summary>Keys <paramref name="from"/>.. owned by <c>nm-{i}</c> in batch <paramref name="batch"/>.</summary>
    private static Dictionary<string, DedupeOwner> Claims(int from, int count, int batch) =>
        Enumerable.Range(from, count).ToDictionary(Hash, i => new DedupeOwner($"nm-{i}", batch));

    /// <summary>A page's lookup of its keys, then its claims, as the stager does them.</summary>
    private static async Task Claim(DedupeIndex index, IReadOnlyDictionary<string, DedupeOwner> claims)
    {
        var view = await index.OpenAsync(Run, CancellationToken.None);
        await view.OwnersAsync(claims.Keys.ToList(), CancellationToken.None);
        await view.ClaimAsync(claims, CancellationToken.None);
    }

    [SkippableFact]
    public async Task Keys_claimed_by_earlier_pages_are_found_with_their_owners_and_runs_merge_like_a_binary_counter()
    {
        var index = await Index();
        Assert.Empty(await (await index.OpenAsync(Run, CancellationToken.None)).OwnersAsync([Hash(1)], CancellationToken.None));

        // Pages of 2,000 keys: runs span many blocks, and a merge streams more than one read buffer.
        var runs = new List<int>();
        for (var page = 0; page < 5; page++)
        {
            await Claim(index, Claims(page * 2_000, 2_000, page));
            runs.Add((await index.OpenAsync(Run, CancellationToken.None)).Runs);
        }
        Assert.Equal([1, 1, 2, 1, 2], runs);

        var view = await index.OpenAsync(Run, CancellationToken.None);
        var owners = await view.OwnersAsync([Hash(5), Hash(8_765), Hash(9_999), Hash(10_000), Hash(-1)], CancellationToken.None);
        Assert.Equal(new DedupeOwner("nm-5", 0), owners[Hash(5)]);
        Assert.Equal(new DedupeOwner("nm-8765", 4), owners[Hash(8_765)]);
        Assert.Equal(new DedupeOwner("nm-9999", 4), owners[Hash(9_999)]);
        Assert.Equal(3, owners.Count);

        var all = await view.OwnersAsync(Enumerable.Range(0, 10_000).Select(Hash).ToList(), CancellationToken.None);
        Assert.Equal(10_000, all.Count);
        Assert.All(Enumerable.Range(0, 10_000), i => Assert.Equal(new DedupeOwner($"nm-{i}", i / 2_000), all[Hash(i)]));
    }

    [SkippableFact]
    public async Task A_page_claimed_again_writes_nothing_a_key_claimed_again_has_its_latest_owner_and_a_second_writer_is_refused()
    {
        var index = await Index();
        var page = new Dictionary<string, DedupeOwner> { [Hash(1)] = new("a", 0), [Hash(2)] = new("b", 0) };
        await Claim(index, page);

        // The same page again (a retry after a crash past the claim) finds its claims and writes nothing.
        await Claim(index, page);
        var again = await index.OpenAsync(Run, CancellationToken.None);
        Assert.Equal((1, 2L), (again.Runs, again.Keys));

        // Staged again with other survivors (Netmera changed in between), a key takes the owner its batch now holds.
        await Claim(index, new Dictionary<string, DedupeOwner> { [Hash(1)] = new("a", 1), [Hash(3)] = new("c", 1) });
        var owners = await (await index.OpenAsync(Run, CancellationToken.None)).OwnersAsync([Hash(1), Hash(2), Hash(3)], CancellationToken.None);
        Assert.Equal(new DedupeOwner("a", 1), owners[Hash(1)]);
        Assert.Equal(new DedupeOwner("b", 0), owners[Hash(2)]);
        Assert.Equal(new DedupeOwner("c", 1), owners[Hash(3)]);

        // Two executions of one page (a message redelivered while its activity still runs): the one that
        // claims second worked from what it read before the first claimed, and fails instead of writing over it.
        var second = await index.OpenAsync(Run, CancellationToken.None);
        await Claim(index, new Dictionary<string, DedupeOwner> { [Hash(4)] = new("d", 2) });
        var refused = await Assert.ThrowsAsync<RequestFailedException>(() =>
            second.ClaimAsync(new Dictionary<string, DedupeOwner> { [Hash(4)] = new("d", 2) }, CancellationToken.None));
        Assert.Equal(412, refused.Status);
    }

    [SkippableFact]
    public async Task Merges_are_filed_by_survivor_batch()
    {
        var index = await Index();
        await index.RecordMergesAsync(Run, [new("nm-dup", "nm-5", 0, DedupeRule.Email)], CancellationToken.None);
        Assert.Equal("nm-5", Assert.Single(await index.MergesIntoBatchAsync(Run, 0, CancellationToken.None)).Survivor);
        Assert.Empty(await index.MergesIntoBatchAsync(Run, 1, CancellationToken.None));
    }
}
