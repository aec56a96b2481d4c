using System.Text.Json;
using Migration.Domain.Ledger;
using Migration.Domain.Persons;
using Migration.Domain.Reconciliation;

namespace Migration.Pipedrive.Tests;

/// <summary>The exactly-once rules of DESIGN §4.1, checked by what the Pipedrive simulator ends up holding.</summary>
public sealed class PersonWriterTests
{
    private static readonly LedgerBatch Batch = new("run-w", "person", "000000");

    private static List<PersonMappingOutcome> Outcomes(int count) =>
        Enumerable.Range(0, count)
            .Select(i => PersonMappingOutcome.Accept(new PersonDraft($"nm-{i:D4}", $"Person {i}", $"p{i}@example.com", $"+9053100{i:D5}")))
            .ToList();

    private static async Task<List<Person>> AllPersons(PipedriveClient client)
    {
        var persons = new List<Person>();
        await foreach (var person in client.GetPersonsAsync(CancellationToken.None))
            persons.Add(person);
        return persons;
    }

    [Fact]
    public async Task A_batch_written_twice_creates_each_person_once_and_reports_the_same_counts()
    {
        await using var account = await PipedriveAccount.StartAsync();
        var key = (await new NetmeraIdField(account.Client).EnsureAsync(CancellationToken.None)).Key;
        var ledger = new MemoryLedger();
        var writer = account.Writer(ledger);

        var first = await writer.WriteAsync(Batch, Outcomes(30), key, CancellationToken.None);
        var second = await writer.WriteAsync(Batch, Outcomes(30), key, CancellationToken.None);

        Assert.Equal(new PhaseCounts(30, 30, 0, 0, 0), first.Counts);
        Assert.Equal(first.Counts, second.Counts);
        var persons = await AllPersons(account.Client);
        Assert.Equal(30, persons.Count);
        Assert.Equal(Enumerable.Range(0, 30).Select(i => $"nm-{i:D4}"), persons.Select(p => p.CustomFields![key]!.Value.GetString()).Order());
    }

    [Fact]
    public async Task A_batch_its_allowance_stops_mid_round_keeps_what_it_created_and_the_next_attempt_pays_only_for_the_rest()
    {
        await using var account = await PipedriveAccount.StartAsync();
        var key = (await new NetmeraIdField(account.Client).EnsureAsync(CancellationToken.None)).Key;
        var ledger = new MemoryLedger();
        var outcomes = Outcomes(40);
        var resetsAt = DateTimeOffset.UtcNow.AddDays(1);

        // 13 creates' worth of tokens (5 each): the allowance runs out part way through the first round.
        var small = account.Factory.Create("test", new PipedriveAllowance(120, 10, 13 * 5, resetsAt));
        await Assert.ThrowsAsync<PipedriveBudgetExhaustedException>(() =>
            PipedriveAccount.Writer(ledger, small).WriteAsync(Batch, outcomes, key, CancellationToken.None));
        Assert.Equal(13, (await AllPersons(account.Client)).Count);
        Assert.Equal(13, (await ledger.ReadBatchAsync(Batch, CancellationToken.None)).Values.Count(e => e.IsFinal));

        var next = account.Factory.Create("test", new PipedriveAllowance(120, 10, 1_000, resetsAt));
        var result = await PipedriveAccount.Writer(ledger, next).WriteAsync(Batch, outcomes, key, CancellationToken.None);

        Assert.Equal(new PhaseCounts(40, 40, 0, 0, 0), result.Counts);
        Assert.Equal(40, (await AllPersons(account.Client)).Select(p => p.CustomFields![key]!.Value.GetString()).Distinct().Count());
        // The 27 persons left, 5 tokens each: no search was needed to find out what the stopped attempt did.
        Assert.Equal(27 * 5, next.Usage.Tokens);
    }

    [Fact]
    public async Task An_open_intent_the_budget_stops_after_its_search_pauses_the_batch_and_stays_open()
    {
        await using var account = await PipedriveAccount.StartAsync();
        var key = (await new NetmeraIdField(account.Client).EnsureAsync(CancellationToken.None)).Key;
        var ledger = new MemoryLedger();
        var outcomes = Outcomes(1);
        await ledger.RecordIntentsAsync(Batch, [LedgerEntry.Intent("nm-0000", outcomes[0].Person!.PayloadHash())], CancellationToken.None);

        // Tokens for the search (20) and none for the create that follows it: a budget pause, as the load handles it.
        var client = account.Factory.Create("test", new PipedriveAllowance(120, 10, 20, DateTimeOffset.UtcNow.AddDays(1)));
        await Assert.ThrowsAsync<PipedriveBudgetExhaustedException>(() =>
            PipedriveAccount.Writer(ledger, client).WriteAsync(Batch, outcomes, key, CancellationToken.None));

        Assert.Empty(await AllPersons(account.Client));
        Assert.False((await ledger.ReadBatchAsync(Batch, CancellationToken.None))["nm-0000"].IsFinal);
    }

    [Fact]
    public async Task An_open_intent_whose_post_was_committed_is_resolved_by_search_not_created_again()
    {
        await using var account = await PipedriveAccount.StartAsync();
        var key = (await new NetmeraIdField(account.Client).EnsureAsync(CancellationToken.None)).Key;
        var ledger = new MemoryLedger();
        var outcomes = Outcomes(5);

        // The process died after Pipedrive committed nm-0002 and before the ledger heard of it.
        await ledger.RecordIntentsAsync(Batch, outcomes.Select(o => LedgerEntry.Intent(o.ExtId, o.Person!.PayloadHash())).ToList(), CancellationToken.None);
        var committed = await account.Client.CreatePersonAsync(PersonWriter.ToWrite(outcomes[2].Person!, key), CancellationToken.None);

        var result = await account.Writer(ledger).WriteAsync(Batch, outcomes, key, CancellationToken.None);

        Assert.Equal(new PhaseCounts(5, 5, 0, 0, 0), result.Counts);
        Assert.Equal(5, (await AllPersons(account.Client)).Count);
        var rows = await ledger.ReadBatchAsync(Batch, CancellationToken.None);
        Assert.Equal(committed.Id, rows["nm-0002"].TargetId);
    }

    [Fact]
    public async Task Only_the_netmera_id_field_counts_when_searching_for_a_lost_write()
    {
        await using var account = await PipedriveAccount.StartAsync();
        var key = (await new NetmeraIdField(account.Client).EnsureAsync(CancellationToken.None)).Key;
        var other = await account.Client.CreateFieldAsync(FieldEntity.Person, new NewField("Legacy ref", "varchar"), CancellationToken.None);
        // Someone else's person happens to hold the same text in another custom field.
        await account.Client.CreatePersonAsync(new PersonWrite
        {
            Name = "Unrelated",
            CustomFields = new Dictionary<string, object?> { [other.FieldCode] = "nm-0000" },
        }, CancellationToken.None);
        var ledger = new MemoryLedger();
        var outcomes = Outcomes(1);
        await ledger.RecordIntentsAsync(Batch, [LedgerEntry.Intent("nm-0000", "h")], CancellationToken.None);

        await account.Writer(ledger).WriteAsync(Batch, outcomes, key, CancellationToken.None);

        var persons = await AllPersons(account.Client);
        Assert.Equal(2, persons.Count);
        Assert.Single(persons, p => p.CustomFields!.TryGetValue(key, out var v) && v?.GetString() == "nm-0000");
    }

    [Fact]
    public async Task Pipedrive_refusing_a_person_is_a_reject_with_its_message_not_a_failure()
    {
        await using var account = await PipedriveAccount.StartAsync();
        var key = (await new NetmeraIdField(account.Client).EnsureAsync(CancellationToken.None)).Key;
        var outcomes = Outcomes(3);
        outcomes[1] = PersonMappingOutcome.Accept(outcomes[1].Person! with { Name = new string('x', 300) });
        outcomes.Add(PersonMappingOutcome.Reject("nm-9999", RejectReason.InvalidEmail, "bad email"));

        var result = await account.Writer(new MemoryLedger()).WriteAsync(Batch, outcomes, key, CancellationToken.None);

        Assert.Equal(new PhaseCounts(4, 2, 0, 0, 2), result.Counts);
        Assert.True(result.Counts.Balances);
        var refused = Assert.Single(result.Rejected, r => r.SourceId == "nm-0001");
        Assert.Equal(RejectReason.PipedriveValidation, refused.ReasonCode);
        Assert.StartsWith("Pipedrive 400", refused.ReasonDetail, StringComparison.Ordinal);
        Assert.Equal(2, (await AllPersons(account.Client)).Count);
    }

    [Fact]
    public async Task The_netmera_id_field_is_created_once_and_found_afterwards()
    {
        await using var account = await PipedriveAccount.StartAsync();
        var first = await new NetmeraIdField(account.Client).EnsureAsync(CancellationToken.None);
        var second = await new NetmeraIdField(account.Client).EnsureAsync(CancellationToken.None);

        Assert.True(first.Created);
        Assert.False(second.Created);
        Assert.Equal(first.Key, second.Key);
        Assert.Equal(40, first.Key.Length);
        Assert.Single(await account.Client.GetFieldsAsync(FieldEntity.Person, CancellationToken.None), f => f.FieldName == NetmeraIdField.FieldName);
    }

    [Fact]
    public async Task A_same_named_field_of_another_type_stops_with_a_reason()
    {
        await using var account = await PipedriveAccount.StartAsync();
        await account.Client.CreateFieldAsync(FieldEntity.Person, new NewField(NetmeraIdField.FieldName, "double"), CancellationToken.None);

        var error = await Assert.ThrowsAsync<Migration.Domain.OperatorActionRequiredException>(() => new NetmeraIdField(account.Client).EnsureAsync(CancellationToken.None));
        Assert.Contains("'double'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_wrong_token_is_an_access_error_and_an_unknown_person_a_not_found()
    {
        await using var account = await PipedriveAccount.StartAsync(token: "wrong-token");
        await Assert.ThrowsAsync<PipedriveAccessException>(() => account.Client.GetFieldsAsync(FieldEntity.Person, CancellationToken.None));

        await using var good = await PipedriveAccount.StartAsync();
        await Assert.ThrowsAsync<PipedriveNotFoundException>(() => good.Client.GetPersonAsync(987654, CancellationToken.None));
    }

    [Fact]
    public void Custom_field_values_are_written_under_their_key_and_absent_members_are_left_out()
    {
        var json = JsonSerializer.Serialize(PersonWriter.ToWrite(new PersonDraft("nm-1", "A", null, "+90531"), "k40"), PipedriveJson.Options);
        Assert.Equal("""{"name":"A","phones":[{"value":"+90531","primary":true,"label":"mobile"}],"custom_fields":{"k40":"nm-1"}}""", json);
    }
}
