using System.Text.Json;
using Migration.Domain.Mapping;
using Migration.Domain.Persons;
using Migration.Domain.Source;
using Migration.Domain.Staging;

namespace Migration.Domain.Tests;

/// <summary>Routed export rows as they reach a person: summaries on its fields, activity events with stable ids.</summary>
public class PersonExtrasTests
{
    private static readonly DateTimeOffset T0 = new(2025, 6, 30, 23, 30, 0, TimeSpan.Zero);

    private static FieldMap Map(params MappingLine[] lines) => new(1, lines);

    private static MappingLine EventLine(string code, string name, string kind, string? targetName = null) => new(
        SourceItems.EventId(code), new SourceItem(SourceKinds.Event, code, name, "EVENT", false),
        new FieldTarget(kind == TargetKinds.Summary ? TargetEntities.Person : TargetEntities.Activity, kind, targetName ?? "", null),
        kind == TargetKinds.Summary ? Transforms.Summary : Transforms.EventToActivity, 1, "test", []);

    private static SourceUser User(string extId) => new()
    {
        ExtId = extId,
        Email = $"{extId}@example.com",
        Profile = new Dictionary<string, JsonElement> { ["name"] = JsonSerializer.SerializeToElement("Ayşe") },
    };

    private static SourceEvent Event(string extId, string name, DateTimeOffset at, string? code = null) =>
        new(extId, name, at, code is null ? new Dictionary<string, string>() : new Dictionary<string, string> { [EventTargets.EventCodeAttribute] = code });

    [Fact]
    public void A_summarised_event_fills_count_first_and_last_seen_as_utc_days_under_the_summary_name()
    {
        var map = Map(EventLine("n:ao", "Open App", TargetKinds.Summary, "App opens"));
        var builder = new PersonExtrasBuilder("nm-1");
        var targets = new EventTargets(map);
        foreach (var at in new[] { T0.AddDays(3), T0, T0.AddHours(1) })
        {
            var e = Event("nm-1", "Open App", at);
            var target = targets.Of(e)!;
            builder.Add(new RoutedRow { Event = e, TargetKind = target.Kind, TargetName = target.Name });
        }

        var user = builder.Build().ApplyTo(User("nm-1"));
        var person = PersonMapping.Map(user, map).Person!;

        Assert.Equal(
            [("App opens: count", "double", 3m, (DateOnly?)null), ("App opens: first seen", "date", (decimal?)null, new DateOnly(2025, 6, 30)), ("App opens: last seen", "date", null, new DateOnly(2025, 7, 3))],
            person.CustomValues.Select(v => (v.FieldName, v.FieldType, v.Number, v.Date)));
        // 23:30 + 1 h is the next UTC day; the first event still counts as June 30th.
        Assert.Equal(new DateOnly(2025, 6, 30), person.CustomValues[1].Date);
    }

    [Fact]
    public void A_user_without_the_event_gets_no_summary_fields_and_unmapped_events_are_not_moved()
    {
        var map = Map(EventLine("n:ao", "Open App", TargetKinds.Summary), EventLine("n:ph", "Purchase", TargetKinds.ActivityType));
        var targets = new EventTargets(map);

        Assert.Empty(PersonMapping.Map(User("nm-2"), map).Person!.CustomValues);
        Assert.Null(targets.Of(Event("nm-2", "Search", T0)));
        Assert.Equal(new EventTarget(TargetKinds.ActivityType, "Purchase"), targets.Of(Event("nm-2", "something else", T0, code: "n:ph")));
        Assert.Equal(new EventTarget(TargetKinds.Summary, "Open App"), targets.Of(Event("nm-2", "open app", T0)));
    }

    [Fact]
    public void Activity_events_are_in_time_order_and_identical_ones_get_distinct_stable_ids()
    {
        var builder = new PersonExtrasBuilder("nm-1");
        // The survivor's own purchase, a merged id's purchase at the same moment, and two identical purchases of the survivor.
        foreach (var e in new[] { Event("nm-1", "Purchase", T0.AddDays(1)), Event("nm-9", "Purchase", T0), Event("nm-1", "Purchase", T0), Event("nm-1", "Purchase", T0) })
            builder.Add(new RoutedRow { Event = e, TargetKind = TargetKinds.ActivityType, TargetName = "Purchase" });

        var events = builder.ActivityEvents(personBatch: 7);

        Assert.Equal(
            ["nm-9|Purchase|2025-06-30T23:30:00.000Z|0", "nm-1|Purchase|2025-06-30T23:30:00.000Z|0", "nm-1|Purchase|2025-06-30T23:30:00.000Z|1", "nm-1|Purchase|2025-07-01T23:30:00.000Z|0"],
            events.Select(e => e.SourceId));
        Assert.All(events, e => Assert.Equal((7, "nm-1"), (e.PersonBatch, e.PersonExtId)));
    }

    [Fact]
    public void File_tags_survey_answers_and_segments_merge_into_the_user_without_doubling()
    {
        var builder = new PersonExtrasBuilder("nm-1");
        builder.Add(new RoutedRow { Tags = new SourceUserTags("nm-1", ["VIP", "gold "]) });
        builder.Add(new RoutedRow { Tags = new SourceUserTags("nm-7", ["vip"]) });
        builder.Add(new RoutedRow { Answer = new SourceSurveyResponse("nm-1", new SurveyAnswer("401", "q1", "5")) });
        builder.Add(new RoutedRow { Segment = new SourceSegmentMember("nm-1", 3, "Churn risk") });
        builder.Add(new RoutedRow { Segment = new SourceSegmentMember("nm-7", 3, "Churn risk") });

        var user = builder.Build().ApplyTo(User("nm-1") with { Tags = ["Vip"] });

        Assert.Equal(["Vip", "gold"], user.Tags);
        Assert.Equal([new SurveyAnswer("401", "q1", "5")], user.SurveyAnswers);
        Assert.Equal(["Churn risk"], user.Segments);
    }

    [Fact]
    public void Activity_batches_are_numbered_across_ranges_by_the_table()
    {
        var table = new ActivityEvents([2, 0, 3]);

        Assert.Equal(5, table.BatchCount);
        Assert.Equal(ActivityEvents.BlobName(0, 1), table.BlobOf(1));
        Assert.Equal(ActivityEvents.BlobName(2, 0), table.BlobOf(2));
        Assert.Equal(ActivityEvents.BlobName(2, 2), table.BlobOf(4));
        Assert.Throws<ArgumentOutOfRangeException>(() => table.BlobOf(5));
    }

    [Fact]
    public void The_index_finds_survivors_merged_ids_and_installations_by_batch_and_nothing_else()
    {
        var users = new[]
        {
            User("nm-1") with { MergedExtIds = ["nm-1", "nm-9"], Devices = [new SourceDevice { InstallationId = "inst-1" }] },
        };
        var index = new RouteIndex(RouteIndex.EntriesOf(4, users).Concat(RouteIndex.EntriesOf(2, [User("nm-2") with { Devices = [new SourceDevice { InstallationId = "inst-1" }] }])));

        Assert.Equal((4, 4, 2, 2), (index.BatchOfExtId("nm-1"), index.BatchOfExtId("nm-9"), index.BatchOfExtId("nm-2"), index.BatchOfInstallation("inst-1")));
        Assert.Null(index.BatchOfExtId("nm-3"));
        Assert.Null(index.BatchOfExtId("inst-1"));
    }
}
