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
        var batches = result.Claims.Values.GroupBy(o => o.Batch).ToDictionary(g => g.Key, g => g.Count());
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
