using System.Text.Json;
using Migration.Domain.Mapping;
using Migration.Domain.Organizations;
using Migration.Domain.Persons;
using Migration.Domain.Source;

namespace Migration.Domain.Tests;

/// <summary>Which organization a user belongs to, and how organizations are named and found (docs/transforms.md, "Organizations").</summary>
public class OrganizationRuleTests
{
    private static readonly MappingLine CompanyLine = new(
        "profile:company", new SourceItem(SourceKinds.Profile, "company", "Company", "STRING", false),
        new FieldTarget(TargetEntities.Organization, TargetKinds.Standard, "name", null), Transforms.Truncate255, 0.8, "test", []);

    private static readonly FieldMap ByAttribute = new(1, [CompanyLine]);

    private static SourceUser User(string? company, string? email = "someone@example.com")
    {
        var profile = new Dictionary<string, JsonElement>();
        if (company is not null)
            profile["company"] = JsonSerializer.SerializeToElement(company);
        return new SourceUser { ExtId = "nm-1", Email = email, Profile = profile };
    }

    [Fact]
    public void The_mapped_attribute_beats_the_email_domain()
    {
        var map = ByAttribute with { OrganizationsFromEmailDomain = true };

        Assert.Equal(new OrganizationName("acme corporation", "Acme Corporation"), OrganizationRule.Of(User("  Acme   Corporation ", "jo@globex.com"), map));
        Assert.Equal(new OrganizationName("globex.com", "globex.com"), OrganizationRule.Of(User(null, " Jo@GLOBEX.com "), map));
        Assert.Equal(new OrganizationName("globex.com", "globex.com"), OrganizationRule.Of(User("   ", "jo@globex.com"), map));
    }

    [Fact]
    public void Without_the_option_an_email_domain_names_no_organization()
    {
        Assert.Null(OrganizationRule.Of(User(null, "jo@globex.com"), ByAttribute));
        Assert.Null(OrganizationRule.Of(User("Acme", "jo@globex.com"), new FieldMap(1, [])));
    }

    [Theory]
    [InlineData("jo@gmail.com")]
    [InlineData("jo@HOTMAIL.co.uk")]
    [InlineData("jo@mail.ru")]
    [InlineData("jo@web.de")]
    [InlineData("jo@example.com")]
    [InlineData("jo@example.com.tr")]
    [InlineData("jo@shop.example")]
    [InlineData("jo@mailer.test")]
    [InlineData("jo@sub.yahoo.com")]
    [InlineData("not-an-address")]
    public void Free_mail_reserved_and_invalid_addresses_name_no_organization(string email)
    {
        Assert.Null(OrganizationRule.Of(User(null, email), new FieldMap(1, []) { OrganizationsFromEmailDomain = true }));
    }

    [Fact]
    public void Case_and_space_variants_fold_to_one_organization_named_by_its_commonest_spelling()
    {
        var tallies = new OrganizationTallies();
        string[] typed = ["TÜRK TELEKOM", "Türk Telekom", "türk  telekom ", "Türk Telekom", "Türk\tTelekom", "Turkcell"];
        for (var i = 0; i < typed.Length; i++)
            tallies.Add(OrganizationRule.Named(typed[i])!, i);

        var organizations = tallies.Organizations();

        Assert.Equal(2, organizations.Count);
        Assert.Equal(new StagedOrganization("türk telekom", "Türk Telekom", 5), organizations[1]);
        Assert.Equal(6, tallies.Members);
    }

    [Fact]
    public void Equal_spellings_go_to_the_first_seen_and_long_names_are_cut_to_255()
    {
        Assert.Equal("ACME", OrganizationTallies.DisplayName([new("acme", 2, 9), new("ACME", 2, 3), new("Acme", 1, 0)]));

        var tallies = new OrganizationTallies();
        var longName = string.Concat(Enumerable.Repeat("Şirketler ", 40)).Trim();
        tallies.Add(OrganizationRule.Named(longName)!, 0);
        var organization = Assert.Single(tallies.Organizations());
        Assert.Equal(255, organization.Name.Length);
        Assert.InRange(organization.NetmeraId.Length, 1, 255);
        Assert.StartsWith(OrganizationRule.NetmeraIdPrefix, organization.NetmeraId, StringComparison.Ordinal);
        Assert.NotEqual(OrganizationRule.NetmeraId(longName.ToLowerInvariant()), OrganizationRule.NetmeraId(longName.ToLowerInvariant() + " x"));
    }

    [Fact]
    public void Merging_chunks_in_any_order_gives_the_same_organizations()
    {
        var a = new OrganizationTallies();
        a.Add(OrganizationRule.Named("Acme")!, 5);
        a.Add(OrganizationRule.Named("ACME")!, 1);
        var b = new OrganizationTallies();
        b.Add(OrganizationRule.Named("ACME")!, 2_000_000);
        b.Add(OrganizationRule.Named("Globex")!, 2_000_001);

        var forward = new OrganizationTallies();
        var backward = new OrganizationTallies();
        foreach (var t in a.Tallies().Concat(b.Tallies()))
            forward.Merge(t);
        foreach (var t in b.Tallies().Concat(a.Tallies()))
            backward.Merge(t);

        Assert.Equal(forward.Organizations(), backward.Organizations());
        Assert.Equal(new StagedOrganization("acme", "ACME", 3), forward.Organizations()[0]);
    }

    [Fact]
    public void The_index_finds_every_staged_key_in_its_batch()
    {
        var organizations = Enumerable.Range(0, 250).Select(i => new StagedOrganization($"org {i:D4}", $"Org {i}", 1)).ToList();

        var (index, batches) = OrganizationIndex.Split(organizations);

        Assert.Equal([100, 100, 50], batches.Select(b => b.Count));
        for (var b = 0; b < batches.Count; b++)
            Assert.All(batches[b], o => Assert.Equal(b, index.BatchOf(o.Key)));
        Assert.Equal(-1, index.BatchOf("a"));
        Assert.Equal(-1, OrganizationIndex.Empty.BatchOf("org 0001"));
    }

    [Fact]
    public void A_person_carries_its_organization_key_and_it_changes_the_payload_hash()
    {
        var user = User("Acme Corporation", "jo@example.com") with { Profile = new Dictionary<string, JsonElement>
        {
            ["name"] = JsonSerializer.SerializeToElement("Jo"),
            ["company"] = JsonSerializer.SerializeToElement("ACME  corporation"),
        } };

        var person = PersonMapping.Map(user, ByAttribute).Person!;

        Assert.Equal("acme corporation", person.Organization);
        Assert.NotEqual(person.PayloadHash(), (person with { Organization = null }).PayloadHash());
        Assert.Empty(person.CustomValues);
    }

    [Theory]
    [InlineData("company", "Company", true)]
    [InlineData("companyName", "Company name", true)]
    [InlineData("isveren", "Employer", true)]
    [InlineData("sirket", "Şirket", true)]
    [InlineData("emailConfirmed", "Email confirmed", false)]
    [InlineData("city", "City", false)]
    public void The_proposal_sends_company_like_text_attributes_to_the_organization_name(string code, string name, bool expected)
    {
        var item = new SourceItem(SourceKinds.Profile, code, name, "STRING", false);

        var line = FieldMapProposal.Propose([item], new Dictionary<string, ValueProfile>(), new MappingOptions()).Lines.Single();

        Assert.Equal(expected, OrganizationRule.IsOrganizationName(line));
        if (expected)
            Assert.Contains("organization", line.Reason, StringComparison.Ordinal);
    }
}
