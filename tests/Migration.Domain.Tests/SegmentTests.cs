using System.Text.Json;
using Migration.Domain.Mapping;
using Migration.Domain.Runs;
using Migration.Domain.Segments;
using Migration.Domain.Source;

namespace Migration.Domain.Tests;

/// <summary>Which segments move, how membership is mapped and named as filters, and what the handover report says is lost.</summary>
public class SegmentTests
{
    private static readonly SourceSegment[] Listed =
    [
        new(1005, "Active users (90 days)", 1800, "STANDARD"),
        new(1004, "CRM audience (connector)", null, "CONNECTORS_SEGMENT"),
        new(1003, "Push permitted users", 1200, "STANDARD"),
        new(1006, "Likely to churn", 150, "PREDICTIVE_SEGMENT"),
        new(1001, "All users", 2000, "STANDARD"),
    ];

    [Fact]
    public void The_full_population_and_connector_segments_do_not_move_and_say_why()
    {
        var segments = StagedSegments.Classify(Listed, fullPopulationId: 1001, SegmentSelection.All);

        Assert.Equal([1005L, 1003, 1006], segments.Moved.Select(s => s.Id));
        Assert.Contains("full population", segments.Find(1001)!.SkipReason, StringComparison.Ordinal);
        var connector = segments.Find(1004)!;
        Assert.False(connector.Moves);
        Assert.Contains("connector", connector.Lossy, StringComparison.Ordinal);
        Assert.Contains("PREDICTIVE_SEGMENT", segments.Find(1006)!.Lossy, StringComparison.Ordinal);
        Assert.Null(segments.Find(1005)!.Lossy);
        Assert.Equal(1, segments.FilterBatchCount);
    }

    [Fact]
    public void A_selection_moves_only_the_named_segments_and_reports_ids_netmera_does_not_list()
    {
        var segments = StagedSegments.Classify(Listed, 1001, SegmentSelection.Only([1003, 1001, 777]));

        Assert.Equal([1003L], segments.Moved.Select(s => s.Id));
        Assert.Equal("not selected by the run's segments option", segments.Find(1005)!.SkipReason);
        Assert.Contains("not listed by getSegments", segments.Find(777)!.SkipReason, StringComparison.Ordinal);
        Assert.Empty(StagedSegments.Classify(Listed, 1001, SegmentSelection.None).Moved);
    }

    [Theory]
    [InlineData("\"all\"", "all")]
    [InlineData("\"none\"", "none")]
    [InlineData("[1003, \"1005\"]", "1003,1005")]
    public void The_segments_option_reads_all_none_or_ids_and_writes_them_back(string json, string expected)
    {
        var options = JsonSerializer.Deserialize<RunOptions>($"{{\"segments\": {json}}}", new JsonSerializerOptions(JsonSerializerDefaults.Web))!;
        Assert.Equal(expected, options.Segments.ToString());
        var again = JsonSerializer.Deserialize<RunOptions>(JsonSerializer.Serialize(options));
        Assert.Equal(options.Segments, again!.Segments);
        Assert.Empty(options.Validate());
    }

    [Fact]
    public void Every_segment_moves_by_default_and_bad_ids_are_refused()
    {
        Assert.True(new RunOptions().Segments.IsAll);
        Assert.Throws<JsonException>(() => JsonSerializer.Deserialize<RunOptions>("{\"Segments\": \"some\"}"));
        Assert.Contains(new RunOptions { Segments = SegmentSelection.Only([-4]) }.Validate(), p => p.Contains("segments", StringComparison.Ordinal));
    }

    [Fact]
    public void The_proposal_maps_membership_to_a_multiple_option_field_whose_options_are_the_segment_names()
    {
        var items = SourceItems.From(new SourceDefinitions { Segments = ["Active users (90 days)", "Push permitted users", "push permitted users "] });
        var map = FieldMapProposal.Propose(items, new Dictionary<string, ValueProfile>(), new MappingOptions());

        var line = map.Line(SourceItems.SegmentsId)!;
        Assert.Equal(new FieldTarget(TargetEntities.Person, TargetKinds.Custom, FieldMapProposal.SegmentsField, PipedriveFieldTypes.Set),
            line.Target with { Options = [] });
        Assert.Equal(["Active users (90 days)", "Push permitted users"], line.Target.Options);
        Assert.Equal(Transforms.ArrayToOptions, line.Transform);
        Assert.NotEmpty(line.Flags);
        Assert.Empty(FieldMapValidator.Validate(map, MappingLimits.Unlimited));
        Assert.Contains(SchemaRequirements.From(map).Fields,
            f => f.Name == FieldMapProposal.SegmentsField && f.Options.SequenceEqual(["Active users (90 days)", "Push permitted users"]));
        Assert.Contains("## Segments", FieldMapRendering.Markdown(map), StringComparison.Ordinal);

        // No segment read: no line at all.
        Assert.Null(FieldMapProposal.Propose(SourceItems.From(new SourceDefinitions()), new Dictionary<string, ValueProfile>(), new MappingOptions()).Line(SourceItems.SegmentsId));
    }

    [Fact]
    public void A_person_carries_the_options_of_the_segments_it_is_a_member_of()
    {
        var map = FieldMapProposal.Propose(SourceItems.From(new SourceDefinitions { Segments = ["VIP", "Churn risk"] }),
            new Dictionary<string, ValueProfile>(), new MappingOptions());
        var user = new SourceUser { ExtId = "u1", Email = "u1@example.com", Segments = ["vip", "Churn risk"] };

        var person = Persons.PersonMapping.Map(user, map).Person!;

        var value = Assert.Single(person.CustomValues, v => v.FieldName == FieldMapProposal.SegmentsField);
        Assert.Equal(["VIP", "Churn risk"], value.Options);
    }

    [Fact]
    public void Filter_names_are_prefixed_cut_to_255_and_unique_when_segment_names_repeat()
    {
        var moved = new[]
        {
            new StagedSegment(1, "VIP", "STANDARD", 10) { Moves = true },
            new StagedSegment(2, "vip", "STANDARD", 10) { Moves = true },
            new StagedSegment(3, new string('x', 300), "STANDARD", 10) { Moves = true },
        };

        Assert.Equal("Netmera segment: VIP (1)", SegmentFilterNames.Of(moved[0], moved));
        Assert.Equal("Netmera segment: vip (2)", SegmentFilterNames.Of(moved[1], moved));
        Assert.Equal(255, SegmentFilterNames.Of(moved[2], moved).Length);
        Assert.Equal("Netmera segment: VIP", SegmentFilterNames.Of(moved[0], [moved[0]]));
    }

    [Fact]
    public void The_report_lists_each_segment_with_its_filter_and_everything_lost()
    {
        var segments = StagedSegments.Classify(Listed, 1001, SegmentSelection.All);
        segments = segments.With(segments.Find(1005)! with { Read = true, MembersRead = 1800 })
            .With(segments.Find(1003)! with { Read = true, MembersRead = 1200, MembersWithoutId = 3 })
            .With(segments.Find(1006)! with { Read = true, MembersRead = 150 });
        var filters = new[]
        {
            new SegmentFilterOutcome(1005, 41, "Netmera segment: Active users (90 days)", "created", null),
            new SegmentFilterOutcome(1003, 42, "Netmera segment: Push permitted users", "created", null),
            new SegmentFilterOutcome(1006, null, "Netmera segment: Likely to churn", "rejected", "no option"),
        };
        var moved = new Dictionary<string, long>(StringComparer.OrdinalIgnoreCase) { ["Active users (90 days)"] = 1790, ["Push permitted users"] = 1200 };

        var (markdown, csv) = SegmentFilterReport.Build("run-r", DateTimeOffset.UnixEpoch, segments, filters, moved);

        var rows = csv.TrimEnd('\n').Split('\n');
        Assert.Equal(1 + Listed.Length, rows.Length);
        Assert.StartsWith("1005,Active users (90 days),STANDARD,1800,yes,41,Netmera segment: Active users (90 days),created,1800,0,1790,10,", rows[1], StringComparison.Ordinal);
        Assert.Contains("10 members are not persons in Pipedrive", rows[1], StringComparison.Ordinal);
        Assert.Contains("3 members without an external id", rows.Single(r => r.StartsWith("1003,", StringComparison.Ordinal)), StringComparison.Ordinal);
        Assert.Contains("connector segment", rows.Single(r => r.StartsWith("1004,", StringComparison.Ordinal)), StringComparison.Ordinal);
        Assert.Contains("full population", rows.Single(r => r.StartsWith("1001,", StringComparison.Ordinal)), StringComparison.Ordinal);
        Assert.Contains("no filter: no option", rows.Single(r => r.StartsWith("1006,", StringComparison.Ordinal)), StringComparison.Ordinal);
        Assert.Contains(SegmentFilterReport.DefinitionLoss, markdown, StringComparison.Ordinal);
        Assert.Contains("Netmera segment: Push permitted users (id 42)", markdown, StringComparison.Ordinal);
        Assert.Contains("5 segments listed, 2 became filters", markdown, StringComparison.Ordinal);
    }
}
