using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Migration.Tests.Shared.Contracts;

namespace Migration.Pipedrive.Tests;

/// <summary>
/// Every operation the client offers, driven against the simulator, with every request it sends and
/// every response it gets checked against the official specs (issue 3's contract tests).
/// </summary>
[Collection("contracts")]
public sealed class ClientContractTests(ContractSpecs specs)
{
    private static readonly CancellationToken None = CancellationToken.None;

    [SkippableFact]
    public async Task Every_client_operation_sends_and_receives_what_the_specs_describe()
    {
        await using var account = await PipedriveAccount.StartAsync(spec: specs.Pipedrive);
        var client = account.Client;

        // Fields of every writable entity, with options.
        var fieldKeys = new Dictionary<string, Field>();
        foreach (var entity in FieldEntity.Writable)
        {
            var tier = await client.CreateFieldAsync(entity, new NewField("Tier", "enum", [new("Gold"), new("Silver")]), None);
            var added = await client.AddFieldOptionsAsync(entity, tier.FieldCode, ["Bronze"], None);
            await client.RenameFieldOptionsAsync(entity, tier.FieldCode, [new(added[0].NumericId!.Value, "Copper")], None);
            await client.DeleteFieldOptionsAsync(entity, tier.FieldCode, [added[0].NumericId!.Value], None);
            await client.RenameFieldAsync(entity, tier.FieldCode, "Loyalty tier", None);
            Assert.Equal("Loyalty tier", (await client.GetFieldAsync(entity, tier.FieldCode, None)).FieldName);
            fieldKeys[entity] = tier;
            var scratch = await client.CreateFieldAsync(entity, new NewField("Scratch", "varchar"), None);
            await client.DeleteFieldAsync(entity, scratch.FieldCode, None);
            Assert.DoesNotContain(await client.GetFieldsAsync(entity, None), f => f.FieldCode == scratch.FieldCode);
        }
        Assert.NotEmpty(await client.GetFieldsAsync(FieldEntity.Activity, None));
        var extra = new Dictionary<string, Field>
        {
            ["points"] = await client.CreateFieldAsync(FieldEntity.Person, new NewField("Points", "double"), None),
            ["since"] = await client.CreateFieldAsync(FieldEntity.Person, new NewField("Member since", "date"), None),
            ["spend"] = await client.CreateFieldAsync(FieldEntity.Person, new NewField("Lifetime spend", "monetary"), None),
            ["topics"] = await client.CreateFieldAsync(FieldEntity.Person, new NewField("Topics", "set", [new("News"), new("Offers")]), None),
            ["ref"] = await client.CreateFieldAsync(FieldEntity.Organization, new NewField("Source ref", "varchar"), None),
        };

        // Users.
        var users = await client.GetUsersAsync(None);
        Assert.NotEmpty(users);
        Assert.NotNull(await client.GetCurrentUserAsync(None));
        Assert.Single(await client.FindUsersByEmailAsync(users[0].Email!, None));

        // Organizations.
        var org = await client.CreateOrganizationAsync(new OrganizationWrite
        {
            Name = "Acme Ltd",
            OwnerId = users[0].Id,
            Address = new Address { Value = "Main St 1, Tallinn", Country = "Estonia" },
            CustomFields = new Dictionary<string, object?> { [extra["ref"].FieldCode] = CustomFieldValue.Text("org-77") },
        }, None);
        await client.UpdateOrganizationAsync(org.Id, new OrganizationWrite { Name = "Acme Limited" }, None);
        Assert.Equal("Acme Limited", (await client.GetOrganizationAsync(org.Id, None)).Name);
        Assert.Contains(org.Id, await client.FindOrganizationsByCustomFieldAsync("org-77", None));
        Assert.Contains(await All(client.GetOrganizationsAsync(None)), o => o.Id == org.Id);

        // Persons with every kind of value.
        var topics = extra["topics"].Options!.Select(o => o.NumericId!.Value).ToList();
        var person = await client.CreatePersonAsync(new PersonWrite
        {
            Name = "Şükrü Öztürk",
            OrgId = org.Id,
            Emails = [new ContactValue("sukru@example.com", true, "work")],
            Phones = [new ContactValue("+905312345678", true, "mobile")],
            CustomFields = new Dictionary<string, object?>
            {
                [fieldKeys[FieldEntity.Person].FieldCode] = CustomFieldValue.Option(fieldKeys[FieldEntity.Person].Options![0].NumericId!.Value),
                [extra["points"].FieldCode] = CustomFieldValue.Number(1250.5m),
                [extra["since"].FieldCode] = CustomFieldValue.Date(new DateOnly(2021, 3, 14)),
                [extra["spend"].FieldCode] = CustomFieldValue.Monetary(99.9m, "EUR"),
                [extra["topics"].FieldCode] = CustomFieldValue.Options(topics),
            },
        }, None);
        await client.UpdatePersonAsync(person.Id, new PersonWrite
        {
            CustomFields = new Dictionary<string, object?> { [extra["topics"].FieldCode] = CustomFieldValue.Options([]) },
        }, None);
        var reread = await client.GetPersonAsync(person.Id, None);
        // Clearing a set is sent as null (never []) and leaves the field empty.
        Assert.True(!reread.CustomFields!.TryGetValue(extra["topics"].FieldCode, out var cleared) || cleared is null or { ValueKind: JsonValueKind.Null });
        Assert.Equal(1250.5m, reread.CustomFields[extra["points"].FieldCode]!.Value.GetDecimal());
        Assert.Contains(await All(client.GetPersonsAsync(None)), p => p.Id == person.Id);

        // Pipelines, stages, deals.
        var pipeline = await client.CreatePipelineAsync(new PipelineWrite("Netmera campaigns"), None);
        var stage = await client.CreateStageAsync(new StageWrite("Sent", pipeline.Id), None);
        Assert.Contains(await client.GetPipelinesAsync(None), p => p.Id == pipeline.Id);
        Assert.Contains(await client.GetStagesAsync(pipeline.Id, None), s => s.Id == stage.Id);
        var deal = await client.CreateDealAsync(new DealWrite
        {
            Title = "Spring sale push",
            PipelineId = pipeline.Id,
            StageId = stage.Id,
            PersonId = person.Id,
            OrgId = org.Id,
            Value = 1500,
            Currency = "EUR",
            CustomFields = new Dictionary<string, object?> { [fieldKeys[FieldEntity.Deal].FieldCode] = CustomFieldValue.Option(fieldKeys[FieldEntity.Deal].Options![1].NumericId!.Value) },
        }, None);
        await client.UpdateDealAsync(deal.Id, new DealWrite { Status = "won" }, None);
        Assert.Equal("won", (await client.GetDealAsync(deal.Id, None)).Status);
        Assert.Contains(await All(client.GetDealsAsync(None, pipeline.Id)), d => d.Id == deal.Id);
        _ = await client.FindDealsByCustomFieldAsync("nothing-matches-this", None);

        // Activity types and activities.
        var type = await client.CreateActivityTypeAsync(new NewActivityType("Netmera purchase", "pricetag"), None);
        Assert.Contains(await client.GetActivityTypesAsync(None), t => t.Id == type.Id);
        var activity = await client.CreateActivityAsync(new ActivityWrite
        {
            Subject = "Purchase in app",
            Type = type.KeyString,
            DueDate = "2025-06-01",
            DueTime = "14:30",
            Done = true,
            Note = "order_id: 981",
            Participants = [new ActivityParticipant(person.Id, true)],
        }, None);
        Assert.Equal(person.Id, (await client.GetActivityAsync(activity.Id, None)).PersonId);
        await client.UpdateActivityAsync(activity.Id, new ActivityWrite { Subject = "Purchase (app)" }, None);
        Assert.Contains(await All(client.GetActivitiesAsync(None, person.Id)), a => a.Id == activity.Id);

        // Notes, filters, search.
        var note = await client.CreateNoteAsync(new NewNote { Content = "Migrated from Netmera", PersonId = person.Id }, None);
        Assert.Contains(await All(client.GetNotesAsync(person.Id, None)), n => n.Id == note.Id);
        var filter = await client.CreateFilterAsync(new NewFilter("Netmera: EU users", "people", new FilterConditions("and",
        [
            new FilterGroup("and", [new FilterCondition("person", "9039", "=", "EU")]),
            new FilterGroup("or", []),
        ])), None);
        Assert.Contains(await client.GetFiltersAsync("people", None), f => f.Id == filter.Id);
        Assert.Contains(await client.SearchItemsAsync("Acme", ["organization"], false, None), h => h.Item.Id == org.Id);
        _ = await client.SearchFieldAsync("Acme", "organization", "name", "beginning", None);
        Assert.Empty(await client.FindPersonsByCustomFieldAsync("no-person-holds-this", None));

        // And everything goes away again.
        await client.DeleteFilterAsync(filter.Id, None);
        await client.DeleteNoteAsync(note.Id, None);
        await client.DeleteActivityAsync(activity.Id, None);
        await client.DeleteActivityTypeAsync(type.Id, None);
        // v1 person fields: person labels are added by a PUT with every option (LBL).
        var labelField = (await client.GetPersonFieldsV1Async(None)).Single(f => f.Key == "label_ids");
        var withLabel = await client.UpdatePersonFieldOptionsAsync(labelField.Id!.Value,
            [.. labelField.Options!.Select(o => new V1OptionWrite(o.NumericId, o.Label!, o.Color)), new V1OptionWrite(null, "Contract label", "gray")], None);
        Assert.Equal(labelField.Options!.Count + 1, withLabel.Options!.Count);

        await client.DeleteDealAsync(deal.Id, None);
        await client.DeleteStageAsync(stage.Id, None);
        await client.DeletePipelineAsync(pipeline.Id, None);
        await client.DeletePersonAsync(person.Id, None);
        await client.DeleteOrganizationAsync(org.Id, None);

        Assert.Empty(account.ContractProblems);
        var exercised = account.Exchanges.Where(e => e.Operation is not null).Select(e => $"{e.Method} {e.Operation!.Path}").ToHashSet();
        var unexercised = TokenCosts.All.Select(c => $"{c.Method} {c.Template}").Where(op => !exercised.Contains(op)).ToList();
        Assert.True(unexercised.Count == 0, "priced but never exercised here: " + string.Join(", ", unexercised));
        Assert.Equal(account.Exchanges.Count, client.Usage.Requests);
    }

    [SkippableFact]
    public async Task A_v1_shaped_person_body_is_caught_by_the_contract_check()
    {
        // Shows the check can fail: the v1 "email" string instead of v2's "emails" array.
        var conformance = new SpecConformanceHandler(specs.Pipedrive) { InnerHandler = new HttpClientHandler() };
        await using var account = await PipedriveAccount.StartAsync();
        using var http = new HttpClient(conformance) { BaseAddress = account.Address };
        http.DefaultRequestHeaders.Add("x-api-token", PipedriveAccount.Token);

        await http.PostAsJsonAsync("/api/v2/persons", new JsonObject { ["name"] = "A", ["email"] = "a@example.com" });

        Assert.Contains(conformance.Problems, p => p.Contains("email", StringComparison.Ordinal));
    }

    private static async Task<List<T>> All<T>(IAsyncEnumerable<T> items)
    {
        var list = new List<T>();
        await foreach (var item in items)
            list.Add(item);
        return list;
    }
}
