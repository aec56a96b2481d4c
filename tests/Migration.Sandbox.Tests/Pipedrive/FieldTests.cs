using System.Net;
using System.Text.Json;

namespace Migration.Sandbox.Tests.Pipedrive;

public sealed class FieldTests : PipedriveSession
{
    [Theory]
    [InlineData("organizationFields", "name")]
    [InlineData("dealFields", "title")]
    public async Task Fields_of_every_entity_list_built_ins_and_get_fresh_keys(string entity, string builtIn)
    {
        var created = await CustomField(entity, "Netmera ID", "varchar");
        var code = created.GetProperty("field_code").GetString()!;
        Assert.Matches("^[0-9a-f]{40}$", code);
        Assert.True(created.GetProperty("is_custom_field").GetBoolean());

        var codes = new List<string>();
        string? cursor = null;
        do
        {
            var page = await Client.GetJsonAsync($"/api/v2/{entity}?limit=3" + (cursor is null ? string.Empty : "&cursor=" + cursor));
            codes.AddRange(page.Data.EnumerateArray().Select(f => f.GetProperty("field_code").GetString()!));
            var next = page.Body.GetProperty("additional_data").GetProperty("next_cursor");
            cursor = next.ValueKind == JsonValueKind.Null ? null : next.GetString();
        }
        while (cursor is not null);

        Assert.Equal(codes.Count, codes.Distinct().Count());
        Assert.Contains(builtIn, codes);
        Assert.Contains("label_ids", codes);
        Assert.Equal(code, codes[^1]);
        Assert.Equal("Netmera ID", (await Fetched($"/api/v2/{entity}/{code}")).GetProperty("field_name").GetString());
        Assert.Equal(HttpStatusCode.NotFound, (await Client.GetJsonAsync($"/api/v2/{entity}/{new string('0', 40)}")).Status);
    }

    [Fact]
    public async Task Patch_renames_but_never_changes_key_or_type()
    {
        var code = (await CustomField("dealFields", "Region", "varchar")).GetProperty("field_code").GetString()!;
        var renamed = await Patched($"/api/v2/dealFields/{code}", new { field_name = "Sales region" });
        Assert.Equal("Sales region", renamed.GetProperty("field_name").GetString());
        Assert.Equal(code, renamed.GetProperty("field_code").GetString());

        AssertRejected(await Client.PatchJsonAsync($"/api/v2/dealFields/{code}", new { field_type = "text" }), "field_type cannot be changed");
        AssertRejected(await Client.PatchJsonAsync($"/api/v2/dealFields/{code}", new { field_code = "region" }), "field_code cannot be changed");
        AssertRejected(await Client.PatchJsonAsync($"/api/v2/dealFields/{code}", new { }), "At least one");
        AssertRejected(await Client.PatchJsonAsync($"/api/v2/dealFields/{code}", new { field_name = "" }), "field_name");
        AssertRejected(await Client.PatchJsonAsync("/api/v2/dealFields/title", new { field_name = "Name" }), "built-in");
        Assert.Equal("varchar", (await Fetched($"/api/v2/dealFields/{code}")).GetProperty("field_type").GetString());

        var configured = await Patched($"/api/v2/dealFields/{code}", new { important_fields = new { enabled = true, stage_ids = new[] { 1 } } });
        Assert.False(configured.TryGetProperty("important_fields", out _));
        var withNamespaces = await Fetched($"/api/v2/dealFields/{code}?include_fields=important_fields");
        Assert.True(withNamespaces.GetProperty("important_fields").GetProperty("enabled").GetBoolean());
    }

    [Fact]
    public async Task A_deleted_field_is_hidden_its_values_too_and_its_key_is_ignored_by_writes()
    {
        var code = (await CustomField("organizationFields", "Old code", "varchar")).GetProperty("field_code").GetString()!;
        var org = Id(await Created("/api/v2/organizations", new Dictionary<string, object> { ["name"] = "Acme", ["custom_fields"] = new Dictionary<string, object> { [code] = "A-1" } }));

        var deleted = (await Client.DeleteJsonAsync($"/api/v2/organizationFields/{code}")).Data;
        Assert.Equal(code, deleted.GetProperty("field_code").GetString());
        Assert.Equal(HttpStatusCode.NotFound, (await Client.GetJsonAsync($"/api/v2/organizationFields/{code}")).Status);
        Assert.DoesNotContain(code, (await Fetched("/api/v2/organizationFields?limit=500")).EnumerateArray().Select(f => f.GetProperty("field_code").GetString()));
        Assert.False((await Fetched($"/api/v2/organizations/{org}")).GetProperty("custom_fields").TryGetProperty(code, out _));

        // Pipedrive ignores the key of a deleted field instead of refusing the write (CF).
        var ignored = await Created("/api/v2/organizations", new Dictionary<string, object> { ["name"] = "Beta", ["custom_fields"] = new Dictionary<string, object> { [code] = "B-2" } });
        Assert.False(ignored.GetProperty("custom_fields").TryGetProperty(code, out _));
        Assert.Equal(HttpStatusCode.NotFound, (await Client.DeleteJsonAsync($"/api/v2/organizationFields/{code}")).Status);
        AssertRejected(await Client.DeleteJsonAsync("/api/v2/organizationFields/name"), "built-in");
    }

    [Fact]
    public async Task Options_are_added_renamed_and_removed_atomically()
    {
        var field = await CustomField("dealFields", "Segment", "set", "SMB", "Enterprise");
        var code = field.GetProperty("field_code").GetString()!;
        var smb = field.GetProperty("options")[0].GetProperty("id").GetInt32();
        var enterprise = field.GetProperty("options")[1].GetProperty("id").GetInt32();

        var added = await Client.PostJsonAsync($"/api/v2/dealFields/{code}/options", new[] { new { label = "Public sector" } });
        Assert.Equal(HttpStatusCode.OK, added.Status);
        Assert.Equal(JsonValueKind.Null, added.Body.GetProperty("additional_data").ValueKind);
        var publicSector = Assert.Single(added.Data.EnumerateArray());
        Assert.Equal("Public sector", publicSector.GetProperty("label").GetString());
        var publicId = publicSector.GetProperty("id").GetInt32();
        Assert.DoesNotContain(publicId, new[] { smb, enterprise });

        // One unknown id and nothing changes.
        AssertRejected(await Client.PatchJsonAsync($"/api/v2/dealFields/{code}/options", new[] { new { id = smb, label = "Small" }, new { id = 424242, label = "X" } }), "424242 does not exist");
        Assert.Equal("SMB", (await Fetched($"/api/v2/dealFields/{code}")).GetProperty("options")[0].GetProperty("label").GetString());
        var renamed = await Client.PatchJsonAsync($"/api/v2/dealFields/{code}/options", new[] { new { id = smb, label = "Small business" } });
        Assert.Equal(["Small business"], renamed.Data.EnumerateArray().Select(o => o.GetProperty("label").GetString()));

        // Removing an option takes it out of the values that chose it.
        var deal = Id(await Created("/api/v2/deals", new Dictionary<string, object> { ["title"] = "D", ["custom_fields"] = new Dictionary<string, object> { [code] = new[] { smb, enterprise } } }));
        var removed = await Client.SendJsonAsync(HttpMethod.Delete, $"/api/v2/dealFields/{code}/options", JsonSerializer.Serialize(new[] { new { id = smb } }));
        Assert.Equal([smb], removed.Data.EnumerateArray().Select(o => o.GetProperty("id").GetInt32()));
        Assert.Equal([enterprise], (await Fetched($"/api/v2/deals/{deal}")).GetProperty("custom_fields").GetProperty(code).EnumerateArray().Select(i => i.GetInt32()));
        Assert.Equal([enterprise, publicId], (await Fetched($"/api/v2/dealFields/{code}")).GetProperty("options").EnumerateArray().Select(o => o.GetProperty("id").GetInt32()));

        AssertRejected(await Client.PostJsonAsync($"/api/v2/dealFields/{code}/options", Array.Empty<object>()), "at least one option");
        AssertRejected(await Client.PostJsonAsync($"/api/v2/dealFields/{code}/options", new { label = "Not an array" }), "JSON array");
        var text = (await CustomField("dealFields", "Notes", "text")).GetProperty("field_code").GetString();
        AssertRejected(await Client.PostJsonAsync($"/api/v2/dealFields/{text}/options", new[] { new { label = "A" } }), "only enum and set fields have options");
        AssertRejected(await Client.PostJsonAsync("/api/v2/dealFields/label_ids/options", new[] { new { label = "Lukewarm" } }), "built-in");
    }

    [Fact]
    public async Task Values_are_validated_by_field_type_on_organizations_and_deals()
    {
        var set = await CustomField("dealFields", "Interests", "set", "A");
        var money = (await CustomField("organizationFields", "Budget", "monetary")).GetProperty("field_code").GetString()!;
        var score = (await CustomField("organizationFields", "Score", "double")).GetProperty("field_code").GetString()!;
        var employer = (await CustomField("dealFields", "Employer", "org")).GetProperty("field_code").GetString()!;

        AssertRejected(await Client.PostJsonAsync("/api/v2/deals", new Dictionary<string, object> { ["title"] = "D", ["custom_fields"] = new Dictionary<string, object> { [set.GetProperty("field_code").GetString()!] = Array.Empty<int>() } }), "empty array");
        AssertRejected(await Client.PostJsonAsync("/api/v2/organizations", new Dictionary<string, object> { ["name"] = "O", ["custom_fields"] = new Dictionary<string, object> { [score] = "12.5" } }), "must be a number");
        AssertRejected(await Client.PostJsonAsync("/api/v2/organizations", new Dictionary<string, object> { ["name"] = "O", ["custom_fields"] = new Dictionary<string, object> { [money] = new { value = 5, currency = "lira" } } }), "currency");
        AssertRejected(await Client.PostJsonAsync("/api/v2/deals", new Dictionary<string, object> { ["title"] = "D", ["custom_fields"] = new Dictionary<string, object> { [employer] = 31 } }), "organization 31 does not exist");
        var org = Id(await Created("/api/v2/organizations", new Dictionary<string, object> { ["name"] = "O", ["custom_fields"] = new Dictionary<string, object> { [money] = new { value = 5, currency = "TRY" }, [score] = 7.5 } }));
        var deal = await Created("/api/v2/deals", new Dictionary<string, object> { ["title"] = "D", ["custom_fields"] = new Dictionary<string, object> { [employer] = org } });
        Assert.Equal(org, deal.GetProperty("custom_fields").GetProperty(employer).GetInt32());
    }

    [Fact]
    public async Task Activity_fields_can_only_be_read()
    {
        var fields = await Fetched("/api/v2/activityFields");
        Assert.Contains("subject", fields.EnumerateArray().Select(f => f.GetProperty("field_code").GetString()));
        Assert.Equal(3, (await Fetched("/api/v2/activityFields/priority")).GetProperty("options").GetArrayLength());
        Assert.Equal(HttpStatusCode.MethodNotAllowed, (await Client.PostJsonAsync("/api/v2/activityFields", new { field_name = "X", field_type = "varchar" })).Status);
    }
}

/// <summary>Lite allows 30 custom fields per company, counted across person, organization and deal fields.</summary>
public sealed class CustomFieldCapTests : PipedriveSession
{
    protected override PipedriveSimulatorOptions Options => base.Options with { Plan = PipedriveSimulatorPlan.Lite };

    [Fact]
    public async Task The_31st_custom_field_is_refused_with_403_and_a_code_until_one_is_deleted()
    {
        string[] entities = ["personFields", "organizationFields", "dealFields"];
        var codes = new List<string>();
        for (var i = 0; i < 30; i++)
        {
            codes.Add((await CustomField(entities[i % 3], $"Field {i}", "varchar")).GetProperty("field_code").GetString()!);
        }

        foreach (var entity in entities)
        {
            var refused = await Client.PostJsonAsync($"/api/v2/{entity}", new { field_name = "One more", field_type = "varchar" });
            AssertRejected(refused, "limit of 30 custom fields", HttpStatusCode.Forbidden);
            Assert.Equal("feature_capping_custom_fields_limit", refused.Body.GetProperty("code").GetString());
        }

        Assert.Equal(HttpStatusCode.OK, (await Client.DeleteJsonAsync($"/api/v2/dealFields/{codes[2]}")).Status);
        await CustomField("personFields", "Fits again", "varchar");
        Assert.Equal(30, (await Admin.GetJsonAsync("/_sandbox/stats")).Body.GetProperty("customFields").GetInt32());
    }
}
