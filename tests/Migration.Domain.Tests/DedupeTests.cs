using System.Text.Json;
using Migration.Domain.Dedupe;
using Migration.Domain.Source;

namespace Migration.Domain.Tests;

public class DedupeTests
{
    private static SourceUser User(string id, string? email = null, params string[] tokens) => new()
    {
        ExtId = id,
        Email = email,
        Profile = new Dictionary<string, JsonElement>(),
        Devices = tokens.Select(t => new SourceDevice { Token = t }).ToList(),
    };

    [Fact]
    public void Users_sharing_an_email_in_any_case_or_spacing_become_one_person_keeping_both_ids()
    {
        var result = PageDedupe.Resolve([User("a", "Ann@Example.com"), User("b", "  ann@example.COM ")], new Dictionary<string, DedupeOwner>(), 0, 100);

        var survivor = Assert.Single(result.Survivors);
        Assert.Equal("a", survivor.ExtId);
        Assert.Equal(["a", "b"], survivor.MergedExtIds);
        Assert.Equal(new MergedUser("b", "a", 0, DedupeRule.Email), Assert.Single(result.Merges));
    }

    [Fact]
    public void A_chain_of_shared_keys_ends_in_one_person()
    {
        // a and b share a device; b and c share an email: all three are one person.
        var result = PageDedupe.Resolve(
            [User("a", "a@example.com", "tok-1"), User("b", "b@example.com", "tok-1"), User("c", "b@example.com")],
            new Dictionary<string, DedupeOwner>(), 0, 100);

        Assert.Equal(["a", "b", "c"], Assert.Single(result.Survivors).MergedExtIds);
        Assert.Equal([DedupeRule.Device, DedupeRule.Email], result.Merges.Select(m => m.Rule));
    }

    [Fact]
    public void A_user_matching_a_survivor_of_an_earlier_page_is_merged_into_that_batch()
    {
        var earlier = PageDedupe.Resolve([User("a", "a@example.com")], new Dictionary<string, DedupeOwner>(), 3, 100);
        var result = PageDedupe.Resolve([User("z", "A@example.com"), User("y", "y@example.com")], earlier.Claims, 4, 100);

        Assert.Equal(["y"], result.Survivors.Select(s => s.ExtId));
        Assert.Equal(new MergedUser("z", "a", 3, DedupeRule.Email), Assert.Single(result.Merges));
    }

    [Fact]
    public void Running_a_page_again_over_its_own_claims_gives_the_same_survivors()
    {
        SourceUser[] page = [User("a", "a@example.com", "t1"), User("b", "b@example.com"), User("c", "A@example.com")];
        var first = PageDedupe.Resolve(page, new Dictionary<string, DedupeOwner>(), 0, 100);
        var again = PageDedupe.Resolve(page, first.Claims, 0, 100);

        Assert.Equal(first.Survivors.Select(s => (s.ExtId, string.Join(",", s.MergedExtIds))), again.Survivors.Select(s => (s.ExtId, string.Join(",", s.MergedExtIds))));
        Assert.Equal(first.Merges, again.Merges);
    }

    [Fact]
    public void The_same_user_from_another_page_or_source_is_merged_by_its_external_id()
    {
        var earlier = PageDedupe.Resolve([User("a")], new Dictionary<string, DedupeOwner>(), 0, 100);
        var result = PageDedupe.Resolve([User("a"), User("b")], earlier.Claims, 1, 100);

        Assert.Equal(["b"], result.Survivors.Select(s => s.ExtId));
        Assert.Equal(new MergedUser("a", "a", 0, DedupeRule.ExternalId), Assert.Single(result.Merges));
    }

    [Fact]
    public void Users_without_email_or_device_are_never_merged_and_invalid_emails_are_no_key()
    {
        var result = PageDedupe.Resolve([User("a"), User("b"), User("c", "not-an-email"), User("d", "not-an-email")], new Dictionary<string, DedupeOwner>(), 0, 100);
        Assert.Equal(4, result.Survivors.Count);
        Assert.Empty(result.Merges);
    }

    [Fact]
    public void Survivors_are_assigned_the_batches_they_will_be_staged_in()
    {
        var users = Enumerable.Range(0, 250).Select(i => User($"u{i}", $"u{i}@example.com")).ToList();
        var result = PageDedupe.Resolve(users, new Dictionary<string, DedupeOwner>(), 10, 100);
        var batches = result.Claims.Values.Distinct().GroupBy(o => o.Batch).ToDictionary(g => g.Key, g => g.Count());
        Assert.Equal(new Dictionary<int, int> { [10] = 100, [11] = 100, [12] = 50 }, batches);
    }

    [Fact]
    public void Keys_are_hashes_never_the_values()
    {
        var keys = DedupeKeys.Of(User("a", "ann@example.com", "push-token-123"));
        Assert.All(keys, k =>
        {
            Assert.Equal(64, k.Hash.Length);
            Assert.DoesNotContain("ann", k.Hash, StringComparison.Ordinal);
        });
    }
}

public class KeyFilterTests
{
    private static string Key(int i) => Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(BitConverter.GetBytes(i)));

    [Fact]
    public void Every_added_key_is_found_and_about_one_percent_of_new_keys_are_false_positives()
    {
        var filter = KeyFilter.For(20_000);
        for (var i = 0; i < 20_000; i++)
            filter.Add(Key(i));

        Assert.All(Enumerable.Range(0, 20_000), i => Assert.True(filter.MightContain(Key(i))));
        var falsePositives = Enumerable.Range(1_000_000, 20_000).Count(i => filter.MightContain(Key(i)));
        Assert.InRange(falsePositives, 0, 20_000 * 2 / 100);
    }

    [Fact]
    public void A_saved_filter_reads_back_the_same()
    {
        var filter = KeyFilter.For(1_000);
        filter.Add(Key(7));
        var copy = KeyFilter.FromBytes(filter.ToBytes());
        Assert.True(copy.MightContain(Key(7)));
        Assert.False(copy.MightContain(Key(8)));
        Assert.Equal(filter.Bits, copy.Bits);
    }
}

public class KeyRunTests
{
    private static byte[] Key(int i) => System.Security.Cryptography.SHA256.HashData(BitConverter.GetBytes(i));

    private static (byte[] Entries, KeyRunIndex Index, List<byte[]> Keys) Run(int count)
    {
        var keys = Enumerable.Range(0, count).Select(Key).OrderBy(k => k, Comparer<byte[]>.Create((x, y) => x.AsSpan().SequenceCompareTo(y))).ToList();
        var output = new System.Buffers.ArrayBufferWriter<byte>();
        var writer = new KeyRunWriter(output, count);
        for (var i = 0; i < keys.Count; i++)
            writer.Add(keys[i], new DedupeOwner($"nm-{i}-ünï", i / 100));
        Assert.Equal(count, writer.Count);
        Assert.Equal(output.WrittenCount, writer.Length);
        return (output.WrittenSpan.ToArray(), KeyRunIndex.Parse(writer.Index()), keys);
    }

    [Fact]
    public void A_key_is_found_in_the_block_its_index_names_with_its_owner()
    {
        var (entries, index, keys) = Run(1_000);
        Assert.Equal(1_000, index.Count);
        Assert.Equal(entries.Length, index.Length);

        foreach (var at in new[] { 0, 127, 128, 500, 999 })
        {
            var block = index.BlockOf(keys[at]);
            Assert.Equal(at / KeyRunWriter.EntriesPerBlock, block);
            var (offset, length) = index.Blocks(block, block);
            var found = KeyRunFormat.ReadAll(entries.AsSpan((int)offset, (int)length)).Single(e => e.Key.AsSpan().SequenceEqual(keys[at]));
            Assert.Equal(new DedupeOwner($"nm-{at}-ünï", at / 100), found.Owner);
            Assert.True(index.Filter.MightContain(keys[at]));
        }
        Assert.Equal(1_000, KeyRunFormat.ReadAll(entries).Count);
        Assert.Equal(-1, index.BlockOf(new byte[KeyRunFormat.KeyLength]));
    }

    [Fact]
    public void A_run_filter_lets_few_absent_keys_through()
    {
        var (_, index, _) = Run(20_000);
        var falsePositives = Enumerable.Range(1_000_000, 20_000).Count(i => index.Filter.MightContain(Key(i)));
        Assert.InRange(falsePositives, 0, 20_000 * 3 / 1_000);
    }

    [Fact]
    public void Keys_out_of_order_or_twice_are_refused_and_a_cut_entry_is_not_read()
    {
        var writer = new KeyRunWriter(new System.Buffers.ArrayBufferWriter<byte>(), 10);
        var (low, high) = Key(1).AsSpan().SequenceCompareTo(Key(2)) < 0 ? (Key(1), Key(2)) : (Key(2), Key(1));
        writer.Add(high, new DedupeOwner("a", 0));
        Assert.Throws<InvalidOperationException>(() => writer.Add(high, new DedupeOwner("a", 0)));
        Assert.Throws<InvalidOperationException>(() => writer.Add(low, new DedupeOwner("b", 0)));

        var (entries, _, _) = Run(3);
        Assert.False(KeyRunFormat.TryRead(entries.AsSpan(0, 40), out _, out _));
        Assert.Throws<InvalidDataException>(() => KeyRunFormat.ReadAll(entries.AsSpan(0, entries.Length - 1)));
    }
}
