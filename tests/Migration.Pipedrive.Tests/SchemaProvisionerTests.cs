using System.Text.Json;
using Migration.Domain;
using Migration.Domain.Mapping;
using Migration.Sandbox;

namespace Migration.Pipedrive.Tests;

/// <summary>Issue 5: what a map needs, provisioned once, refused whole when it cannot fit, never twice.</summary>
public sealed class SchemaProvisionerTests
{
    private static readonly CancellationToken None = CancellationToken.None;

    [Fact]
    public void Requirements_name_every_field_label_activity_type_and_the_campaign_pipeline()
    {
        var requirements = SchemaRequirements.From(SchemaMaps.RoundTrip());

        foreach (var entity in new[] { TargetEntities.Person, TargetEntities.Organization, TargetEntities.Deal })
            Assert.Contains(requirements.Fields, f => f.Entity == entity && f.Name == "Netmera ID" && f.FieldType == "varchar" && f.Purpose == FieldPurposes.NetmeraId);
        foreach (var type in PipedriveFieldTypes.All)
            Assert.Contains(requirements.Fields, f => f.Entity == TargetEntities.Person && f.Name == SchemaMaps.FieldFor(type) && f.FieldType == type);
        Assert.Equal(SchemaMaps.EnumOptions, requirements.Fields.Single(f => f.Name == SchemaMaps.EnumField).Options);
        Assert.Contains(requirements.Fields, f => f.Name == "Page view: count" && f.FieldType == "double" && f.Purpose == FieldPurposes.Summary);
        Assert.Contains(requirements.Fields, f => f.Name == "Page view: first seen" && f.FieldType == "date");
        Assert.Contains(requirements.Fields, f => f.Name == "Page view: last seen" && f.FieldType == "date");
        Assert.Contains(requirements.Fields, f => f.Entity == TargetEntities.Deal && f.Name == "Campaign channel");
        Assert.Contains(requirements.Fields, f => f.Entity == TargetEntities.Organization && f.Name == "Org segment");
        Assert.Equal(["VIP", "Customer", "Churn risk"], requirements.PersonLabels);
        Assert.Equal(["Purchase", "Campaign touchpoint"], requirements.ActivityTypes.Select(t => t.Name));
        Assert.Equal("Netmera campaigns", requirements.CampaignPipeline!.Name);
        Assert.Equal(["Draft", "Scheduled", "Sending", "Finished"], requirements.CampaignPipeline.Stages);
        Assert.Equal(3 + PipedriveFieldTypes.All.Count + 3 + 2, requirements.Fields.Count);

        // Serialisable, both ways.
        var json = JsonSerializer.Serialize(requirements);
        Assert.Equal(json, JsonSerializer.Serialize(JsonSerializer.Deserialize<SchemaRequirements>(json)));
    }

    [Fact]
    public void Requirements_merge_lines_naming_the_same_field_and_refuse_two_types_for_one_name()
    {
        var merged = SchemaRequirements.From(new FieldMap(1,
        [
            SchemaMaps.Custom(TargetEntities.Person, "Interests", "set", "A", "B"),
            SchemaMaps.Custom(TargetEntities.Person, "interests ", "set", "b", "C"),
        ]));
        Assert.Equal(["A", "B", "C"], merged.Fields.Single(f => f.Name == "Interests").Options);
        Assert.Null(merged.CampaignPipeline);
        Assert.Empty(merged.ActivityTypes);

        var conflict = Assert.Throws<OperatorActionRequiredException>(() => SchemaRequirements.From(new FieldMap(1,
        [
            SchemaMaps.Custom(TargetEntities.Person, "Score", "double"),
            SchemaMaps.Custom(TargetEntities.Person, "Score", "varchar"),
        ])));
        Assert.Contains("'Score'", conflict.Message);
    }

    [Fact]
    public async Task Provisioning_creates_what_the_map_needs_and_a_second_run_creates_nothing()
    {
        await using var account = await PipedriveAccount.StartAsync();
        var requirements = SchemaRequirements.From(SchemaMaps.RoundTrip());
        var provisioner = new SchemaProvisioner(account.Client);

        var first = await provisioner.ProvisionAsync(requirements, None);
        var afterFirst = await SchemaMaps.Snapshot(account);
        var second = await provisioner.ProvisionAsync(requirements, None);

        Assert.Equal(afterFirst, await SchemaMaps.Snapshot(account));
        Assert.All(first.Fields, f => Assert.True(f.CreatedByRun));
        Assert.All(first.Fields, f => Assert.Equal(40, f.Key.Length));
        Assert.Equal(SchemaMaps.EnumOptions.Order(), first.Field("person", SchemaMaps.EnumField)!.Options.Keys.Order());
        Assert.True(first.PersonLabel("VIP")!.CreatedByRun);
        Assert.False(first.PersonLabel("Customer")!.CreatedByRun); // a default label the account had
        Assert.True(first.ActivityType("Purchase")!.CreatedByRun);
        Assert.NotEmpty(first.ActivityType("Campaign touchpoint")!.KeyString);
        Assert.True(first.CampaignPipeline!.CreatedByRun);
        Assert.All(first.CampaignPipeline.Stages, s => Assert.True(s.CreatedByRun));
        Assert.True(first.CreatedAnything);

        Assert.False(second.CreatedAnything);
        Assert.All(second.Fields, f => Assert.False(f.CreatedByRun));
        Assert.All(second.PersonLabels, l => Assert.False(l.CreatedByRun));
        Assert.All(second.ActivityTypes, t => Assert.False(t.CreatedByRun));
        Assert.False(second.CampaignPipeline!.CreatedByRun);
        Assert.Equal(first.Fields.Select(f => (f.Entity, f.Name, f.Key)), second.Fields.Select(f => (f.Entity, f.Name, f.Key)));
        Assert.Equal(first.PersonLabels.Select(l => (l.Name, l.Id)), second.PersonLabels.Select(l => (l.Name, l.Id)));
        Assert.Equal(first.ActivityTypes.Select(t => (t.Name, t.Id, t.KeyString)), second.ActivityTypes.Select(t => (t.Name, t.Id, t.KeyString)));
        Assert.Equal(first.CampaignPipeline.Stages.Select(s => s.Id), second.CampaignPipeline.Stages.Select(s => s.Id));
        Assert.Equal(first.Field("person", SchemaMaps.SetField)!.Options, second.Field("person", SchemaMaps.SetField)!.Options);

        // The account shows what was provisioned.
        var labels = (await account.Client.GetFieldsAsync(FieldEntity.Person, None)).Single(f => f.FieldCode == "label_ids").Options!;
        Assert.Contains(labels, o => o.Label == "VIP" && o.NumericId == first.PersonLabel("VIP")!.Id);
        Assert.Contains(await account.Client.GetPipelinesAsync(None), p => p.Name == "Netmera campaigns" && p.Id == first.CampaignPipeline.Id);
        Assert.Equal(["Draft", "Scheduled", "Sending", "Finished"], (await account.Client.GetStagesAsync(first.CampaignPipeline.Id, None)).Select(s => s.Name));

        // Serialisable, for rollback and delta sync.
        var json = JsonSerializer.Serialize(second);
        var back = JsonSerializer.Deserialize<ProvisionedSchema>(json)!;
        Assert.Equal(json, JsonSerializer.Serialize(back));
        Assert.Equal(second.Field("person", SchemaMaps.EnumField)!.OptionId("gold"), back.Field("person", SchemaMaps.EnumField)!.OptionId("Gold"));
    }

    [Fact]
    public async Task Creates_whose_answers_are_lost_after_the_commit_are_found_not_made_twice_and_stay_flagged_as_the_runs()
    {
        // Every write is carried out and its answer lost (half 5xx, half a dropped connection).
        await using var account = await PipedriveAccount.StartAsync(simulator: o => o with
        {
            Faults = new PipedriveFaults { CommitThenFailShare = 1.0, Seed = 5 },
        });
        var requirements = SchemaRequirements.From(SchemaMaps.RoundTrip());

        var schema = await new SchemaProvisioner(account.Client).ProvisionAsync(requirements, None);

        Assert.All(schema.Fields, f => Assert.True(f.CreatedByRun, f.Name));
        foreach (var entity in new[] { FieldEntity.Person, FieldEntity.Organization, FieldEntity.Deal })
        {
            var names = (await account.Client.GetFieldsAsync(entity, None)).Where(f => f.IsCustomField).Select(f => f.FieldName).ToList();
            Assert.Equal(names.Distinct(StringComparer.OrdinalIgnoreCase).Count(), names.Count);
        }
        Assert.True(schema.ActivityType("Purchase")!.CreatedByRun);
        Assert.Single(await account.Client.GetActivityTypesAsync(None), t => t.Name == "Purchase");
        Assert.Single(await account.Client.GetPipelinesAsync(None), p => p.Name == "Netmera campaigns");
        Assert.Equal(["Draft", "Scheduled", "Sending", "Finished"], (await account.Client.GetStagesAsync(schema.CampaignPipeline!.Id, None)).Select(s => s.Name));
    }

    [Fact]
    public async Task Options_and_labels_added_to_the_map_later_are_added_to_the_existing_fields_only()
    {
        await using var account = await PipedriveAccount.StartAsync();
        var provisioner = new SchemaProvisioner(account.Client);
        var first = await provisioner.ProvisionAsync(SchemaRequirements.From(new FieldMap(1,
        [
            SchemaMaps.Custom(TargetEntities.Person, "Topics", "set", "News"),
            SchemaMaps.Line("tags", SourceKinds.Tags, new FieldTarget(TargetEntities.Person, TargetKinds.Label, "Labels", null) { Options = ["VIP"] }),
        ])), None);

        var second = await provisioner.ProvisionAsync(SchemaRequirements.From(new FieldMap(2,
        [
            SchemaMaps.Custom(TargetEntities.Person, "Topics", "set", "News", "Offers"),
            SchemaMaps.Line("tags", SourceKinds.Tags, new FieldTarget(TargetEntities.Person, TargetKinds.Label, "Labels", null) { Options = ["VIP", "Dormant"] }),
        ])), None);

        var topics = second.Field("person", "Topics")!;
        Assert.False(topics.CreatedByRun);
        Assert.Equal(first.Field("person", "Topics")!.Key, topics.Key);
        Assert.Equal(["Offers"], topics.OptionsCreatedByRun);
        Assert.Equal(first.Field("person", "Topics")!.OptionId("News"), topics.OptionId("News"));
        Assert.NotNull(topics.OptionId("Offers"));
        Assert.False(second.PersonLabel("VIP")!.CreatedByRun);
        Assert.Equal(first.PersonLabel("VIP")!.Id, second.PersonLabel("VIP")!.Id);
        Assert.True(second.PersonLabel("Dormant")!.CreatedByRun);
        // The account's own labels survive the v1 PUT, with their ids.
        Assert.Equal(first.PersonLabel("Customer")!.Id, second.PersonLabel("Customer")!.Id);
    }

    [Fact]
    public async Task A_map_that_exceeds_the_plans_custom_field_cap_is_refused_before_any_write()
    {
        await using var account = await PipedriveAccount.StartAsync(simulator: o => o with { Plan = PipedriveSimulatorPlan.Lite }, plan: "Lite");
        var existing = await account.Client.CreateFieldAsync(FieldEntity.Organization, new NewField("Already here", "varchar"), None);
        var map = new FieldMap(1, [.. Enumerable.Range(1, 27).Select(i => SchemaMaps.Custom(TargetEntities.Person, $"Attribute {i}", "varchar"))]);
        var before = await SchemaMaps.Snapshot(account);

        var refused = await Assert.ThrowsAsync<SchemaDoesNotFitException>(() =>
            new SchemaProvisioner(account.Client).ProvisionAsync(SchemaRequirements.From(map), None));

        Assert.IsAssignableFrom<OperatorActionRequiredException>(refused);
        Assert.Equal(30, refused.Needed); // 27 + Netmera ID on person, organization, deal
        Assert.Equal(1, refused.Existing);
        Assert.Equal(30, refused.Allowed);
        Assert.Contains("needs 30 new custom fields", refused.Message);
        Assert.Contains("already has 1", refused.Message);
        Assert.Contains("Lite plan allows 30", refused.Message);
        Assert.Contains("Nothing was created", refused.Message);
        Assert.Equal(before, await SchemaMaps.Snapshot(account));
        Assert.Equal(1, await SchemaMaps.CustomFieldCount(account));
        Assert.Single(await account.Client.GetFieldsAsync(FieldEntity.Organization, None), f => f.IsCustomField && f.FieldCode == existing.FieldCode);

        // One field fewer fits exactly: 26 + 3 + the existing one = 30.
        var fits = new FieldMap(2, [.. Enumerable.Range(1, 26).Select(i => SchemaMaps.Custom(TargetEntities.Person, $"Attribute {i}", "varchar"))]);
        var provisioned = await new SchemaProvisioner(account.Client).ProvisionAsync(SchemaRequirements.From(fits), None);
        Assert.Equal(29, provisioned.Fields.Count(f => f.CreatedByRun));
        Assert.Equal(30, await SchemaMaps.CustomFieldCount(account));
    }

    [Fact]
    public async Task A_same_name_field_of_another_type_stops_with_a_clear_message_and_changes_nothing()
    {
        await using var account = await PipedriveAccount.StartAsync();
        await account.Client.CreateFieldAsync(FieldEntity.Person, new NewField("Loyalty points", "varchar"), None);
        var before = await SchemaMaps.Snapshot(account);
        var map = new FieldMap(1,
        [
            SchemaMaps.Custom(TargetEntities.Person, "Newsletter", "varchar"),
            SchemaMaps.Custom(TargetEntities.Person, "Loyalty points", "double"),
        ]);

        var stopped = await Assert.ThrowsAsync<OperatorActionRequiredException>(() =>
            new SchemaProvisioner(account.Client).ProvisionAsync(SchemaRequirements.From(map), None));

        Assert.Contains("'Loyalty points' is of type 'varchar' but the map needs 'double'", stopped.Message);
        Assert.Contains("Nothing was created", stopped.Message);
        Assert.Equal(before, await SchemaMaps.Snapshot(account));
    }

    [Fact]
    public async Task Provisioning_pays_through_the_governed_client()
    {
        await using var account = await PipedriveAccount.StartAsync();
        var requirements = SchemaRequirements.From(SchemaMaps.RoundTrip());
        await new SchemaProvisioner(account.Client).ProvisionAsync(requirements, None);
        var spentFirst = account.Client.Usage.Tokens;
        await new SchemaProvisioner(account.Client).ProvisionAsync(requirements, None);
        var spentSecond = account.Client.Usage.Tokens - spentFirst;

        // Second run reads only: 3 field lists (10 each), activity types (20), pipelines (5), stages (5).
        Assert.Equal(3 * 10 + 20 + 5 + 5, spentSecond);
        Assert.True(spentFirst > spentSecond);
    }
}
