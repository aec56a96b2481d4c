using System.Net;
using System.Text.Json;

namespace Migration.Sandbox.Tests.Pipedrive;

public sealed class OrganizationTests : PipedriveSession
{
    [Fact]
    public async Task An_organization_keeps_what_was_sent_and_fills_unset_address_parts_with_null()
    {
        var labels = (await Fetched("/api/v2/organizationFields/label_ids")).GetProperty("options");
        var industry = (await Fetched("/api/v2/organizationFields/industry")).GetProperty("options")[1].GetProperty("id").GetInt32();
        var owner = (await Fetched("/api/v1/users")).EnumerateArray().Select(Id).First(id => id != 1);
        var tier = (await CustomField("organizationFields", "Tier", "enum", "Gold", "Silver")).GetProperty("field_code").GetString()!;
        var gold = (await Fetched($"/api/v2/organizationFields/{tier}")).GetProperty("options")[0].GetProperty("id").GetInt32();

        var created = await Created("/api/v2/organizations", new Dictionary<string, object?>
        {
            ["name"] = "Anadolu Ticaret",
            ["owner_id"] = owner,
            ["visible_to"] = 7,
            ["label_ids"] = new[] { labels[0].GetProperty("id").GetInt32() },
            ["address"] = new { value = "Moda Cd. 5, İstanbul", country = "Türkiye" },
            ["industry"] = industry,
            ["employee_count"] = 12,
            ["custom_fields"] = new Dictionary<string, object> { [tier] = gold },
        });

        Assert.Equal("Anadolu Ticaret", created.GetProperty("name").GetString());
        Assert.Equal(owner, created.GetProperty("owner_id").GetInt32());
        Assert.Equal(7, created.GetProperty("visible_to").GetInt32());
        Assert.Equal(industry, created.GetProperty("industry").GetInt32());
        Assert.Equal("Türkiye", created.GetProperty("address").GetProperty("country").GetString());
        Assert.Equal(JsonValueKind.Null, created.GetProperty("address").GetProperty("route").ValueKind);
        Assert.Equal(gold, created.GetProperty("custom_fields").GetProperty(tier).GetInt32());
        Assert.False(created.GetProperty("is_deleted").GetBoolean());
        Assert.Equal("2025-03-01T09:00:00Z", created.GetProperty("add_time").GetString());

        var bare = await Created("/api/v2/organizations", new { name = "Bare" });
        Assert.Equal(1, bare.GetProperty("owner_id").GetInt32());
        Assert.Equal(JsonValueKind.Null, bare.GetProperty("address").ValueKind);
        Assert.Equal(JsonValueKind.Null, bare.GetProperty("custom_fields").GetProperty(tier).ValueKind);
    }

    [Fact]
    public async Task Organization_bodies_are_validated()
    {
        AssertRejected(await Client.PostJsonAsync("/api/v2/organizations", new { owner_id = 1 }), "name is required");
        AssertRejected(await Client.PostJsonAsync("/api/v2/organizations", new { name = "  " }), "name");
        AssertRejected(await Client.PostJsonAsync("/api/v2/organizations", new { name = new string('o', 256) }), "at most 255");
        AssertRejected(await Client.PostJsonAsync("/api/v2/organizations", new { name = "A", owner_id = 2 }), "user 2 does not exist");
        AssertRejected(await Client.PostJsonAsync("/api/v2/organizations", new { name = "A", label_ids = new[] { 1 } }), "label 1 does not exist");
        AssertRejected(await Client.PostJsonAsync("/api/v2/organizations", new { name = "A", industry = 999_999 }), "industry");
        AssertRejected(await Client.PostJsonAsync("/api/v2/organizations", new { name = "A", address = new { country = "TR" } }), "address.value");
        AssertRejected(await Client.PostJsonAsync("/api/v2/organizations", new { name = "A", address = "Moda" }), "address must be an object");
        AssertRejected(await Client.PostJsonAsync("/api/v2/organizations", new { name = "A", employee_count = "12" }), "employee_count must be an integer");
        AssertRejected(await Client.PostJsonAsync("/api/v2/organizations", new { name = "A", visible_to = 2 }), "visible_to");
        AssertRejected(await Client.PostJsonAsync("/api/v2/organizations", new { name = "A", address_country = "TR" }), "address_country is not a known organization property");
        Assert.Empty((await Fetched("/api/v2/organizations")).EnumerateArray());
    }

    [Fact]
    public async Task Patch_changes_what_is_sent_and_soft_delete_keeps_the_record_out_of_lists()
    {
        var kept = Id(await Created("/api/v2/organizations", new { name = "Kept", website = "https://kept.example" }));
        var gone = Id(await Created("/api/v2/organizations", new { name = "Gone" }));
        Clock.Advance(TimeSpan.FromMinutes(3));

        var patched = await Patched($"/api/v2/organizations/{kept}", new { name = "Kept Ltd" });
        Assert.Equal("Kept Ltd", patched.GetProperty("name").GetString());
        Assert.Equal("https://kept.example", patched.GetProperty("website").GetString());
        Assert.Equal("2025-03-01T09:03:00Z", patched.GetProperty("update_time").GetString());
        AssertRejected(await Client.PatchJsonAsync($"/api/v2/organizations/{kept}", new { }), "At least one");
        AssertRejected(await Client.PatchJsonAsync($"/api/v2/organizations/{kept}", new { add_time = "2020-01-01T00:00:00Z" }), "add_time");

        Assert.Equal(gone, Id((await Client.DeleteJsonAsync($"/api/v2/organizations/{gone}")).Data));
        Assert.Equal([kept], await AllPages("/api/v2/organizations"));
        var deleted = await Fetched($"/api/v2/organizations/{gone}");
        Assert.True(deleted.GetProperty("is_deleted").GetBoolean());
        Assert.Equal(HttpStatusCode.NotFound, (await Client.DeleteJsonAsync($"/api/v2/organizations/{gone}")).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await Client.PatchJsonAsync($"/api/v2/organizations/{gone}", new { name = "Back" })).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await Client.GetJsonAsync("/api/v2/organizations/4242")).Status);

        // A deleted organization cannot be referred to.
        AssertRejected(await Client.PostJsonAsync("/api/v2/persons", new { name = "Employee", org_id = gone }), $"organization {gone} does not exist");
        Assert.Equal(kept, (await Created("/api/v2/persons", new { name = "Employee", org_id = kept })).GetProperty("org_id").GetInt32());
    }

    [Theory]
    [InlineData("id", "asc")]
    [InlineData("update_time", "desc")]
    public async Task Cursor_paging_visits_every_organization_once(string sortBy, string direction)
    {
        for (var i = 0; i < 57; i++)
        {
            await Created("/api/v2/organizations", new { name = $"Org {i}" });
            if (i % 5 == 0)
            {
                Clock.Advance(TimeSpan.FromSeconds(1));
            }
        }

        var ids = await AllPages($"/api/v2/organizations?limit=10&sort_by={sortBy}&sort_direction={direction}");
        Assert.Equal(57, ids.Count);
        Assert.Equal(57, ids.Distinct().Count());
        Assert.Equal(direction == "asc" ? ids.Order() : ids.OrderDescending(), ids);
    }

    [Fact]
    public async Task Owner_filter_and_ids_narrow_the_list()
    {
        var other = (await Fetched("/api/v1/users")).EnumerateArray().Select(Id).First(id => id != 1);
        var mine = Id(await Created("/api/v2/organizations", new { name = "Mine" }));
        var theirs = Id(await Created("/api/v2/organizations", new { name = "Theirs", owner_id = other }));

        Assert.Equal([theirs], await AllPages($"/api/v2/organizations?owner_id={other}"));
        Assert.Equal([mine], await AllPages($"/api/v2/organizations?ids={mine},999"));
        AssertRejected(await Client.GetJsonAsync("/api/v2/organizations?filter_id=1"), "filter_id");
    }
}
