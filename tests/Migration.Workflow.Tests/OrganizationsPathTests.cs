using System.Text.Json;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Migration.Domain.Mapping;
using Migration.Domain.Organizations;
using Migration.Domain.Persons;
using Migration.Domain.Reconciliation;
using Migration.Domain.Runs;
using Migration.Domain.Staging;
using Migration.Pipedrive;
using Migration.Sandbox;
using Migration.Sandbox.Dataset;
using Migration.Storage;
using Migration.Tests.Shared;
using Migration.Workflow.Activities;
using Migration.Workflow.Models;
using Xunit.Abstractions;
using DomainUser = Migration.Domain.Source.SourceUser;
using Stopwatch = System.Diagnostics.Stopwatch;

namespace Migration.Workflow.Tests;

/// <summary>
/// The sandbox's "Company" attribute through the whole organizations path on Azurite and the Pipedrive simulator:
/// staged users → organizations planned (deterministic, counts balance) → organizations loaded once → persons
/// linked to the organization their company names, by the production activities.
/// </summary>
public sealed class OrganizationsPathTests(AzuriteFixture azurite, ITestOutputHelper output) : IClassFixture<AzuriteFixture>
{
    private const string RunId = "run-organizations";
    private const int Users = 2000;
    private static readonly CancellationToken None = CancellationToken.None;

    private sealed record World(IServiceProvider Services, PipedriveSimulator Simulator, PipedriveClient Client) : IAsyncDisposable
    {
        public ValueTask DisposeAsync() => Simulator.DisposeAsync();
    }

    /// <summary>The sandbox users as extraction stages them (identity and the profile attributes this path reads).</summary>
    private static DomainUser Staged(SourceUser user)
    {
        var profile = new Dictionary<string, JsonElement>();
        void Add(string code, string? value)
        {
            if (value is not null)
                profile[code] = JsonSerializer.SerializeToElement(value);
        }
        Add("name", user.Name);
        Add("surname", user.Surname);
        Add("company", user.Company);
        return new DomainUser { ExtId = user.ExtId, Email = user.Email, Msisdn = user.Msisdn, Profile = profile };
    }

    private static readonly FieldMap Map = new(1,
    [
        new MappingLine("profile:company", new SourceItem(SourceKinds.Profile, "company", "Company", "STRING", false),
            new FieldTarget(TargetEntities.Organization, TargetKinds.Standard, "name", null), Transforms.Truncate255, 0.8, "test", []),
    ]);

    private async Task<World> StartAsync()
    {
        azurite.SkipIfUnavailable();
        var simulator = await PipedriveSimulator.StartAsync(new PipedriveSimulatorOptions { ApiToken = "t", Seed = 3 });
        var builder = Host.CreateApplicationBuilder();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ConnectionStrings:MigrationStorage"] = azurite.ConnectionString,
            ["Migration:TaskHub"] = "O" + Guid.NewGuid().ToString("N")[..12],
            ["Pipedrive:Connections:test:BaseUrl"] = simulator.BaseAddress.ToString(),
            ["Pipedrive:Connections:test:ApiToken"] = "t",
            ["Pipedrive:Connections:test:Plan"] = "Ultimate",
        });
        builder.AddWorkflowServices();
        var services = builder.Build().Services;
        await services.GetRequiredService<MigrationStorage>().EnsureCreatedAsync(None);
        var client = services.GetRequiredService<PipedriveClientFactory>().Create("test");

        // What extraction, the mapping gate and the schema phase leave.
        var staging = services.GetRequiredService<StagingStore>();
        var batch = 0;
        foreach (var chunk in SourceDataset.Generate(Users, 42).Select(Staged).Chunk(100))
            await staging.WriteBatchAsync(RunId, StagedBatch.Name(StagedBatch.Persons, batch++), chunk, None);
        var mappings = services.GetRequiredService<MappingStore>();
        await mappings.TryAddVersionAsync(RunId, Map, None);
        await mappings.TryFreezeAsync(RunId, Map, None);
        var schema = await new SchemaProvisioner(client).ProvisionAsync(SchemaRequirements.From(Map), None);
        await services.GetRequiredService<RunSchemaStore>().SaveAsync(RunId, schema, None);
        return new World(services, simulator, client);
    }

    private static LoadBatchInput Input(string phase, int batch) =>
        new(RunId, "test", phase, batch, new PipedriveAllowance(1_000, 100, 1_000_000, DateTimeOffset.UtcNow.AddDays(1)));

    private static async Task<OrganizationPlan> PlanAsync(IServiceProvider services, int chunkSize)
    {
        var input = new PlanOrganizationsInput(RunId, Users / 100) { BatchesPerChunk = chunkSize };
        var collect = ActivatorUtilities.CreateInstance<CollectOrganizationsActivity>(services);
        for (var chunk = 0; chunk < input.Chunks; chunk++)
        {
            var first = chunk * chunkSize;
            await collect.ExecuteAsync(new OrganizationChunkInput(RunId, chunk, first, Math.Min(chunkSize, input.PersonBatches - first)), None);
        }
        return await ActivatorUtilities.CreateInstance<StageOrganizationsActivity>(services).ExecuteAsync(new StageOrganizationsInput(RunId, input.Chunks), None);
    }

    [SkippableFact]
    public async Task The_company_attribute_becomes_organizations_once_and_persons_link_to_theirs()
    {
        await using var world = await StartAsync();
        var services = world.Services;
        var store = new OrganizationStaging(services.GetRequiredService<StagingStore>());
        var expected = SourceDataset.Generate(Users, 42)
            .Where(u => u.Company is not null && !PersonMapping.Map(Staged(u)).IsRejected)
            .ToList();

        // Planned twice, in chunks of different sizes: the same organizations, named by their commonest spelling.
        var plan = await PlanAsync(services, chunkSize: 3);
        var firstBatch = await store.ReadBatchAsync(RunId, 0, None);
        var again = await PlanAsync(services, chunkSize: 20);
        Assert.Equal(plan, again);
        Assert.Equal(firstBatch, await store.ReadBatchAsync(RunId, 0, None));
        Assert.Equal(expected.Count, plan.PersonsWithOrganization);
        Assert.Equal(expected.Select(u => OrganizationRule.Fold(u.Company!)).Distinct().Count(), plan.Organizations);
        var staged = new List<StagedOrganization>();
        for (var b = 0; b < plan.Batches; b++)
            staged.AddRange(await store.ReadBatchAsync(RunId, b, None));
        Assert.Equal(plan.PersonsWithOrganization, staged.Sum(o => o.Members));
        Assert.All(staged, o => Assert.InRange(o.Name.Length, 1, 255));

        // Organizations load, twice: each is created once and the counts balance.
        var loadOrganizations = ActivatorUtilities.CreateInstance<LoadOrganizationsBatchActivity>(services);
        var clock = Stopwatch.StartNew();
        for (var b = 0; b < plan.Batches; b++)
            await loadOrganizations.ExecuteAsync(Input(Phase.LoadOrganizations, b), None);
        clock.Stop();
        for (var b = 0; b < plan.Batches; b++)
            await loadOrganizations.ExecuteAsync(Input(Phase.LoadOrganizations, b), None);
        var counts = (await services.GetRequiredService<CheckpointStore>().TotalsAsync(RunId, None))[Phase.LoadOrganizations];
        Assert.Equal(new PhaseCounts(plan.Organizations, plan.Organizations, 0, 0, 0), counts);
        var organizations = new Dictionary<long, string>();
        await foreach (var o in world.Client.GetOrganizationsAsync(None))
            organizations.Add(o.Id, o.Name!);
        Assert.Equal(plan.Organizations, organizations.Count);
        output.WriteLine($"{plan.Organizations} organizations for {plan.PersonsWithOrganization} of {Users} users; " +
            $"{plan.Organizations / clock.Elapsed.TotalSeconds:F0} organizations created per second");

        // Persons: each one whose company the dataset names links to the organization of that company.
        var loadPersons = ActivatorUtilities.CreateInstance<LoadPersonsBatchActivity>(services);
        for (var b = 0; b < Users / 100; b++)
            await loadPersons.ExecuteAsync(Input(Phase.LoadPersons, b), None);
        var ledger = services.GetRequiredService<Domain.Ledger.IIdLedger>();
        var personIds = new Dictionary<string, long>();
        for (var b = 0; b < Users / 100; b++)
        {
            foreach (var row in (await ledger.ReadBatchAsync(new Domain.Ledger.LedgerBatch(RunId, LoadPersonsBatchActivity.LedgerObjectType, b.ToString("D6", System.Globalization.CultureInfo.InvariantCulture)), None)).Values.Where(r => r.TargetId is not null))
                personIds[row.SourceId] = row.TargetId!.Value;
        }
        var persons = (await world.Client.GetPersonsByIdsAsync(personIds.Values, None)).ToDictionary(p => p.Id);
        var linked = 0;
        foreach (var user in SourceDataset.Generate(Users, 42).Where(u => personIds.ContainsKey(u.ExtId)))
        {
            var person = persons[personIds[user.ExtId]];
            if (user.Company is null)
            {
                Assert.Null(person.OrgId);
                continue;
            }
            Assert.NotNull(person.OrgId);
            Assert.Equal(OrganizationRule.Fold(PersonMapping.Truncate(OrganizationRule.Named(user.Company)!.Spelling, 255)),
                OrganizationRule.Fold(organizations[person.OrgId.Value]));
            linked++;
        }
        Assert.Equal(expected.Count, linked);
    }
}
