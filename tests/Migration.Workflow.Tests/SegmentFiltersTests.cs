using System.Globalization;
using System.Text.Json;
using Microsoft.DurableTask.Client;
using Microsoft.DurableTask.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Migration.Domain.Ledger;
using Migration.Domain.Mapping;
using Migration.Domain.Reconciliation;
using Migration.Domain.Runs;
using Migration.Domain.Segments;
using Migration.Domain.Source;
using Migration.Domain.Staging;
using Migration.Pipedrive;
using Migration.Sandbox;
using Migration.Storage;
using Migration.Tests.Shared;
using Migration.Workflow;
using Migration.Workflow.Activities;
using Migration.Workflow.Models;
using Migration.Workflow.Orchestrators;
using Xunit.Abstractions;
using Stopwatch = System.Diagnostics.Stopwatch;

namespace Migration.Workflow.Tests;

/// <summary>
/// Segments → filters through the real activities, on Azurite and both simulators (2,000 users, seed 42): the
/// extract-segments step on the in-memory engine reads every moved segment's members, the proposal maps
/// membership, and each moved segment lands once in Pipedrive as a person filter on the "Netmera segments" field.
/// </summary>
public sealed class SegmentFiltersTests(AzuriteFixture azurite, ITestOutputHelper output) : IClassFixture<AzuriteFixture>
{
    private static readonly CancellationToken None = CancellationToken.None;
    private const string RunId = "segments-run";
    private const string Token = "segment-tests-token";

    private sealed class Stage : IAsyncDisposable
    {
        public required IHost Host { get; init; }
        public required NetmeraSimulator Netmera { get; init; }
        public required PipedriveSimulator Pipedrive { get; init; }
        public PipedriveClient Client => Get<PipedriveClientFactory>().Create("test");
        public T Get<T>() where T : notnull => Host.Services.GetRequiredService<T>();
        public T Activity<T>() where T : notnull => ActivatorUtilities.CreateInstance<T>(Host.Services);

        public static async Task<Stage> StartAsync(string connectionString)
        {
            var netmera = await NetmeraSimulator.StartAsync(new NetmeraSimulatorOptions { Users = 2_000, Seed = 42, ApiKey = "segment-tests-key" });
            var pipedrive = await PipedriveSimulator.StartAsync(new PipedriveSimulatorOptions { ApiToken = Token, Seed = 42 });
            var builder = Microsoft.Extensions.Hosting.Host.CreateApplicationBuilder();
            builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["ConnectionStrings:MigrationStorage"] = connectionString,
                ["Migration:TaskHub"] = "S" + Guid.NewGuid().ToString("N")[..12],
                ["Pipedrive:Connections:test:BaseUrl"] = pipedrive.BaseAddress.ToString(),
                ["Pipedrive:Connections:test:ApiToken"] = Token,
                ["Pipedrive:Connections:test:Plan"] = "Ultimate",
                ["Netmera:Connections:test:BaseUrl"] = netmera.BaseAddress.ToString(),
                ["Netmera:Connections:test:ApiKey"] = "segment-tests-key",
            });
            builder.AddWorkflowServices();
            var host = builder.Build();
            await host.Services.GetRequiredService<MigrationStorage>().EnsureCreatedAsync(None);
            return new Stage { Host = host, Netmera = netmera, Pipedrive = pipedrive };
        }

        /// <summary>The extract-segments step on the in-memory engine with the real activities behind it.</summary>
        public async Task<ExtractSegmentsResult> ExtractSegmentsAsync(RunOptions options)
        {
            await using var engine = await DurableTaskTestHost.StartAsync(registry =>
            {
                registry.AddOrchestrator<ExtractSegmentsOrchestrator>();
                registry.AddActivityFunc<ListSegmentsInput, SegmentsListed>(nameof(ListSegmentsActivity),
                    (_, input) => Activity<ListSegmentsActivity>().ExecuteAsync(input, None));
                registry.AddActivityFunc<SegmentPageInput, SegmentPageResult>(nameof(ExtractSegmentMembersPageActivity),
                    (_, input) => Activity<ExtractSegmentMembersPageActivity>().ExecuteAsync(input, None));
            }, TestEngine.Options());
            var plan = new MigrationPlan { RunId = RunId, NetmeraConnection = "test", SegmentId = NetmeraSimulator.AllUsersSegmentId, PipedriveConnection = "test", Options = options };
            var id = await engine.Client.ScheduleNewOrchestrationInstanceAsync(nameof(ExtractSegmentsOrchestrator), new ExtractSegmentsState(plan));
            using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
            var done = await engine.Client.WaitForInstanceCompletionAsync(id, getInputsAndOutputs: true, timeout.Token);
            Assert.Equal(OrchestrationRuntimeStatus.Completed, done.RuntimeStatus);
            return done.ReadOutputAs<ExtractSegmentsResult>()!;
        }

        public async Task<StagedSegments> SegmentsAsync() =>
            JsonSerializer.Deserialize<StagedSegments>((await Get<StagingStore>().ReadArtifactAsync(RunId, StagedSegments.Path, None))!.Content,
                new JsonSerializerOptions(JsonSerializerDefaults.Web))!;

        /// <summary>The proposal approved as it is and its schema provisioned: what the run has after the schema phase.</summary>
        public async Task<FieldMap> ProposeApproveAndProvisionAsync()
        {
            await Activity<ProposeFieldMapActivity>().ExecuteAsync(new ProposeMappingInput(RunId, "test", 0, 1, 30), None);
            var map = (await Get<MappingStore>().GetLatestAsync(RunId, None))!;
            Assert.True(await Get<MappingStore>().TryFreezeAsync(RunId, map, None));
            await Activity<ProvisionSchemaActivity>().ExecuteAsync(new SchemaInput(RunId, "test"), None);
            return map;
        }

        public Task<BatchLoadResult> LoadFiltersAsync(int batch) => Activity<LoadFiltersBatchActivity>().ExecuteAsync(
            new LoadBatchInput(RunId, "test", Phase.LoadFilters, batch, new PipedriveAllowance(1_000, 100, 10_000_000, DateTimeOffset.UtcNow.AddDays(1))), None);

        /// <summary>A filter with its conditions (v1 GET /filters/{id}; lists leave the conditions out).</summary>
        public async Task<JsonElement> FilterAsync(long id)
        {
            using var http = new HttpClient { BaseAddress = Pipedrive.BaseAddress };
            http.DefaultRequestHeaders.Add("x-api-token", Token);
            using var document = JsonDocument.Parse(await http.GetStringAsync(new Uri($"api/v1/filters/{id}", UriKind.Relative)));
            return document.RootElement.GetProperty("data").Clone();
        }

        public async ValueTask DisposeAsync()
        {
            Host.Dispose();
            await Netmera.DisposeAsync();
            await Pipedrive.DisposeAsync();
        }
    }

    private async Task<Stage> StartAsync()
    {
        azurite.SkipIfUnavailable();
        return await Stage.StartAsync(azurite.ConnectionString);
    }

    [SkippableFact]
    public async Task Every_moved_segment_is_read_to_its_last_member_the_full_population_skipped_and_the_connector_recorded_lossy()
    {
        await using var stage = await StartAsync();
        var users = stage.Netmera.Users;
        var expected = new Dictionary<long, string[]>
        {
            [NetmeraSimulator.ActiveUsersSegmentId] = [.. users.Where(u => !u.IsDormant).Select(u => u.ExtId)],
            [1003] = [.. users.Where(u => u.HasPushPermittedDevice).Select(u => u.ExtId)],
            [1002] = [.. users.Where(u => u.IsEu).Select(u => u.ExtId)],
        };

        var clock = Stopwatch.StartNew();
        var result = await stage.ExtractSegmentsAsync(new RunOptions());
        clock.Stop();
        output.WriteLine($"Segments: {result.Listed} listed, {result.Moved} moved, {result.Members} memberships staged in {clock.Elapsed.TotalSeconds:0.0} s " +
            $"({result.Counts.Expected} listed members, 2,000 users, seed 42).");

        Assert.Equal((5, 3, expected.Values.Sum(v => (long)v.Length), 1), (result.Listed, result.Moved, result.Members, result.FilterBatchCount));
        var segments = await stage.SegmentsAsync();
        output.WriteLine(string.Join("; ", segments.Segments.Select(s => $"{s.Id} {s.Name} ({s.Type}): {(s.Moves ? $"{s.MembersRead} members" : s.SkipReason ?? s.Lossy)}")));
        Assert.Equal(expected.Keys.Order(), segments.Moved.Select(s => s.Id).Order());
        foreach (var (id, members) in expected)
        {
            var segment = segments.Find(id)!;
            Assert.Equal((true, true, (long)members.Length), (segment.Moves, segment.Read, segment.MembersRead));
            var staged = new List<SourceSegmentMember>();
            foreach (var page in await stage.Get<StagingStore>().ListArtifactsAsync(RunId, $"staged/segment-members/{id}-", None))
                staged.AddRange(await stage.Get<StagingStore>().ReadLinesAsync<SourceSegmentMember>(RunId, page, None));
            Assert.Equal(members.Order(StringComparer.Ordinal), staged.Select(m => m.ExtId).Order(StringComparer.Ordinal));
            Assert.All(staged, m => Assert.Equal((id, segment.Name), (m.SegmentId, m.SegmentName)));
        }
        Assert.Contains("full population", segments.Find(NetmeraSimulator.AllUsersSegmentId)!.SkipReason, StringComparison.Ordinal);
        Assert.Empty(await stage.Get<StagingStore>().ListArtifactsAsync(RunId, $"staged/segment-members/{NetmeraSimulator.AllUsersSegmentId}-", None));
        var connector = segments.Segments.Single(s => s.Type == StagedSegments.ConnectorType);
        Assert.False(connector.Moves);
        Assert.Contains("connector segment", connector.Lossy, StringComparison.Ordinal);
        Assert.True((await stage.Get<CheckpointStore>().TotalsAsync(RunId, None))[Phase.ExtractSegments].Balances);
    }

    [SkippableFact]
    public async Task Each_moved_segment_lands_once_as_a_person_filter_on_its_option_across_a_rerun_and_an_open_intent()
    {
        await using var stage = await StartAsync();
        await stage.ExtractSegmentsAsync(new RunOptions { Segments = SegmentSelection.Only([1002, 1003, 1004, NetmeraSimulator.AllUsersSegmentId]) });
        var segments = await stage.SegmentsAsync();
        Assert.Equal([1003L, 1002], segments.Moved.Select(s => s.Id));

        var map = await stage.ProposeApproveAndProvisionAsync();
        var line = map.Line(SourceItems.SegmentsId)!;
        Assert.Equal((FieldMapProposal.SegmentsField, PipedriveFieldTypes.Set), (line.Target.Name, line.Target.FieldType));
        Assert.Equal(["Push permitted users", "EU users"], line.Target.Options);
        var field = (await stage.Get<RunSchemaStore>().GetAsync(RunId, None)).Field(FieldEntity.Person, FieldMapProposal.SegmentsField)!;
        var fieldId = (await stage.Client.GetPersonFieldsV1Async(None)).Single(f => f.Key == field.Key).Id!.Value;

        // The process died after Pipedrive committed the EU users' filter and before the ledger heard of it.
        var eu = segments.Find(1002)!;
        var euName = SegmentFilterNames.Of(eu, segments.Moved);
        await stage.Get<IIdLedger>().RecordIntentsAsync(LoadFiltersBatchActivity.LedgerBatchOf(RunId, 0), [LedgerEntry.Intent("1002", "h")], None);
        var committed = await stage.Client.CreateFilterAsync(
            new NewFilter(euName, "people", FilterDraft.PersonFieldHolds(fieldId, field.OptionId(eu.Name)!.Value)), None);

        var first = await stage.LoadFiltersAsync(0);
        var afterFirst = await stage.Client.GetFiltersAsync("people", None);
        var second = await stage.LoadFiltersAsync(0);

        Assert.True(first.Finished);
        Assert.Equal(new PhaseCounts(2, 2, 0, 0, 0), first.Counts);
        Assert.Equal(first.Counts, second.Counts);
        var filters = await stage.Client.GetFiltersAsync("people", None);
        Assert.Equal(afterFirst.Select(f => f.Id), filters.Select(f => f.Id)); // the rerun created nothing
        Assert.Equal(["Netmera segment: EU users", "Netmera segment: Push permitted users"], filters.Select(f => f.Name).Order(StringComparer.Ordinal));
        Assert.Equal(committed.Id, filters.Single(f => f.Name == euName).Id);
        foreach (var segment in segments.Moved)
        {
            var filter = await stage.FilterAsync(filters.Single(f => f.Name == SegmentFilterNames.Of(segment, segments.Moved)).Id);
            var condition = Assert.Single(filter.GetProperty("conditions").GetProperty("conditions")[0].GetProperty("conditions").EnumerateArray());
            Assert.Equal(("person", fieldId.ToString(CultureInfo.InvariantCulture), "=", field.OptionId(segment.Name)!.Value.ToString(CultureInfo.InvariantCulture)),
                (condition.GetProperty("object").GetString(), condition.GetProperty("field_id").GetString(),
                 condition.GetProperty("operator").GetString(), condition.GetProperty("value").GetString()));
        }
        Assert.Equal(first.Counts, (await stage.Get<CheckpointStore>().TotalsAsync(RunId, None))[Phase.LoadFilters]);

        // Two members of "Push permitted users" are routed to person batch 0; one of them became a person.
        var push = stage.Netmera.Users.Where(u => u.HasPushPermittedDevice).Take(2).Select(u => u.ExtId).ToArray();
        await stage.Get<StagingStore>().WriteLinesAsync(RunId, StagedBatch.Name(StagedBatch.PersonExtras, 0),
            push.Select(id => new PersonExtras { ExtId = id, Segments = ["Push permitted users"] }), None);
        await stage.Get<IIdLedger>().RecordAsync(new LedgerBatch(RunId, LoadPersonsBatchActivity.LedgerObjectType, "000000"), new LedgerEntry { SourceId = push[0], State = LedgerState.Created, TargetId = 1 }, None);

        var report = await stage.Activity<WriteSegmentFilterReportActivity>().ExecuteAsync(new SegmentReportInput(RunId, 1), None);

        Assert.Equal((5, 2), (report.Segments, report.Filters));
        var csv = (await stage.Get<StagingStore>().ReadArtifactAsync(RunId, SegmentFilterReport.CsvPath, None))!.Content.Split('\n');
        var pushRow = csv.Single(r => r.StartsWith("1003,", StringComparison.Ordinal));
        Assert.Contains($",{segments.Find(1003)!.MembersRead},0,1,{segments.Find(1003)!.MembersRead - 1},", pushRow, StringComparison.Ordinal);
        Assert.Contains("connector segment", csv.Single(r => r.StartsWith("1004,", StringComparison.Ordinal)), StringComparison.Ordinal);
        Assert.Contains("not selected", csv.Single(r => r.StartsWith("1005,", StringComparison.Ordinal)), StringComparison.Ordinal);
        var markdown = (await stage.Get<StagingStore>().ReadArtifactAsync(RunId, SegmentFilterReport.MarkdownPath, None))!.Content;
        Assert.Contains($"Netmera segment: EU users (id {committed.Id})", markdown, StringComparison.Ordinal);
        Assert.Contains("membership snapshot", markdown, StringComparison.Ordinal);
    }
}
