using System.Text.Json;

namespace Migration.Sandbox.Tests.Pipedrive;

public sealed class SearchTests : PipedriveSession
{
    private static IEnumerable<JsonElement> Items(JsonElement data) => data.GetProperty("items").EnumerateArray().Select(h => h.GetProperty("item"));

    [Fact]
    public async Task Organizations_are_found_by_name_address_custom_field_and_note()
    {
        var code = (await CustomField("organizationFields", "Tax no", "varchar")).GetProperty("field_code").GetString()!;
        var acme = Id(await Created("/api/v2/organizations", new Dictionary<string, object>
        {
            ["name"] = "Acme Makina",
            ["address"] = new { value = "Organize Sanayi, Bursa" },
            ["custom_fields"] = new Dictionary<string, object> { [code] = "TX-991" },
        }));
        var other = Id(await Created("/api/v2/organizations", new { name = "Beta Gıda" }));
        await Created("/api/v1/notes", new { content = "Visited the Bursa plant", org_id = other });
        var gone = Id(await Created("/api/v2/organizations", new { name = "Acme Old" }));
        await Client.DeleteJsonAsync($"/api/v2/organizations/{gone}");

        Assert.Equal([acme], Items(await Fetched("/api/v2/organizations/search?term=acme")).Select(Id));
        Assert.Equal([acme], Items(await Fetched("/api/v2/organizations/search?term=Sanayi&fields=address")).Select(Id));
        var byCustom = Items(await Fetched("/api/v2/organizations/search?term=tx-991&exact_match=true&fields=custom_fields")).Single();
        Assert.Equal("Organize Sanayi, Bursa", byCustom.GetProperty("address").GetString());
        Assert.Equal(["TX-991"], byCustom.GetProperty("custom_fields").EnumerateArray().Select(v => v.GetString()));
        Assert.Equal([other], Items(await Fetched("/api/v2/organizations/search?term=plant&fields=notes")).Select(Id));
        AssertRejected(await Client.GetJsonAsync("/api/v2/organizations/search?term=acme&fields=email"), "fields");
    }

    [Fact]
    public async Task Deals_are_found_by_title_with_status_and_person_filters()
    {
        var person = Id(await Created("/api/v2/persons", new { name = "Zeynep" }));
        var open = Id(await Created("/api/v2/deals", new { title = "Fleet renewal", person_id = person, value = 1499.6 }));
        var won = Id(await Created("/api/v2/deals", new { title = "Fleet expansion", status = "won" }));

        Assert.Equal([open, won], Items(await Fetched("/api/v2/deals/search?term=fleet")).Select(Id).Order());
        var hit = Items(await Fetched("/api/v2/deals/search?term=fleet&status=open")).Single();
        Assert.Equal(open, Id(hit));
        Assert.Equal(1500, hit.GetProperty("value").GetInt64());
        Assert.Equal("Qualified", hit.GetProperty("stage").GetProperty("name").GetString());
        Assert.Equal("Zeynep", hit.GetProperty("person").GetProperty("name").GetString());
        Assert.Equal([open], Items(await Fetched($"/api/v2/deals/search?term=fleet&person_id={person}")).Select(Id));
        AssertRejected(await Client.GetJsonAsync("/api/v2/deals/search?term=fleet&status=deleted"), "status");
    }

    [Fact]
    public async Task Item_search_spans_types_and_caps_the_page_at_100()
    {
        var org = Id(await Created("/api/v2/organizations", new { name = "Kuzey Lojistik" }));
        var person = Id(await Created("/api/v2/persons", new { name = "Kuzey Yıldız", org_id = org }));
        var deal = Id(await Created("/api/v2/deals", new { title = "Kuzey contract" }));

        var all = (await Fetched("/api/v2/itemSearch?term=kuzey")).GetProperty("items").EnumerateArray()
            .Select(h => (h.GetProperty("item").GetProperty("type").GetString(), Id(h.GetProperty("item")))).ToList();
        Assert.Equal(3, all.Count);
        Assert.Contains(("person", person), all);
        Assert.Contains(("organization", org), all);
        Assert.Contains(("deal", deal), all);

        Assert.Equal([deal], Items(await Fetched("/api/v2/itemSearch?term=kuzey&item_types=deal")).Select(Id));
        Assert.Empty(Items(await Fetched("/api/v2/itemSearch?term=kuzey&item_types=product")));
        AssertRejected(await Client.GetJsonAsync("/api/v2/itemSearch?term=kuzey&limit=101"), "limit must be an integer from 1 to 100");
        AssertRejected(await Client.GetJsonAsync("/api/v2/itemSearch?term=kuzey&item_types=invoice"), "item_types");
        AssertRejected(await Client.GetJsonAsync("/api/v2/itemSearch?term=k"), "2 characters");

        var paged = await Client.GetJsonAsync("/api/v2/itemSearch?term=kuzey&limit=2");
        Assert.Equal(2, paged.Data.GetProperty("items").GetArrayLength());
        var cursor = paged.Body.GetProperty("additional_data").GetProperty("next_cursor").GetString();
        Assert.Single(Items(await Fetched($"/api/v2/itemSearch?term=kuzey&limit=2&cursor={cursor}")));
    }

    [Fact]
    public async Task Field_search_matches_case_sensitively_as_asked()
    {
        var code = (await CustomField("personFields", "Netmera ID", "varchar")).GetProperty("field_code").GetString()!;
        var date = (await CustomField("personFields", "Since", "date")).GetProperty("field_code").GetString()!;
        var first = Id(await Created("/api/v2/persons", new Dictionary<string, object> { ["name"] = "One", ["custom_fields"] = new Dictionary<string, object> { [code] = "NM-0001" } }));
        var second = Id(await Created("/api/v2/persons", new Dictionary<string, object> { ["name"] = "Two", ["custom_fields"] = new Dictionary<string, object> { [code] = "NM-0002" } }));

        async Task<List<int>> Search(string query) =>
            [.. (await Fetched("/api/v2/itemSearch/field?" + query)).EnumerateArray().Select(h => Id(h.GetProperty("item")))];

        Assert.Equal([first], await Search($"term=NM-0001&entity_type=person&field={code}&match=exact"));
        Assert.Empty(await Search($"term=nm-0001&entity_type=person&field={code}&match=exact"));
        Assert.Equal([first, second], await Search($"term=NM-&entity_type=person&field={code}&match=beginning"));
        Assert.Empty(await Search($"term=0001&entity_type=person&field={code}&match=beginning"));
        Assert.Equal([second], await Search($"term=0002&entity_type=person&field={code}&match=middle"));
        Assert.Equal([first], await Search("term=One&entity_type=person&field=name"));
        var item = (await Fetched($"/api/v2/itemSearch/field?term=NM-0002&entity_type=person&field={code}")).EnumerateArray().Single().GetProperty("item");
        Assert.Equal("Two", item.GetProperty("name").GetString());

        AssertRejected(await Client.GetJsonAsync($"/api/v2/itemSearch/field?term=N&entity_type=person&field={code}&match=middle"), "2 characters");
        AssertRejected(await Client.GetJsonAsync($"/api/v2/itemSearch/field?term=2024&entity_type=person&field={date}"), "not searchable");
        AssertRejected(await Client.GetJsonAsync("/api/v2/itemSearch/field?term=abc&entity_type=person&field=nope"), "no field has the key");
        AssertRejected(await Client.GetJsonAsync($"/api/v2/itemSearch/field?term=abc&entity_type=account&field={code}"), "entity_type");
        AssertRejected(await Client.GetJsonAsync($"/api/v2/itemSearch/field?term=abc&entity_type=person&field={code}&match=fuzzy"), "match");
    }
}
