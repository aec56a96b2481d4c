using System.Runtime.CompilerServices;
using System.Text.Json;
using Migration.Domain.Mapping;
using Migration.Domain.Source;

namespace Migration.Domain.Tests.Mapping;

public class ProposalTests
{
    private static readonly MappingOptions Defaults = new();

    private static SourceUser User(int i, object profile) => new()
    {
        ExtId = $"nm-{i}",
        Profile = JsonSerializer.SerializeToElement(profile).EnumerateObject().ToDictionary(p => p.Name, p => p.Value.Clone()),
    };

    private static IReadOnlyDictionary<string, ValueProfile> Profile(params SourceUser[] users)
    {
        var profiler = new ValueProfiler();
        foreach (var user in users)
            profiler.Add(user);
        return profiler.Build();
    }

    private static FieldMap Propose(SourceDefinitions definitions, IReadOnlyDictionary<string, ValueProfile> profiles, MappingOptions? options = null) =>
        FieldMapProposal.Propose(SourceItems.From(definitions, profiles), profiles, options ?? Defaults);

    private static MappingLine Attribute(string code, string dataType, bool isArray, params object[] values)
    {
        var definitions = new SourceDefinitions { Attributes = [new SourceAttributeDefinition(code, code.ToUpperInvariant(), dataType, true, isArray)] };
        var users = values.Select((v, i) => User(i, new Dictionary<string, object> { [code] = v })).ToArray();
        return Propose(definitions, Profile(users)).Line(SourceItems.ProfileId(code))!;
    }

    [Fact]
    public void A_short_string_attribute_becomes_a_varchar_field_named_after_the_panel_name()
    {
        var line = Attribute("nickname", "STRING", false, "Ace", "Bolt");
        Assert.Equal(new FieldTarget(TargetEntities.Person, TargetKinds.Custom, "NICKNAME", PipedriveFieldTypes.Varchar), line.Target);
        Assert.Equal(Transforms.Truncate255, line.Transform);
        Assert.Contains(line.Alternatives, a => a.FieldType == PipedriveFieldTypes.Text);
    }

    [Fact]
    public void A_string_longer_than_255_characters_becomes_long_text()
    {
        var line = Attribute("bio", "STRING", false, "short", new string('x', 300));
        Assert.Equal(PipedriveFieldTypes.Text, line.Target.FieldType);
        Assert.Contains("300", line.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Numbers_and_numbers_stored_as_text_become_a_double_field()
    {
        var line = Attribute("points", "DOUBLE", false, 12.5, "150", 3);
        Assert.Equal(PipedriveFieldTypes.Double, line.Target.FieldType);
        Assert.Equal(Transforms.Number, line.Transform);
        Assert.Contains("stored as text", line.Reason, StringComparison.Ordinal);
        Assert.Empty(line.Flags);
    }

    [Fact]
    public void A_date_attribute_becomes_a_date_field()
    {
        var line = Attribute("since", "DATE", false, 1_700_000_000_000L, "2024-01-31");
        Assert.Equal(PipedriveFieldTypes.Date, line.Target.FieldType);
        Assert.Equal(Transforms.EpochMsOrIsoToDate, line.Transform);
        Assert.Contains("epoch milliseconds and ISO dates", line.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void An_array_attribute_becomes_a_set_field_with_the_observed_values_as_options()
    {
        var line = Attribute("hobbies", "STRING", true, new[] { "Chess", "Tennis" }, new[] { "Tennis" }, new[] { "Cooking" });
        Assert.Equal(PipedriveFieldTypes.Set, line.Target.FieldType);
        Assert.Equal(["Chess", "Cooking", "Tennis"], line.Target.Options);
        Assert.Equal(Transforms.ArrayToOptions, line.Transform);
    }

    [Fact]
    public void A_boolean_becomes_a_yes_no_option_field_with_a_note_that_pipedrive_has_no_boolean()
    {
        var line = Attribute("optIn", "BOOLEAN", false, true, false);
        Assert.Equal(PipedriveFieldTypes.Enum, line.Target.FieldType);
        Assert.Equal([Transforms.Yes, Transforms.No], line.Target.Options);
        Assert.Equal(Transforms.BooleanYesNo, line.Transform);
        Assert.Contains(line.Flags, f => f.Contains("no yes/no field type", StringComparison.Ordinal));
    }

    [Fact]
    public void Gender_codes_become_an_option_field_and_the_reason_says_to_rename_them()
    {
        var line = Attribute("gender", "INTEGER", false, 0, 1, 2, 1, 0);
        Assert.Equal(PipedriveFieldTypes.Enum, line.Target.FieldType);
        Assert.Equal(["0", "1", "2"], line.Target.Options);
        Assert.Contains("Rename the options", line.Reason, StringComparison.Ordinal);
        Assert.True(line.Confidence < 0.7);
    }

    [Fact]
    public void An_attribute_nobody_has_is_not_moved_so_it_does_not_use_up_a_custom_field()
    {
        var definitions = new SourceDefinitions { Attributes = [new SourceAttributeDefinition("legacy", "Legacy", "STRING", true, false)] };
        var line = Propose(definitions, Profile(User(1, new { other = 1 }))).Line("profile:legacy")!;
        Assert.Equal(TargetKinds.None, line.Target.Kind);
        Assert.Contains(line.Alternatives, a => a.FieldType == PipedriveFieldTypes.Varchar);
    }

    [Fact]
    public void Identity_goes_to_the_netmera_id_field_email_and_phone_to_pipedrives_own_fields()
    {
        var map = Propose(new SourceDefinitions(), Profile());
        Assert.Equal(new FieldTarget(TargetEntities.Person, TargetKinds.Custom, "Netmera ID", PipedriveFieldTypes.Varchar), map.Line("identity:extId")!.Target);
        Assert.Equal(1, map.Line("identity:extId")!.Confidence);
        Assert.Equal("emails", map.Line("identity:email")!.Target.Name);
        Assert.Equal("phones", map.Line("identity:msisdn")!.Target.Name);
    }

    [Fact]
    public void A_small_tag_vocabulary_becomes_person_labels_with_case_variants_merged()
    {
        var definitions = new SourceDefinitions { Tags = [new("VIP", 60), new("vip", 15), new(" newsletter ", 200)] };
        var line = Propose(definitions, Profile()).Line("tags")!;
        Assert.Equal(TargetKinds.Label, line.Target.Kind);
        Assert.Equal("label_ids", line.Target.Name);
        Assert.Equal(["newsletter", "VIP"], line.Target.Options);
        Assert.Equal(Transforms.TagsToLabels, line.Transform);
        Assert.Contains("within the threshold of 30", line.Reason, StringComparison.Ordinal);
        Assert.Contains(line.Alternatives, a => a.Name == FieldMapProposal.TagsField && a.FieldType == PipedriveFieldTypes.Set);
    }

    [Fact]
    public void A_tag_vocabulary_over_the_threshold_becomes_a_multiple_option_field()
    {
        var definitions = new SourceDefinitions { Tags = Enumerable.Range(0, 5).Select(i => new SourceTag($"tag-{i}", null)).ToArray() };
        var line = Propose(definitions, Profile(), new MappingOptions { LabelThreshold = 4 }).Line("tags")!;
        Assert.Equal(new FieldTarget(TargetEntities.Person, TargetKinds.Custom, "Netmera tags", PipedriveFieldTypes.Set), line.Target with { Options = [] });
        Assert.Equal(5, line.Target.Options.Count);
        Assert.Equal(Transforms.TagsToOptions, line.Transform);
        Assert.Contains("more than the 4", line.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Tags_seen_only_on_users_join_the_vocabulary()
    {
        var profiler = new ValueProfiler();
        profiler.Add(new SourceUser { ExtId = "a", Tags = ["Gold", "gold "] });
        profiler.Add(new SourceUser { ExtId = "b", Tags = ["gold", "Silver"] });
        var profiles = profiler.Build();
        Assert.Equal(["gold", "Silver"], SourceItems.TagVocabulary([], profiles["tags"]));
    }

    [Fact]
    public void Devices_form_a_field_group_and_the_push_token_is_flagged_as_reference_only()
    {
        var map = Propose(SandboxDefinitions.Definitions, SandboxDefinitions.Profiles());
        var device = map.Lines.Where(l => l.Source.Kind == SourceKinds.Device).ToArray();
        Assert.Equal(5, device.Length);
        Assert.All(device, l => Assert.Equal("Device", l.Group));
        Assert.All(device, l => Assert.StartsWith("Device: ", l.Target.Name, StringComparison.Ordinal));
        var token = map.Line("device:token")!;
        Assert.Equal("Device: Push token", token.Target.Name);
        Assert.Equal(Transforms.JoinDevices, token.Transform);
        Assert.Contains(token.Flags, f => f.Contains("do not work outside Netmera", StringComparison.Ordinal));
        // Three tokens of 155 characters joined exceed 255: long text, not a cut token.
        Assert.Equal(PipedriveFieldTypes.Text, token.Target.FieldType);
    }

    [Fact]
    public void Survey_questions_form_a_group_per_survey_typed_by_question_type()
    {
        var map = Propose(SandboxDefinitions.Definitions, SandboxDefinitions.Profiles());
        var rating = map.Line("survey:401/q1")!;
        Assert.Equal("Survey: NPS 2025", rating.Group);
        Assert.Equal("Survey: NPS 2025: How likely are you to recommend us? (1-5)", rating.Target.Name);
        Assert.Equal(PipedriveFieldTypes.Double, rating.Target.FieldType);
        Assert.Equal(PipedriveFieldTypes.Set, map.Line("survey:402/q1")!.Target.FieldType);
        Assert.Equal(["Haftada bir", "Ayda bir", "Daha seyrek"], map.Line("survey:402/q2")!.Target.Options);
        Assert.Equal(PipedriveFieldTypes.Enum, map.Line("survey:402/q2")!.Target.FieldType);
        Assert.Equal(PipedriveFieldTypes.Text, map.Line("survey:401/q2")!.Target.FieldType);
    }

    [Fact]
    public void An_owner_attribute_becomes_the_persons_owner_matched_by_email_then_name()
    {
        var definitions = new SourceDefinitions { Attributes = [new SourceAttributeDefinition("acctMgr", "Account Manager", "STRING", true, false)] };
        var line = Propose(definitions, Profile()).Line("profile:acctMgr")!;
        Assert.Equal(new FieldTarget(TargetEntities.Person, TargetKinds.Standard, "owner_id", null), line.Target);
        Assert.Equal(Transforms.OwnerByEmailThenName, line.Transform);
    }

    [Fact]
    public void Frequent_events_are_summarised_and_significant_ones_become_activity_types()
    {
        var map = Propose(SandboxDefinitions.Definitions, SandboxDefinitions.Profiles());
        Assert.Equal(TargetKinds.Summary, map.Line("event:n:ao")!.Target.Kind);
        Assert.Equal(TargetKinds.ActivityType, map.Line("event:n:ph")!.Target.Kind);

        // Without event data: a guess from the name, said so, with lower confidence.
        var guessed = Propose(SandboxDefinitions.Definitions, new Dictionary<string, ValueProfile>());
        var screen = guessed.Line("event:n:sv")!;
        Assert.Equal(TargetKinds.Summary, screen.Target.Kind);
        Assert.True(screen.Confidence < 1);
        Assert.Contains("guess from the name", screen.Reason, StringComparison.Ordinal);
        Assert.Equal(TargetKinds.ActivityType, guessed.Line("event:wlst7")!.Target.Kind);
    }

    [Fact]
    public void Campaigns_become_deals_titled_by_name_with_a_stage_per_status()
    {
        var map = Propose(SandboxDefinitions.Definitions, SandboxDefinitions.Profiles());
        Assert.Equal(new FieldTarget(TargetEntities.Deal, TargetKinds.Standard, "title", null), map.Line("campaign:name")!.Target);
        var status = map.Line("campaign:status")!;
        Assert.Equal("stage_id", status.Target.Name);
        Assert.Equal(["Draft", "Scheduled", "Sending", "Finished"], status.Target.Options);
        Assert.Equal(PipedriveFieldTypes.Double, map.Line("campaign:sent")!.Target.FieldType);
    }

    [Fact]
    public void Report_columns_named_like_a_campaign_attribute_do_not_make_a_second_field_of_that_name()
    {
        var campaign = new SourceCampaign
        {
            Key = "c1", Type = "ONE_TIME", Status = "FINISHED",
            Details = new Dictionary<string, string> { ["Type"] = "ONE_TIME", ["Deeplink"] = "app://x" },
            Metrics = new Dictionary<string, long> { ["sent"] = 10, ["Conversions"] = 2 },
        };
        var map = Propose(SandboxDefinitions.Definitions with { Campaigns = [campaign] }, SandboxDefinitions.Profiles());

        var deals = map.Lines.Where(l => l.Target is { Entity: TargetEntities.Deal, Kind: TargetKinds.Custom }).Select(l => l.Target.Name).ToList();
        Assert.Equal(deals.Distinct(StringComparer.OrdinalIgnoreCase).Count(), deals.Count);
        Assert.NotNull(map.Line("campaign:detail:Deeplink"));
        Assert.NotNull(map.Line("campaign:metric:Conversions"));
        Assert.Null(map.Line("campaign:detail:Type"));
        _ = SchemaRequirements.From(map); // refuses two types under one name
    }

    [Fact]
    public void The_same_inputs_give_an_identical_document()
    {
        var first = JsonSerializer.Serialize(Propose(SandboxDefinitions.Definitions, SandboxDefinitions.Profiles()));
        var second = JsonSerializer.Serialize(Propose(SandboxDefinitions.Definitions, SandboxDefinitions.Profiles()));
        Assert.Equal(first, second);

        var map = JsonSerializer.Deserialize<FieldMap>(first)!;
        Assert.Equal(["identity", "profile", "device", "survey", "tags", "event", "campaign"], map.Lines.Select(l => l.Source.Kind).Distinct());
    }

    [Fact]
    public void The_proposal_for_the_sandbox_dataset_matches_the_reviewed_golden_document()
    {
        var map = Propose(SandboxDefinitions.Definitions, SandboxDefinitions.Profiles());
        Assert.Empty(FieldMapValidator.Validate(map, MappingLimits.Unlimited));
        Golden.Compare("proposal.md", FieldMapRendering.Markdown(map));
    }
}

/// <summary>Golden files next to this source file; UPDATE_GOLDEN=1 rewrites them (review the diff before committing).</summary>
internal static class Golden
{
    public static void Compare(string name, string actual, [CallerFilePath] string source = "")
    {
        var path = Path.Combine(Path.GetDirectoryName(source)!, "golden", name);
        if (Environment.GetEnvironmentVariable("UPDATE_GOLDEN") == "1")
            File.WriteAllText(path, actual);
        Assert.True(File.Exists(path), $"golden file {path} is missing; run with UPDATE_GOLDEN=1 once and review it");
        var expected = File.ReadAllText(path).ReplaceLineEndings("\n");
        if (expected == actual)
            return;
        var want = expected.Split('\n');
        var got = actual.Split('\n');
        var diff = new List<string>();
        for (var i = 0; i < Math.Max(want.Length, got.Length) && diff.Count < 40; i++)
        {
            var w = i < want.Length ? want[i] : "(none)";
            var g = i < got.Length ? got[i] : "(none)";
            if (w != g)
                diff.Add($"line {i + 1}:\n- {w}\n+ {g}");
        }

        Assert.Fail($"{name} changed (UPDATE_GOLDEN=1 rewrites it after review):\n{string.Join("\n", diff)}");
    }
}

public class ValueProfilePrivacyTests
{
    [Fact]
    public void Names_emails_phones_and_push_tokens_are_counted_but_never_reported()
    {
        var profiler = new ValueProfiler();
        profiler.Add(new SourceUser
        {
            ExtId = "u1",
            Profile = new Dictionary<string, System.Text.Json.JsonElement>
            {
                ["name"] = System.Text.Json.JsonSerializer.SerializeToElement("Ayse Yilmaz"),
                ["email"] = System.Text.Json.JsonSerializer.SerializeToElement("ayse@example.com"),
                ["city"] = System.Text.Json.JsonSerializer.SerializeToElement("İzmir"),
            },
            Devices = [new SourceDevice { Token = "tok-secret-1", Platform = "IOS" }],
        });
        var profiles = profiler.Build();
        var json = System.Text.Json.JsonSerializer.Serialize(profiles);

        foreach (var personal in new[] { "Ayse Yilmaz", "ayse@example.com", "tok-secret-1" })
            Assert.DoesNotContain(personal, json, StringComparison.Ordinal);
        Assert.Equal(1, profiles[SourceItems.ProfileId("email")].NonNull);
        Assert.Contains(profiles[SourceItems.ProfileId("city")].Values, v => v.Value == "İzmir");
    }
}
