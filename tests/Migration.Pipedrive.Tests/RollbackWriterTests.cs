using System.Text.Json;
using System.Text.Json.Nodes;
using Migration.Domain.Mapping;

namespace Migration.Pipedrive.Tests;

/// <summary>Issue 7: undoing what a run wrote, record by record and schema object by schema object, against the simulator.</summary>
public sealed class RollbackWriterTests
{
    private static readonly CancellationToken None = CancellationToken.None;

    [Fact]
    public async Task Records_are_read_by_id_deleted_once_and_a_second_delete_finds_them_gone()
    {
        await using var account = await PipedriveAccount.StartAsync();
        var client = account.Client;
        var organization = await client.CreateOrganizationAsync(new OrganizationWrite { Name = "Undo Ltd" }, None);
        var person = await client.CreatePersonAsync(new PersonWrite { Name = "Undo Person", OrgId = organization.Id }, None);
        var deal = await client.CreateDealAsync(new DealWrite { Title = "Undo deal", PersonId = person.Id }, None);
        var activity = await client.CreateActivityAsync(new ActivityWrite { Subject = "Undo call", Participants = [new ActivityParticipant(person.Id, true)] }, None);
        var writer = new RollbackWriter(client);

        foreach (var (type, id, stamp) in new[] { ("activity", activity.Id, activity.UpdateTime), ("deal", deal.Id, deal.UpdateTime), ("person", person.Id, person.UpdateTime), ("organization", organization.Id, organization.UpdateTime) })
        {
            var current = await writer.ReadCurrentAsync(type, [id, 999_999], None);
            Assert.Equal(stamp, Assert.Single(current, c => c.Key == id).Value); // unknown ids are absent
            Assert.Single(current);
            Assert.True(await writer.DeleteAsync(type, id, None));
            Assert.Empty(await writer.ReadCurrentAsync(type, [id], None)); // deleted records are not listed
            Assert.False(await writer.DeleteAsync(type, id, None)); // 404: already gone
        }
    }

    [Fact]
    public async Task Filters_are_found_among_the_accounts_filters_and_deleted()
    {
        await using var account = await PipedriveAccount.StartAsync();
        var filter = await account.Client.CreateFilterAsync(new NewFilter("Netmera segment: undo", "people",
            new FilterConditions("and", [new FilterGroup("and", [new FilterCondition("person", "9", "IS NOT NULL", null)]), new FilterGroup("or", [])])), None);
        var writer = new RollbackWriter(account.Client);

        Assert.True((await writer.ReadCurrentAsync("filter", [filter.Id], None)).ContainsKey(filter.Id));
        Assert.True(await writer.DeleteAsync("filter", filter.Id, None));
        Assert.Empty(await writer.ReadCurrentAsync("filter", [filter.Id], None));
    }

    [Fact]
    public async Task A_before_image_taken_before_an_update_writes_the_record_back()
    {
        await using var account = await PipedriveAccount.StartAsync();
        var client = account.Client;
        var field = await client.CreateFieldAsync(FieldEntity.Person, new NewField("Undo city", PipedriveFieldTypes.Varchar), None);
        var person = await client.CreatePersonAsync(new PersonWrite
        {
            Name = "Before Name",
            Emails = [new ContactValue("before@example.com", true)],
            CustomFields = new Dictionary<string, object?> { [field.FieldCode] = "Izmir" },
        }, None);
        var untouched = await client.CreateFieldAsync(FieldEntity.Person, new NewField("Undo untouched", PipedriveFieldTypes.Varchar), None);

        // What a writer that updates an existing person does: keep the before-image, then PATCH.
        var image = RollbackWriter.BeforeImageOf(await client.GetPersonAsync(person.Id, None), [field.FieldCode]);
        await client.UpdatePersonAsync(person.Id, new PersonWrite
        {
            Name = "After Name",
            Emails = [new ContactValue("after@example.com", true)],
            CustomFields = new Dictionary<string, object?> { [field.FieldCode] = "Ankara", [untouched.FieldCode] = "set later by someone" },
        }, None);

        await new RollbackWriter(client).RestoreAsync("person", person.Id, image, None);
        var restored = await client.GetPersonAsync(person.Id, None);
        Assert.Equal("Before Name", restored.Name);
        Assert.Equal(["before@example.com"], restored.Emails!.Select(e => e.Value));
        Assert.Equal("Izmir", restored.CustomFields![field.FieldCode]!.Value.GetString());
        Assert.Equal("set later by someone", restored.CustomFields[untouched.FieldCode]!.Value.GetString()); // only what the update touched
    }

    [Fact]
    public async Task Schema_objects_a_run_created_are_removed_and_the_account_is_as_before()
    {
        await using var account = await PipedriveAccount.StartAsync();
        var before = Live(await SchemaMaps.Snapshot(account));
        var schema = await new SchemaProvisioner(account.Client).ProvisionAsync(SchemaRequirements.From(SchemaMaps.RoundTrip()), None);

        var objects = SchemaRollback.CreatedBy(schema);
        Assert.Equal(["pipeline", "activity-type", "labels", "field"], objects.Select(o => o.Kind).Distinct());
        Assert.DoesNotContain(objects, o => o.Kind == "labels" && o.OptionIds.Contains(schema.PersonLabel("Customer")!.Id)); // the account's own label stays
        var undo = new SchemaRollback(account.Client);
        foreach (var item in objects)
            Assert.True(await undo.UndoAsync(item, None), item.Key);
        foreach (var item in objects)
            Assert.False(await undo.UndoAsync(item, None), item.Key); // already gone

        Assert.Equal(before, Live(await SchemaMaps.Snapshot(account)));
    }

    [Fact]
    public void Options_added_to_an_existing_field_and_stages_added_to_an_existing_pipeline_are_undone_alone()
    {
        var schema = new ProvisionedSchema(
            [new ProvisionedField("person", "Interests", "set", "abc", CreatedByRun: false)
            {
                Options = new Dictionary<string, long> { ["Old"] = 1, ["New"] = 2 },
                OptionsCreatedByRun = ["New"],
            }],
            [new ProvisionedLabel("Customer", 5, CreatedByRun: false)],
            [new ProvisionedActivityType("Call", 1, "call", CreatedByRun: false)],
            new ProvisionedPipeline("Sales", 1, CreatedByRun: false, [new ProvisionedStage("Lead", 1, false), new ProvisionedStage("Campaign", 9, true)]));

        var objects = SchemaRollback.CreatedBy(schema);

        Assert.Equal(["stage:9", "options:person:abc"], objects.Select(o => o.Key));
        Assert.Equal([2L], objects[1].OptionIds);
    }

    /// <summary>The snapshot without what Pipedrive keeps soft-deleted or deactivated.</summary>
    private static string Live(string snapshot)
    {
        var node = JsonNode.Parse(snapshot)!.AsObject();
        foreach (var (_, items) in node)
        {
            var array = items!.AsArray();
            foreach (var item in array.ToList())
            {
                if (item!["is_deleted"]?.GetValue<bool>() == true || item["active_flag"]?.GetValue<bool>() == false)
                    array.Remove(item);
            }
        }
        return node.ToJsonString(new JsonSerializerOptions { WriteIndented = false });
    }
}
