using Migration.Domain.Ledger;
using Migration.Domain.Mapping;
using Migration.Domain.Persons;
using Migration.Domain.Reconciliation;
using Migration.Tests.Shared.Contracts;

namespace Migration.Pipedrive.Tests;

/// <summary>
/// Every field type a map line can target, written through the simulator and read back with the client:
/// provision, write, read, compare. Requests and responses are checked against the official specs.
/// </summary>
[Collection("contracts")]
public sealed class MappedValueRoundTripTests(ContractSpecs specs)
{
    private static readonly CancellationToken None = CancellationToken.None;

    /// <summary>A value for every type in <see cref="PipedriveFieldTypes.All"/>; the test fails when a type has none.</summary>
    private static MappedValue ValueFor(string type) => type switch
    {
        PipedriveFieldTypes.Varchar => Mapped(type) with { Text = "Istanbul" },
        PipedriveFieldTypes.Text => Mapped(type) with { Text = "A long note\nwith two lines and ünïcödé." },
        PipedriveFieldTypes.Double => Mapped(type) with { Number = 1250.50m },
        PipedriveFieldTypes.Monetary => Mapped(type) with { Number = 99.9m, Currency = "try" },
        PipedriveFieldTypes.Date => Mapped(type) with { Date = new DateOnly(2024, 2, 29) },
        PipedriveFieldTypes.Enum => Mapped(type) with { Options = ["silver"] },
        PipedriveFieldTypes.Set => Mapped(type) with { Options = ["Sports", "News"] },
        PipedriveFieldTypes.Phone => Mapped(type) with { Text = "+90 532 000 00 00" },
        PipedriveFieldTypes.Time => Mapped(type) with { Text = "09:30" },
        PipedriveFieldTypes.Address => Mapped(type) with { Text = "Büyükdere Cd. 1, Şişli, İstanbul" },
        _ => throw new InvalidOperationException($"No round-trip value for the field type '{type}': add one."),
    };

    private static MappedValue Mapped(string type) => new(SchemaMaps.FieldFor(type), type);

    private static PersonDraft Draft(string owner) => new("nm-rt-1", "Ayşe Yılmaz", "ayse@example.com", "+905320000001")
    {
        CustomValues = [.. PipedriveFieldTypes.All.Select(ValueFor)],
        Labels = ["vip", "Customer"],
        Owner = owner,
    };

    private static async Task<(PipedriveAccount Account, ProvisionedSchema Schema, OwnerDirectory Owners)> Provisioned(PipedriveSpec? spec = null)
    {
        var account = await PipedriveAccount.StartAsync(spec: spec);
        var schema = await new SchemaProvisioner(account.Client).ProvisionAsync(SchemaRequirements.From(SchemaMaps.RoundTrip()), None);
        var owners = await OwnerDirectory.ReadAsync(account.Client, defaultOwnerId: null, None);
        return (account, schema, owners);
    }

    [SkippableFact]
    public async Task Every_field_type_the_map_can_produce_reads_back_as_written()
    {
        var (account, schema, owners) = await Provisioned(specs.Pipedrive);
        await using var _ = account;
        var user = owners.Users.OrderBy(u => u.Id).Last();
        var draft = Draft(user.Email!.ToUpperInvariant());

        var created = await account.Client.CreatePersonAsync(PersonWriter.ToWrite(draft, schema, owners), None);
        var actual = await account.Client.GetPersonAsync(created.Id, None);
        var rows = PersonReadBack.Compare(draft, actual, schema, owners);

        Assert.Empty(PersonReadBack.Mismatches(rows));
        foreach (var type in PipedriveFieldTypes.All)
            Assert.Contains(rows, r => r.Field == SchemaMaps.FieldFor(type) && r.Expected.Length > 0 && r.Match);
        Assert.Contains(rows, r => r.Field == "Owner" && r.Match && r.Actual.Contains($"#{user.Id}", StringComparison.Ordinal));
        Assert.Equal(user.Id, actual.OwnerId);
        Assert.Contains(rows, r => r is { Field: "Labels", Expected: "Customer; VIP", Match: true });
        Assert.Contains(rows, r => r is { Field: "Netmera ID", Expected: "nm-rt-1", Match: true });
        Assert.Contains(rows, r => r is { Field: "RT double", Actual: "1250.5" });
        Assert.Contains(rows, r => r is { Field: "RT monetary", Actual: "99.9 TRY" });
        Assert.Contains(rows, r => r is { Field: "RT date", Actual: "2024-02-29" });
        Assert.Contains(rows, r => r is { Field: "RT enum", Actual: "Silver" });
        Assert.Contains(rows, r => r is { Field: "RT set", Expected: "News; Sports", Actual: "News; Sports" });
        Assert.Contains(rows, r => r is { Field: "RT time", Actual: "09:30:00" });
        Assert.True(account.ContractProblems.Count == 0, string.Join("\n", account.ContractProblems));
    }

    [Fact]
    public async Task A_value_changed_in_pipedrive_after_the_write_shows_as_a_mismatch()
    {
        var (account, schema, owners) = await Provisioned();
        await using var _ = account;
        var draft = Draft("nobody@example.com");
        var created = await account.Client.CreatePersonAsync(PersonWriter.ToWrite(draft, schema, owners), None);

        // Someone edits the person in Pipedrive.
        var set = schema.Field("person", SchemaMaps.SetField)!;
        var points = schema.Field("person", SchemaMaps.FieldFor("double"))!;
        await account.Client.UpdatePersonAsync(created.Id, new PersonWrite
        {
            LabelIds = [schema.PersonLabel("Churn risk")!.Id],
            CustomFields = new Dictionary<string, object?>
            {
                [set.Key] = CustomFieldValue.Options([set.OptionId("Offers")!.Value]),
                [points.Key] = CustomFieldValue.Number(1250.51m),
            },
        }, None);
        var rows = PersonReadBack.Compare(draft, await account.Client.GetPersonAsync(created.Id, None), schema, owners);

        var mismatches = PersonReadBack.Mismatches(rows);
        Assert.Equal(["Labels", "RT double", "RT set"], mismatches.Select(m => m.Field).Order());
        Assert.Contains(mismatches, m => m is { Field: "RT set", Expected: "News; Sports", Actual: "Offers" });
        Assert.Contains(mismatches, m => m is { Field: "Labels", Expected: "Customer; VIP", Actual: "Churn risk" });
        // No owner text matched and no default: Pipedrive's choice is accepted.
        Assert.Contains(rows, r => r is { Field: "Owner", Match: true });
    }

    [Fact]
    public async Task A_value_present_in_pipedrive_that_the_draft_leaves_empty_is_a_mismatch()
    {
        var (account, schema, owners) = await Provisioned();
        await using var _ = account;
        var written = Draft("nobody@example.com");
        var created = await account.Client.CreatePersonAsync(PersonWriter.ToWrite(written, schema, owners), None);
        var actual = await account.Client.GetPersonAsync(created.Id, None);

        // The same person as a later source says it: no text field, another email.
        var now = written with
        {
            Email = "ayse.yilmaz@example.com",
            CustomValues = [.. written.CustomValues.Where(v => v.FieldType != PipedriveFieldTypes.Text)],
        };
        var mismatches = PersonReadBack.Mismatches(PersonReadBack.Compare(now, actual, schema, owners));

        Assert.Equal(["Email", "RT text"], mismatches.Select(m => m.Field).Order());
        Assert.Contains(mismatches, m => m is { Field: "RT text", Expected: "" } && m.Actual.StartsWith("A long note", StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_writer_overload_takes_keys_from_the_schema_and_rejects_values_that_do_not_fit_it()
    {
        var (account, schema, owners) = await Provisioned();
        await using var _ = account;
        var ledger = new MemoryLedger();
        var batch = new LedgerBatch("run-rt", "person", "000000");
        var good = Draft(owners.Users[0].Name!) with { NetmeraId = "nm-good" };
        var bad = Draft(owners.Users[0].Name!) with
        {
            NetmeraId = "nm-bad",
            CustomValues = [Mapped(PipedriveFieldTypes.Enum) with { Options = ["Platinum"] }],
        };

        var result = await account.Writer(ledger).WriteAsync(
            batch, [PersonMappingOutcome.Accept(good), PersonMappingOutcome.Accept(bad)], schema, owners, None);

        Assert.Equal(new PhaseCounts(2, 1, 0, 0, 1), result.Counts);
        var rejected = Assert.Single(result.Rejected);
        Assert.Equal("nm-bad", rejected.SourceId);
        Assert.Contains("'Platinum' is not an option", rejected.ReasonDetail, StringComparison.Ordinal);
        var rows = await ledger.ReadBatchAsync(batch, None);
        var person = await account.Client.GetPersonAsync(rows["nm-good"].TargetId!.Value, None);
        Assert.Empty(PersonReadBack.Mismatches(PersonReadBack.Compare(good, person, schema, owners)));
        Assert.Equal(owners.Users[0].Id, person.OwnerId);
    }

    [Fact]
    public void Owners_resolve_by_email_then_by_name_then_to_the_default()
    {
        var owners = new OwnerDirectory(
        [
            new User(7, "Deniz Kaya", "deniz@acme.test", true, false, null),
            new User(8, "Ece Demir", "ece@acme.test", true, false, null),
            new User(9, "deniz@acme.test", "other@acme.test", true, false, null),
            new User(10, "Gone User", "gone@acme.test", false, false, null),
        ], defaultOwnerId: 8);

        Assert.Equal(7, owners.Resolve(" DENIZ@acme.test "));
        Assert.Equal(8, owners.Resolve("ece demir"));
        Assert.Equal(8, owners.Resolve("gone@acme.test"));
        Assert.Equal(8, owners.Resolve("someone@else.test"));
        Assert.Equal(8, owners.Resolve(null));
        Assert.Null(new OwnerDirectory([], null).Resolve("deniz@acme.test"));
    }
}
