using System.Net;
using System.Text.Json.Nodes;
using Azure.Data.Tables;
using Azure.Storage.Blobs;

namespace Migration.Host.Tests;

/// <summary>
/// A whole migration through the local host on Azurite: what Netmera holds goes in, and Pipedrive
/// ends up with exactly one person per source user that the documented rules accept, with the right
/// name, email, phone and Netmera id; every other user is in the rejects report with a reason.
/// </summary>
public sealed class EndToEndMigrationTests
{
    [SkippableFact]
    public async Task A_600_user_migration_lands_one_correct_person_per_user_and_reconciles()
    {
        await using var env = await MigrationEnvironment.StartAsync(users: 600, seed: 11);

        var started = await env.StartRunAsync(MigrationEnvironment.RunRequest("e2e-run"));
        Assert.Equal(HttpStatusCode.Accepted, started.StatusCode);
        Assert.Equal("/api/migrations/e2e-run", started.Headers.Location?.ToString());

        // The dataset has EU users: the run holds at the GDPR gate until someone decides.
        var held = await env.WaitForGateAsync("e2e-run", "gdpr", TimeSpan.FromMinutes(2));
        Assert.Contains("EU/EEA", MigrationEnvironment.Text(held["openGate"]!["question"]), StringComparison.Ordinal);
        Assert.Equal(0, held["phases"]![0]!["done"]!.GetValue<long>()); // nothing extracted while it holds
        Assert.True((await env.ApproveAsync("e2e-run", "gdpr", MigrationEnvironment.GdprApproval())).IsSuccessStatusCode);

        // Then the field map and the sample: approved as proposed (MigrationEnvironment.ApproveGateAsync).
        var status = await env.WaitForEndAsync("e2e-run", TimeSpan.FromMinutes(4));
        Assert.Equal("Completed", MigrationEnvironment.Text(status["runtimeStatus"]));
        var decisions = status["gates"]!.AsArray().ToDictionary(g => MigrationEnvironment.Text(g!["gate"]), g => g!);
        Assert.Subset(decisions.Keys.ToHashSet(), new HashSet<string> { "gdpr", "mapping", "sample" });
        Assert.Equal(["approve", "Test DPO"], new[] { "decision", "approver" }.Select(k => MigrationEnvironment.Text(decisions["gdpr"][k])));
        Assert.Equal(1, decisions["mapping"]["version"]!.GetValue<int>());
        Assert.True(status["balances"]!.GetValue<bool>(), status.ToJsonString());

        // Read Pipedrive's own count before this test spends anything through the vendor API itself.
        var spent = await env.PipedriveUsageAsync();
        var users = await env.NetmeraUsersAsync();
        var persons = await env.PipedrivePersonsAsync();
        var key = await env.NetmeraIdFieldKeyAsync();
        var rejects = ParseRejects(await env.ReportAsync("e2e-run", "rejects-load-persons.csv"));
        var merged = ParseRejects(await env.ReportAsync("e2e-run", "skipped-extract.csv"));

        // Exactly one person per accepted user, none for rejected ones, nothing else.
        var byNetmeraId = persons.GroupBy(p => MigrationEnvironment.Text(p["custom_fields"]?[key])).ToDictionary(g => g.Key, g => g.ToList());
        Assert.All(byNetmeraId, g => Assert.True(g.Value.Count == 1, $"{g.Value.Count} persons carry Netmera ID '{g.Key}'"));
        Assert.Equal(users.Count - rejects.Count - merged.Count, persons.Count);
        Assert.InRange(rejects.Count, 1, users.Count / 5); // the dataset has quirks, but most users are good
        Assert.All(merged.Values, reason => Assert.Equal("merged_duplicate", reason));

        // Mapped custom fields, by the keys the run provisioned (schema.json): a text and a number stored both ways.
        var truth = env.NetmeraGroundTruth.ToDictionary(u => u.ExtId);
        var schema = JsonNode.Parse(await env.ReportAsync("e2e-run", "schema.json"))!["fields"]!.AsArray();
        string KeyOf(string name) => MigrationEnvironment.Text(schema.Single(f => MigrationEnvironment.Text(f!["entity"]) == "person" && MigrationEnvironment.Text(f!["name"]) == name)!["key"]);
        var (city, points) = (KeyOf("City"), KeyOf("Loyalty Points"));

        foreach (var user in users)
        {
            var extId = MigrationEnvironment.Text(user["extId"]);
            if (merged.ContainsKey(extId))
            {
                Assert.False(byNetmeraId.ContainsKey(extId), $"{extId} was merged into another user yet landed on its own");
                continue;
            }
            if (rejects.TryGetValue(extId, out var reason))
            {
                Assert.False(byNetmeraId.ContainsKey(extId), $"{extId} was rejected ({reason}) yet landed");
                AssertRejectionIsJustified(user, reason);
                continue;
            }
            var person = Assert.Single(byNetmeraId[extId]);
            AssertPersonMatches(user, person);
            AssertMappedFieldsMatch(truth[extId], person, city, points);
        }

        // The reconciliation report says the same as Pipedrive.
        var report = JsonNode.Parse(await env.ReportAsync("e2e-run", "reconciliation.json"))!;
        var load = report["phases"]!.AsArray().Single(p => MigrationEnvironment.Text(p!["phase"]) == "load-persons")!;
        Assert.Equal(users.Count - merged.Count, load["expected"]!.GetValue<long>());
        Assert.Equal(persons.Count, load["created"]!.GetValue<long>());
        Assert.Equal(rejects.Count, load["rejected"]!.GetValue<long>());

        // The verification pass read every person back and found each field as the map says.
        var verification = JsonNode.Parse(await env.ReportAsync("e2e-run", "verification-persons.json"))!;
        Assert.Equal(persons.Count, verification["persons"]!.GetValue<int>());
        Assert.Equal(0, verification["mismatches"]!.GetValue<int>());
        Assert.Empty(verification["unwritten"]!.AsArray());

        // The governor kept inside Pipedrive's limits: no 429 at all, and the run's token count is Pipedrive's.
        Assert.True(spent["tooManyRequests"]!["total"]!.GetValue<long>() == 0, spent.ToJsonString());
        Assert.Equal(spent["tokensSpentToday"]!.GetValue<long>(), status["pipedrive"]!["run"]!["tokens"]!.GetValue<long>());
        Assert.Equal(spent["tokensSpentToday"]!.GetValue<long>(), status["pipedrive"]!["today"]!["used"]!.GetValue<long>());

        // The handover's push-token list: one row per installed device with a token of every user that was not merged away,
        // named by the token's SHA-256 (computed here independently), never by the token itself.
        var tokenCsv = await env.ReportAsync("e2e-run", "handover-push-tokens.csv");
        var tokens = tokenCsv.Split('\n', StringSplitOptions.RemoveEmptyEntries).Skip(1)
            .Select(l => l.Split(',')).Select(r => (Id: r[0], Ref: r[8])).Order().ToList();
        var expectedTokens = env.NetmeraGroundTruth.Where(u => !merged.ContainsKey(u.ExtId))
            .SelectMany(u => u.Devices.Where(d => !string.IsNullOrWhiteSpace(d.Token)).Select(d => (Id: u.ExtId, Ref: "sha256:" +
                Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(d.Token.Trim())))[..16])))
            .Order().ToList();
        Assert.NotEmpty(expectedTokens);
        Assert.Equal(expectedTokens, tokens);
        Assert.Contains($"| {expectedTokens.Count} devices with a push token (", await env.ReportAsync("e2e-run", "handover.md"), StringComparison.Ordinal);
        Assert.All(env.NetmeraGroundTruth.SelectMany(u => u.Devices).Where(d => d.Token.Length > 0),
            d => Assert.DoesNotContain(d.Token, tokenCsv, StringComparison.Ordinal));

        await AssertNoSecretPersisted(env);
    }

    /// <summary>The documented rules (docs/transforms.md), written out independently of the product's code.</summary>
    private static void AssertPersonMatches(JsonObject user, JsonObject person)
    {
        var email = MigrationEnvironment.Text(user["email"]).Trim().ToLowerInvariant();
        var digits = new string(MigrationEnvironment.Text(user["msisdn"]).Where(char.IsAsciiDigit).ToArray());
        var phone = digits.Length is >= 6 and <= 15 ? "+" + digits : "";
        var fullName = string.Join(' ', $"{MigrationEnvironment.Text(user["name"])} {MigrationEnvironment.Text(user["surname"])}"
            .Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
        var expectedName = fullName.Length > 0 ? fullName : email.Length > 0 ? email : phone;

        var name = MigrationEnvironment.Text(person["name"]);
        if (expectedName.Length <= 255)
            Assert.Equal(expectedName, name);
        else
            Assert.True(name.Length is > 240 and <= 255 && expectedName.StartsWith(name, StringComparison.Ordinal), $"over-long name cut badly: {name.Length}");

        var emails = person["emails"]?.AsArray().Select(e => MigrationEnvironment.Text(e!["value"])).ToList() ?? [];
        Assert.Equal(email.Length > 0 ? [email] : [], emails);
        var phones = person["phones"]?.AsArray().Select(p => MigrationEnvironment.Text(p!["value"])).ToList() ?? [];
        Assert.Equal(phone.Length > 0 ? [phone] : [], phones);
    }

    private static void AssertMappedFieldsMatch(Migration.Sandbox.Dataset.SourceUser user, JsonObject person, string cityKey, string pointsKey)
    {
        var fields = person["custom_fields"]!;
        Assert.Equal(string.IsNullOrEmpty(user.City) ? "" : user.City, MigrationEnvironment.Text(fields[cityKey]));
        var points = fields[pointsKey];
        if (user.LoyaltyPoints is { } expected)
            Assert.Equal(expected.Value, points!.GetValue<decimal>());
        else
            Assert.Null(points);
    }

    private static void AssertRejectionIsJustified(JsonObject user, string reason)
    {
        var email = MigrationEnvironment.Text(user["email"]).Trim();
        var msisdn = MigrationEnvironment.Text(user["msisdn"]).Trim();
        switch (reason)
        {
            case "invalid_email":
                Assert.True(email.Length > 0 && PlainlyInvalid(email), $"'{email}' was called invalid");
                break;
            case "no_contact":
                Assert.True(email.Length == 0 && msisdn.Length == 0, "a user with contact data was called unreachable");
                break;
            default:
                Assert.Fail($"unexpected reject reason {reason}");
                break;
        }
    }

    private static bool PlainlyInvalid(string email)
    {
        var parts = email.Split('@');
        return parts.Length != 2 || parts[0].Length == 0 || email.Any(char.IsWhiteSpace)
            || parts[1].Split('.') is var labels && (labels.Length < 2 || labels.Any(l => l.Length == 0));
    }

    private static Dictionary<string, string> ParseRejects(string csv) =>
        csv.Split('\n', StringSplitOptions.RemoveEmptyEntries).Skip(1)
            .Select(line => line.Split(','))
            .ToDictionary(f => f[1], f => f[2]);

    /// <summary>DESIGN §4.2: neither key appears in any table, any blob, or the host's log.</summary>
    private static async Task AssertNoSecretPersisted(MigrationEnvironment env)
    {
        var secrets = new[] { env.NetmeraKey, env.PipedriveToken };
        var tables = new TableServiceClient(env.StorageConnectionString);
        var scannedRows = 0;
        await foreach (var table in tables.QueryAsync())
        {
            await foreach (var row in tables.GetTableClient(table.Name).QueryAsync<TableEntity>())
            {
                scannedRows++;
                var text = string.Join("|", row.Select(p => p.Value?.ToString()));
                foreach (var secret in secrets)
                    Assert.DoesNotContain(secret, text, StringComparison.Ordinal);
            }
        }
        var blobs = new BlobServiceClient(env.StorageConnectionString);
        var scannedBlobs = 0;
        await foreach (var container in blobs.GetBlobContainersAsync())
        {
            var client = blobs.GetBlobContainerClient(container.Name);
            await foreach (var blob in client.GetBlobsAsync())
            {
                scannedBlobs++;
                var content = (await client.GetBlobClient(blob.Name).DownloadContentAsync()).Value.Content.ToArray();
                var text = blob.Name.EndsWith(".gz", StringComparison.Ordinal)
                    ? await Gunzip(content)
                    : System.Text.Encoding.UTF8.GetString(content);
                foreach (var secret in secrets)
                    Assert.DoesNotContain(secret, text, StringComparison.Ordinal);
            }
        }
        // Queues: whatever the durable engine still holds (work items in flight, if any).
        var queues = new Azure.Storage.Queues.QueueServiceClient(env.StorageConnectionString);
        var scannedQueues = 0;
        await foreach (var queue in queues.GetQueuesAsync())
        {
            scannedQueues++;
            foreach (var message in (await queues.GetQueueClient(queue.Name).PeekMessagesAsync(32)).Value)
            {
                foreach (var secret in secrets)
                    Assert.DoesNotContain(secret, message.Body.ToString(), StringComparison.Ordinal);
            }
        }
        Assert.True(scannedRows > 100 && scannedBlobs > 5 && scannedQueues > 0, $"scanned only {scannedRows} rows, {scannedBlobs} blobs, {scannedQueues} queues");
        foreach (var secret in secrets)
            Assert.DoesNotContain(secret, env.Host.Output, StringComparison.Ordinal);
    }

    private static async Task<string> Gunzip(byte[] content)
    {
        await using var gzip = new System.IO.Compression.GZipStream(new MemoryStream(content), System.IO.Compression.CompressionMode.Decompress);
        using var reader = new StreamReader(gzip);
        return await reader.ReadToEndAsync();
    }
}
