using Microsoft.Extensions.Logging.Abstractions;
using Migration.Domain.Ledger;
using Migration.Domain.Mapping;
using Migration.Domain.Organizations;
using Migration.Domain.Persons;
using Migration.Domain.Reconciliation;
using Migration.Sandbox;

namespace Migration.Pipedrive.Tests;

/// <summary>Organizations exactly once (DESIGN §4.1) and persons linked to them, judged by what the Pipedrive simulator holds.</summary>
public sealed class OrganizationWriterTests
{
    private static readonly CancellationToken None = CancellationToken.None;
    private static readonly LedgerBatch Batch = OrganizationDirectory.LedgerBatchOf("run-o", 0);

    private static List<StagedOrganization> Organizations(int count) =>
        [.. Enumerable.Range(0, count).Select(i => new StagedOrganization($"şirket {i:D3}", $"Şirket {i:D3}", i + 1))];

    private static Task<ProvisionedSchema> Provision(PipedriveAccount account) =>
        new SchemaProvisioner(account.Client).ProvisionAsync(SchemaRequirements.From(new FieldMap(1, [])), None);

    private static OrganizationWriter Writer(PipedriveAccount account, IIdLedger ledger) =>
        new(account.Client, ledger, NullLogger<OrganizationWriter>.Instance);

    private static async Task<List<Organization>> AllOrganizations(PipedriveClient client)
    {
        var organizations = new List<Organization>();
        await foreach (var organization in client.GetOrganizationsAsync(None))
            organizations.Add(organization);
        return organizations;
    }

    [Fact]
    public async Task A_batch_written_twice_creates_each_organization_once_stamped_and_named()
    {
        await using var account = await PipedriveAccount.StartAsync();
        var schema = await Provision(account);
        var ledger = new MemoryLedger();
        var users = await account.Client.GetUsersAsync(None);

        var first = await Writer(account, ledger).WriteAsync(Batch, Organizations(12), schema, users[0].Id, None);
        var second = await Writer(account, ledger).WriteAsync(Batch, Organizations(12), schema, users[0].Id, None);

        Assert.Equal(new PhaseCounts(12, 12, 0, 0, 0), first.Counts);
        Assert.Equal(first.Counts, second.Counts);
        var stored = await AllOrganizations(account.Client);
        Assert.Equal(12, stored.Count);
        var stampKey = schema.NetmeraId(FieldEntity.Organization).Key;
        Assert.Equal(Organizations(12).Select(o => o.NetmeraId).Order(StringComparer.Ordinal),
            stored.Select(o => o.CustomFields![stampKey]!.Value.GetString()).Order(StringComparer.Ordinal));
        Assert.Contains(stored, o => o.Name == "Şirket 003");
        Assert.All(stored, o => Assert.Equal(users[0].Id, o.OwnerId));
    }

    [Fact]
    public async Task An_open_intent_left_by_a_crash_is_resolved_by_the_stamp_not_created_again()
    {
        await using var account = await PipedriveAccount.StartAsync();
        var schema = await Provision(account);
        var stampKey = schema.NetmeraId(FieldEntity.Organization).Key;
        var ledger = new MemoryLedger();
        var organizations = Organizations(5);

        // The process died after Pipedrive committed organization 2 and before the ledger heard of it; 4 never left.
        await ledger.RecordIntentsAsync(Batch, [.. organizations.Select(o => LedgerEntry.Intent(o.NetmeraId, OrganizationWriter.PayloadHash(o, null)))], None);
        var committed = await account.Client.CreateOrganizationAsync(OrganizationWriter.ToWrite(organizations[2], stampKey, null), None);
        // Another organization carries the same text in its name only: the stamp field decides.
        await account.Client.CreateOrganizationAsync(new OrganizationWrite { Name = organizations[4].NetmeraId }, None);

        var result = await Writer(account, ledger).WriteAsync(Batch, organizations, schema, null, None);

        Assert.Equal(new PhaseCounts(5, 5, 0, 0, 0), result.Counts);
        var stored = await AllOrganizations(account.Client);
        Assert.Equal(6, stored.Count);
        Assert.Single(stored, o => o.CustomFields!.TryGetValue(stampKey, out var v) && v?.GetString() == organizations[2].NetmeraId);
        Assert.Equal(committed.Id, (await ledger.ReadBatchAsync(Batch, None))[organizations[2].NetmeraId].TargetId);
    }

    [Fact]
    public async Task Posts_committed_then_lost_on_the_way_back_leave_one_organization_each()
    {
        await using var account = await PipedriveAccount.StartAsync(simulator: o => o with
        {
            Faults = new PipedriveFaults { CommitThenFailShare = 0.4, Seed = 7 },
        });
        ProvisionedSchema schema = null!;
        // Provisioning writes too: a lost answer there fails the attempt, and the next one finds what was made.
        for (var attempt = 0; schema is null; attempt++)
        {
            try
            {
                schema = await Provision(account);
            }
            catch (PipedriveTransientException) when (attempt < 20)
            {
            }
        }
        var ledger = new MemoryLedger();
        var organizations = Organizations(25);

        OrganizationBatchResult? result = null;
        for (var run = 0; result is null || result.Counts.Created < 25; run++)
        {
            Assert.True(run < 10, "the batch should finish within a few reruns");
            try
            {
                result = await Writer(account, ledger).WriteAsync(Batch, organizations, schema, null, None);
            }
            catch (PipedriveTransientException)
            {
                // Three lost answers in a row for one organization: the batch runs again, as the orchestrator would.
            }
        }

        var stored = await AllOrganizations(account.Client);
        var stampKey = schema.NetmeraId(FieldEntity.Organization).Key;
        Assert.Equal(25, stored.Count);
        Assert.Equal(25, stored.Select(o => o.CustomFields![stampKey]!.Value.GetString()).Distinct().Count());
    }

    [Fact]
    public async Task Pipedrive_refusing_an_organization_is_a_reject_and_its_persons_are_written_without_one()
    {
        await using var account = await PipedriveAccount.StartAsync();
        var schema = await Provision(account);
        var ledger = new MemoryLedger();
        var organizations = Organizations(2);
        organizations[1] = organizations[1] with { Name = "" };

        var result = await Writer(account, ledger).WriteAsync(Batch, organizations, schema, null, None);

        Assert.Equal(new PhaseCounts(2, 1, 0, 0, 1), result.Counts);
        Assert.Equal(RejectReason.PipedriveValidation, Assert.Single(result.Rejected).ReasonCode);
        var index = OrganizationIndex.Split(organizations).Index;
        var directory = await OrganizationDirectory.ReadAsync(ledger, "run-o", index, organizations.Select(o => o.Key), None);
        Assert.NotNull(directory.Resolve(organizations[0].Key));
        Assert.Null(directory.Resolve(organizations[1].Key));
    }

    [Fact]
    public async Task Persons_are_written_with_their_organization_and_read_back_compares_it()
    {
        await using var account = await PipedriveAccount.StartAsync();
        var schema = await Provision(account);
        var ledger = new MemoryLedger();
        var organizations = Organizations(3);
        await Writer(account, ledger).WriteAsync(Batch, organizations, schema, null, None);
        var (index, _) = OrganizationIndex.Split(organizations);
        List<PersonMappingOutcome> outcomes =
        [
            PersonMappingOutcome.Accept(new PersonDraft("nm-1", "A", "a@example.com", null) { Organization = organizations[1].Key }),
            PersonMappingOutcome.Accept(new PersonDraft("nm-2", "B", "b@example.com", null) { Organization = organizations[2].Key }),
            PersonMappingOutcome.Accept(new PersonDraft("nm-3", "C", "c@example.com", null)),
        ];
        var directory = await OrganizationDirectory.ReadAsync(ledger, "run-o", index, outcomes.Select(o => o.Person!.Organization), None);

        var personBatch = new LedgerBatch("run-o", "person", "000000");
        await account.Writer(ledger).WriteAsync(personBatch, outcomes, schema, null, directory, None);

        var rows = await ledger.ReadBatchAsync(personBatch, None);
        var organizationRows = await ledger.ReadBatchAsync(Batch, None);
        var persons = (await account.Client.GetPersonsByIdsAsync([.. rows.Values.Select(r => r.TargetId!.Value)], None)).ToDictionary(p => p.Id);
        Assert.Equal(organizationRows[organizations[1].NetmeraId].TargetId, persons[rows["nm-1"].TargetId!.Value].OrgId);
        Assert.Equal(organizationRows[organizations[2].NetmeraId].TargetId, persons[rows["nm-2"].TargetId!.Value].OrgId);
        Assert.Null(persons[rows["nm-3"].TargetId!.Value].OrgId);

        // Read back: the link matches; moved to another organization in Pipedrive, it shows as a mismatch.
        var linked = persons[rows["nm-1"].TargetId!.Value];
        Assert.Contains(PersonReadBack.Compare(outcomes[0].Person!, linked, schema, null, directory), r => r is { Field: "Organization", Match: true });
        var moved = linked with { OrgId = organizationRows[organizations[0].NetmeraId].TargetId };
        Assert.Contains(PersonReadBack.Mismatches(PersonReadBack.Compare(outcomes[0].Person!, moved, schema, null, directory)), r => r.Field == "Organization");
    }
}
