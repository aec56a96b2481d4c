using System.Text.Json;
using Migration.Domain.Persons;
using Migration.Domain.Source;

namespace Migration.Domain.Tests;

public class PersonMappingTests
{
    private static SourceUser User(string extId, object profile, string? email = null, string? msisdn = null) => new()
    {
        ExtId = extId,
        Email = email,
        Msisdn = msisdn,
        Profile = JsonSerializer.SerializeToElement(profile).EnumerateObject().ToDictionary(p => p.Name, p => p.Value.Clone()),
    };

    [Fact]
    public void A_complete_user_becomes_a_person_with_name_email_phone_and_netmera_id()
    {
        var outcome = PersonMapping.Map(User("nm-1", new { name = "Ayşe", surname = "Yılmaz", email = " Ayse.Yilmaz@Example.COM " }, msisdn: "905312345678"));

        Assert.False(outcome.IsRejected);
        Assert.Equal(new PersonDraft("nm-1", "Ayşe Yılmaz", "ayse.yilmaz@example.com", "+905312345678"), outcome.Person);
    }

    [Fact]
    public void The_profile_email_wins_over_the_segment_listing_email()
    {
        var outcome = PersonMapping.Map(User("nm-2", new { name = "A", email = "profile@example.com" }, email: "listing@example.com"));
        Assert.Equal("profile@example.com", outcome.Person!.Email);
    }

    [Theory]
    [InlineData("john@")]
    [InlineData("a b@x.com")]
    [InlineData("no-at-sign.example.com")]
    [InlineData("two@@example.com")]
    [InlineData("x@localhost")]
    public void An_invalid_email_rejects_the_user_with_a_reason(string email)
    {
        var outcome = PersonMapping.Map(User("nm-3", new { name = "A", email }, msisdn: "905312345678"));

        Assert.True(outcome.IsRejected);
        Assert.Equal(RejectReason.InvalidEmail, outcome.RejectCode);
        Assert.False(string.IsNullOrWhiteSpace(outcome.RejectDetail));
    }

    [Fact]
    public void A_user_with_neither_email_nor_phone_is_rejected_as_unreachable()
    {
        var outcome = PersonMapping.Map(User("nm-4", new { name = "Anon" }));
        Assert.Equal(RejectReason.NoContact, outcome.RejectCode);
    }

    [Fact]
    public void A_nameless_user_is_named_after_the_email_then_the_phone()
    {
        Assert.Equal("x@example.com", PersonMapping.Map(User("nm-5", new { email = "x@example.com" })).Person!.Name);
        Assert.Equal("+905312345678", PersonMapping.Map(User("nm-6", new { }, msisdn: "905312345678")).Person!.Name);
    }

    [Fact]
    public void An_over_long_name_is_cut_to_255_characters_without_splitting_a_character()
    {
        // 200 ASCII letters then emoji (surrogate pairs): a naive cut at 255 would split one.
        var longName = new string('a', 200) + string.Concat(Enumerable.Repeat("😀", 60));
        var person = PersonMapping.Map(User("nm-7", new { name = longName, email = "x@example.com" })).Person!;

        Assert.True(person.Name.Length <= PersonMapping.MaxNameLength);
        Assert.False(char.IsHighSurrogate(person.Name[^1]));
        Assert.StartsWith(new string('a', 200), person.Name, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("+90 (531) 234-5678", "+905312345678")]
    [InlineData("905312345678", "+905312345678")]
    [InlineData("12", null)]
    [InlineData("   ", null)]
    public void Phones_keep_their_digits_with_a_leading_plus(string raw, string? expected) =>
        Assert.Equal(expected, PersonMapping.NormalisePhone(raw));

    [Fact]
    public void Numbers_stored_as_numbers_are_read_as_text()
    {
        var outcome = PersonMapping.Map(User("nm-8", new { name = 42, email = "x@example.com" }));
        Assert.Equal("42", outcome.Person!.Name);
    }

    [Fact]
    public void The_payload_hash_changes_when_a_mapped_value_changes_and_only_then()
    {
        var a = new PersonDraft("nm-1", "A", "a@example.com", null);
        Assert.Equal(a.PayloadHash(), (a with { }).PayloadHash());
        Assert.NotEqual(a.PayloadHash(), (a with { Email = "b@example.com" }).PayloadHash());
        Assert.Equal(64, a.PayloadHash().Length);
    }
}
