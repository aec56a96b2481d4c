using System.Text.Json;
using Migration.Domain.Mapping;
using Migration.Domain.Persons;
using Migration.Domain.Source;
using Migration.Domain.Tests.Mapping;

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

    private static FieldMap SandboxMap() =>
        FieldMapProposal.Propose(SourceItems.From(SandboxDefinitions.Definitions, SandboxDefinitions.Profiles()), SandboxDefinitions.Profiles(), new MappingOptions());

    [Fact]
    public void The_field_map_adds_custom_values_labels_and_device_and_survey_groups_to_the_person()
    {
        var user = SandboxDefinitions.Users[8];
        var outcome = PersonMapping.Map(user, SandboxMap());

        Assert.False(outcome.IsRejected);
        var person = outcome.Person!;
        Assert.Equal(PersonMapping.Map(user).Person! with { CustomValues = person.CustomValues, Labels = person.Labels, Owner = person.Owner }, person);
        MappedValue Value(string name) => Assert.Single(person.CustomValues, v => v.FieldName == name);
        Assert.Equal(100m, Value("Loyalty Points").Number);
        Assert.Equal(["Yes"], Value("Is Subscribed").Options);
        Assert.DoesNotContain(person.CustomValues, v => v.FieldName == "Favorite Categories"); // an empty list is no value
        Assert.Equal(new DateOnly(2023, 11, 22), Value("Signup Date").Date);
        Assert.Equal(["2"], Value("Gender").Options);
        Assert.Equal(["IOS", "ANDROID"], Value("Device: Platform").Options);
        Assert.Equal("iPhone 15, SM-G991B", Value("Device: Model").Text);
        Assert.Equal(["Moda", "Kitap"], Value("Survey: Ürün tercihleri: Hangi kategorileri seviyorsunuz?").Options);
        Assert.Equal(["Ayda bir"], Value("Survey: Ürün tercihleri: Ne sıklıkla alışveriş yapıyorsunuz?").Options);
        Assert.DoesNotContain(person.CustomValues, v => v.FieldName == "Netmera ID");
        Assert.Equal(user.Tags.Select(t => t == "vip" ? "VIP" : t).Distinct(), person.Labels);
        Assert.Empty(outcome.Dropped);
    }

    [Fact]
    public void Values_that_cannot_be_converted_are_dropped_with_a_reason_and_the_person_still_moves()
    {
        var user = User("nm-9", new { name = "A", email = "a@example.com", loyaltyPoints = "12,5", signupDate = "soon", isSubscribed = "maybe", city = "Ankara" });
        var outcome = PersonMapping.Map(user, SandboxMap());

        Assert.False(outcome.IsRejected);
        Assert.Equal(["profile:isSubscribed", "profile:loyaltyPoints", "profile:signupDate"], outcome.Dropped.Select(d => d.SourceId).Order(StringComparer.Ordinal));
        Assert.All(outcome.Dropped, d => Assert.False(string.IsNullOrWhiteSpace(d.Reason)));
        Assert.Equal("Ankara", Assert.Single(outcome.Person!.CustomValues).Text);
    }

    [Fact]
    public void The_field_map_version_rejects_exactly_like_the_built_in_map_and_sets_the_owner()
    {
        var map = SandboxMap();
        Assert.Equal(RejectReason.NoContact, PersonMapping.Map(User("nm-10", new { name = "Anon" }), map).RejectCode);
        Assert.Equal(RejectReason.InvalidEmail, PersonMapping.Map(User("nm-11", new { email = "x@" }), map).RejectCode);

        var withOwner = FieldMapProposal.Propose(
            SourceItems.From(new SourceDefinitions { Attributes = [new SourceAttributeDefinition("accountOwner", "Account Owner", "STRING", true, false)] }),
            new Dictionary<string, ValueProfile>(), new MappingOptions());
        var person = PersonMapping.Map(User("nm-12", new { email = "x@example.com", accountOwner = " sales@example.com " }), withOwner).Person!;
        Assert.Equal("sales@example.com", person.Owner);
        Assert.Empty(person.CustomValues);
    }
}
