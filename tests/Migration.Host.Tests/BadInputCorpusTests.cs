using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Azure.Storage.Blobs;

namespace Migration.Host.Tests;

/// <summary>
/// The bad-input proof (DESIGN §4.7): a panel user export holding one row of every malformed kind the
/// reader and the person rules know, plus a few good rows, run from an import folder alone. Every row
/// ends in exactly one documented outcome: rejected with its reason code, repaired (the person carries
/// the repaired value) or merged; nothing crashes the run or disappears, and every phase balances.
/// The corpus and its outcomes are listed in docs/transforms.md ("Bad input corpus").
/// </summary>
public sealed class BadInputCorpusTests
{
    private const string Folder = "bad-input";
    private const string RunId = "bad-input-run";
    private const string UsersFile = "netmera_users_export_corpus.csv";
    private const string EventsFile = "corpus_EVENT_DATA_comma.csv";

    private static readonly string[] Header =
    [
        "Email", "External ID", "MSISDN", "Name", "Surname", "Gender", "Date of Birth", "City", "Country", "Language",
        "Is Subscribed", "Loyalty Points", "Signup Date", "Favorite Categories", "Device Count", "Device Type",
        "Operating System", "Device Model", "Company",
        "", // a trailing nameless column: allowed while its cells are empty
    ];

    private static readonly string LongName = new('n', 200);
    private static readonly string LongSurname = new('s', 100);
    private static readonly string EmojiName = new string('x', 254) + "😀tail";
    private static readonly string LongCompany = "Anadolu " + new string('ş', 300);
    private static readonly string LongCity = string.Concat(Enumerable.Repeat("Kuzguncuk ", 30)); // 300 characters

    [SkippableFact]
    public async Task Every_malformed_row_is_rejected_with_its_code_repaired_or_merged_and_every_phase_balances()
    {
        await using var env = await MigrationEnvironment.StartAsync(users: 20, seed: 67);
        var container = new BlobContainerClient(env.StorageConnectionString, "functionaltests-runs");
        await container.CreateIfNotExistsAsync();
        await container.GetBlobClient($"imports/{Folder}/{UsersFile}").UploadAsync(new BinaryData(UsersCsv()), overwrite: true);
        await container.GetBlobClient($"imports/{Folder}/{EventsFile}").UploadAsync(new BinaryData(EventsCsv()), overwrite: true);

        var request = new
        {
            runId = RunId,
            netmera = new { connection = MigrationEnvironment.Connection, importFolder = Folder },
            pipedrive = new { connection = MigrationEnvironment.Connection },
        };
        Assert.Equal(HttpStatusCode.Accepted, (await env.StartRunAsync(request)).StatusCode);
        var status = await env.WaitForEndAsync(RunId, TimeSpan.FromMinutes(3));
        Assert.True(MigrationEnvironment.Text(status["runtimeStatus"]) == "Completed", status.ToJsonString() + "\n" + env.Host.Output);

        var extractRejects = Csv(await env.ReportAsync(RunId, "rejects-extract.csv"));
        var fileRejects = Csv(await env.ReportAsync(RunId, "rejects-extract-files.csv"));
        var personRejects = Csv(await env.ReportAsync(RunId, "rejects-load-persons.csv"));
        var skipped = Csv(await env.ReportAsync(RunId, "skipped-extract.csv"));
        var reconciliation = JsonNode.Parse(await env.ReportAsync(RunId, "reconciliation.json"))!["phases"]!.AsArray();
        var snapshot = await SnapshotAsync(env);
        var fields = snapshot["personFields"]!.AsArray()
            .ToDictionary(f => MigrationEnvironment.Text(f!["field_name"]), f => MigrationEnvironment.Text(f!["field_code"]), StringComparer.Ordinal);
        var fieldTypes = snapshot["personFields"]!.AsArray()
            .ToDictionary(f => MigrationEnvironment.Text(f!["field_name"]), f => MigrationEnvironment.Text(f!["field_type"]), StringComparer.Ordinal);
        var organizations = snapshot["organizations"]!.AsArray().ToDictionary(o => o!["id"]!.GetValue<long>(), o => MigrationEnvironment.Text(o!["name"]));
        var persons = snapshot["persons"]!.AsArray().Select(p => p!.AsObject())
            .ToDictionary(p => MigrationEnvironment.Text(p["custom_fields"]?[fields["Netmera ID"]]), StringComparer.Ordinal);
        var diagnostics = $"extract rejects: {string.Join(" | ", extractRejects)}\nfile rejects: {string.Join(" | ", fileRejects)}\n" +
            $"person rejects: {string.Join(" | ", personRejects)}\nskipped: {string.Join(" | ", skipped)}\n" +
            $"fields: {string.Join(", ", fieldTypes)}\norganizations: {string.Join(" | ", organizations.Values)}\nverification: {await env.ReportAsync(RunId, "verification-persons.csv")}\n" +
            $"reconciliation: {reconciliation.ToJsonString()}\npersons: {string.Join("\n", persons.Values.Select(p => p.ToJsonString()))}";

        // Export rows the reader cannot read: rejected at extraction, named by file and row number.
        void ExtractReject(int row, string code) =>
            Assert.True(extractRejects.Contains($"extract,{UsersFile}#{row},{code}"), $"row {row} not rejected as {code}\n{diagnostics}");
        ExtractReject(Row("rej-malformed-extra"), "malformed_row");
        ExtractReject(Row("rej-malformed-fewer"), "malformed_row");
        ExtractReject(Row("rej-malformed-quote"), "malformed_row");
        ExtractReject(Row("rej-encoding"), "invalid_encoding");
        ExtractReject(Row("rej-no-extid"), "no_external_id");
        ExtractReject(Row("rej-device-count"), "invalid_number");
        ExtractReject(Row("rej-nameless"), "value_without_column");
        ExtractReject(Row("rej-unclosed"), "malformed_row");
        Assert.Equal(8, extractRejects.Count);

        // Event rows the reader cannot read: rejected in the export-file phase.
        Assert.Equal(
            [$"extract-files,{EventsFile}#3,invalid_timestamp", $"extract-files,{EventsFile}#4,no_event_name", $"extract-files,{EventsFile}#5,no_external_id"],
            fileRejects.Order(StringComparer.Ordinal));

        // Users the person rules refuse: rejected at load-persons, named by Netmera id.
        Assert.Equal(
            ["load-persons,rej-email-invalid,invalid_email", "load-persons,rej-email-too-long,invalid_email", "load-persons,rej-no-contact,no_contact", "load-persons,rej-short-phone-only,no_contact"],
            personRejects.Order(StringComparer.Ordinal));

        // Duplicates: merged into the first user seen, listed as skipped with the rule.
        Assert.Equal(["extract-skipped,dup-email,merged_duplicate", "extract-skipped,good-1,merged_duplicate"], skipped.Order(StringComparer.Ordinal));

        // Repairs: the person carries the repaired value.
        Assert.Equal(LongName + " " + LongSurname[..54], Name("fix-long-name"));
        Assert.Equal(new string('x', 254), Name("fix-long-name-emoji"));
        Assert.Equal("mixed.case@example.com", Email("fix-email-case"));
        Assert.Equal("fix-no-name@example.com", Name("fix-no-name"));
        Assert.Equal("+905321234567", Name("fix-phone-only"));
        Assert.Equal("+905321234567", Phone("fix-phone-only"));
        Assert.Equal("Zoë Çağlayan-Öztürk 🎉 Jose\u0301", Name("fix-unicode"));
        Assert.Equal("Ali Veli", Name("fix-whitespace-name"));
        Assert.Null(Phone("fix-bad-phone"));
        Assert.Equal(1500d, Custom("fix-number-text", "Loyalty Points")?.GetValue<double>());
        // A text longer than 255 seen by the value profile: the proposal makes the field long text, the value moves whole.
        Assert.Equal("text", fieldTypes["City"]);
        Assert.Equal(LongCity, MigrationEnvironment.Text(Custom("fix-long-text", "City")));
        // An organization name longer than 255: cut at 255.
        Assert.Equal(LongCompany[..255], organizations[Person("fix-long-company")["org_id"]!.GetValue<long>()]);

        // Values of the wrong type are left out of the person, which still moves (Transforms: refused values).
        Assert.Null(Custom("fix-decimal-comma", "Loyalty Points"));
        Assert.Null(Custom("fix-bad-date", "Signup Date"));
        Assert.Null(Custom("fix-bad-date", "Date of Birth"));
        // A coded number with a stray value: the proposal builds the options from the values seen, so the stray one is an option of its own.
        var genderOptions = snapshot["personFields"]!.AsArray().Single(f => MigrationEnvironment.Text(f!["field_name"]) == "Gender")!["options"]!.AsArray()
            .ToDictionary(o => o!["id"]!.GetValue<long>(), o => MigrationEnvironment.Text(o!["label"]));
        Assert.Equal("x", genderOptions[Custom("fix-wrong-types", "Gender")!.GetValue<long>()]);
        Assert.Null(Custom("fix-wrong-types", "Is Subscribed"));
        // ... and the run says so: one row per person in values-dropped.csv, naming the values left out.
        var droppedRows = (await env.ReportAsync(RunId, "values-dropped.csv")).Split('\n', StringSplitOptions.RemoveEmptyEntries).Skip(1)
            .ToDictionary(l => l.Split(',')[1], l => l, StringComparer.Ordinal);
        foreach (var (person, attribute) in new[] { ("fix-decimal-comma", "Loyalty Points"), ("fix-bad-date", "Signup Date"), ("fix-wrong-types", "Is Subscribed") })
            Assert.True(droppedRows.TryGetValue(person, out var row) && row.Contains("value_dropped", StringComparison.Ordinal),
                $"{person}'s dropped {attribute} is not reported: {string.Join(" | ", droppedRows.Values)}");
        Assert.False(droppedRows.ContainsKey("good-2"), "a person whose values all moved is reported as having dropped some");
        Assert.NotNull(Custom("good-2", "Signup Date"));
        Assert.NotNull(Custom("good-2", "Gender"));
        Assert.NotNull(Custom("good-2", "Is Subscribed"));

        // Every row of the file has one outcome, and every phase balances exactly.
        Assert.Equal(Users.Select(u => u.Id).Where(id => id.StartsWith("good-", StringComparison.Ordinal) || id.StartsWith("fix-", StringComparison.Ordinal)).Distinct().Order(), persons.Keys.Order());
        foreach (var phase in reconciliation)
        {
            long Count(string name) => phase![name]!.GetValue<long>();
            Assert.True(Count("expected") == Count("created") + Count("updated") + Count("skipped") + Count("rejected"), phase!.ToJsonString());
            Assert.Equal(0, Count("drift"));
        }
        var extract = reconciliation.Single(p => MigrationEnvironment.Text(p!["phase"]) == "extract")!;
        Assert.Equal(Users.Count, extract["expected"]!.GetValue<long>());

        string Name(string extId) => MigrationEnvironment.Text(Person(extId)["name"]);
        string? Email(string extId) => Person(extId)["emails"]?.AsArray().Select(e => MigrationEnvironment.Text(e!["value"])).FirstOrDefault();
        string? Phone(string extId) => Person(extId)["phones"]?.AsArray().Select(e => MigrationEnvironment.Text(e!["value"])).FirstOrDefault();
        JsonNode? Custom(string extId, string field) =>
            fields.TryGetValue(field, out var key) ? Person(extId)["custom_fields"]?[key] : throw new InvalidOperationException($"no person field {field}: {string.Join(", ", fields.Keys)}");
        JsonObject Person(string extId) => persons.TryGetValue(extId, out var p) ? p : throw new InvalidOperationException($"{extId} is not a person\n{diagnostics}");
    }

    /// <summary>The corpus: one row per kind, in file order (the header is row 1).</summary>
    private static readonly IReadOnlyList<(string Id, string Line)> Users =
    [
        ("good-1", Line(email: "good1@example.com", extId: "good-1", msisdn: "905321110001", name: "Ayşe", surname: "Yılmaz")),
        ("good-2", Line(email: "good2@example.com", extId: "good-2", msisdn: "905321110002", name: "Mehmet", surname: "Kaya")),
        ("good-3", Line(email: "good3@example.com", extId: "good-3", name: "Elif", surname: "Demir")),

        // Rows the reader rejects.
        ("rej-malformed-extra", Line(email: "extra@example.com", extId: "rej-malformed-extra", name: "Extra") + ",unquoted, value"),
        ("rej-malformed-fewer", "fewer@example.com,rej-malformed-fewer,,Fewer"),
        ("rej-malformed-quote", Line(email: "quote@example.com", extId: "rej-malformed-quote", name: "ALI").Replace("ALI", "\"Ali\"x", StringComparison.Ordinal)),
        ("rej-encoding", Line(email: "encoding@example.com", extId: "rej-encoding", name: "\u0001")),
        ("rej-no-extid", Line(email: "noext@example.com", extId: "", name: "No", surname: "Id")),
        ("rej-device-count", Line(email: "devices@example.com", extId: "rej-device-count", name: "Dev", deviceCount: "two")),
        ("rej-nameless", Line(email: "nameless@example.com", extId: "rej-nameless", name: "Nameless", nameless: "stray")),

        // Users the person rules reject.
        ("rej-email-invalid", Line(email: "ali@@example", extId: "rej-email-invalid", msisdn: "905321110003", name: "Bad", surname: "Email")),
        ("rej-email-too-long", Line(email: new string('l', 64) + "@" + string.Join('.', Enumerable.Repeat(new string('d', 60), 4)) + ".com", extId: "rej-email-too-long", name: "Long")),
        ("rej-no-contact", Line(extId: "rej-no-contact", name: "Anonymous", surname: "User")),
        ("rej-short-phone-only", Line(extId: "rej-short-phone-only", msisdn: "12345", name: "Short")),

        // Repaired by the documented rules.
        ("fix-long-name", Line(email: "longname@example.com", extId: "fix-long-name", name: LongName, surname: LongSurname)),
        ("fix-long-name-emoji", Line(email: "emoji@example.com", extId: "fix-long-name-emoji", name: EmojiName)),
        ("fix-email-case", Line(email: "  Mixed.Case@Example.COM\t", extId: "fix-email-case", name: "Mixed", surname: "Case")),
        ("fix-no-name", Line(email: "fix-no-name@example.com", extId: "fix-no-name")),
        ("fix-phone-only", Line(extId: "fix-phone-only", msisdn: "+90 532 123 4567", name: "   ")),
        ("fix-unicode", Line(email: "unicode@example.com", extId: "fix-unicode", name: "Zoë", surname: "Çağlayan-Öztürk 🎉 Jose\u0301")),
        ("fix-whitespace-name", Line(email: "ws@example.com", extId: "fix-whitespace-name", name: "  Ali \t ", surname: " Veli ")),
        ("fix-bad-phone", Line(email: "badphone@example.com", extId: "fix-bad-phone", msisdn: "n/a", name: "Bad", surname: "Phone")),
        ("fix-number-text", Line(email: "points@example.com", extId: "fix-number-text", name: "Points", loyalty: " 1500 ")),
        ("fix-long-text", Line(email: "city@example.com", extId: "fix-long-text", name: "City", city: LongCity)),
        ("fix-long-company", Line(email: "company@example.com", extId: "fix-long-company", name: "Company", company: LongCompany)),
        ("fix-decimal-comma", Line(email: "comma@example.com", extId: "fix-decimal-comma", name: "Comma", loyalty: "12,5")),
        ("fix-bad-date", Line(email: "date@example.com", extId: "fix-bad-date", name: "Date", signup: "31/01/2024", birth: "not a date")),
        ("fix-wrong-types", Line(email: "types@example.com", extId: "fix-wrong-types", name: "Types", gender: "x", subscribed: "maybe")),

        // Duplicates: merged into the first user seen.
        ("dup-email", Line(email: "MIXED.case@example.com ", extId: "dup-email", name: "Second", surname: "Case")),
        ("good-1", Line(email: "good1@example.com", extId: "good-1", msisdn: "905321110001", name: "Ayşe", surname: "Yılmaz")),

        // Last: a quote never closed swallows the rest of the file into this row.
        ("rej-unclosed", Line(email: "unclosed@example.com", extId: "rej-unclosed", name: "Un") + "\"closed,never"),
    ];

    private const byte Cp1254Marker = 0x01;

    private static int Row(string id) => Users.Select((u, i) => (u.Id, i)).Single(u => u.Id == id).i + 2;

    private static string Line(
        string email = "", string extId = "", string msisdn = "", string name = "", string surname = "", string gender = "1",
        string birth = "1990-04-23T22:00:00.000Z", string city = "İstanbul", string subscribed = "true", string loyalty = "120",
        string signup = "2024-01-31T10:00:00.000Z", string deviceCount = "1", string company = "", string nameless = "")
    {
        string[] cells =
        [
            email, extId, msisdn, name, surname, gender, birth, city, "TR", "tr", subscribed, loyalty, signup, "Books, Music",
            deviceCount, "IOS", "iOS 17.5", "iPhone 13", company, nameless,
        ];
        return string.Join(',', cells.Select(Quote));
    }

    private static string Quote(string value) =>
        value.Length > 0 && (value.IndexOfAny([',', '"', '\r', '\n']) >= 0 || char.IsWhiteSpace(value[0]) || char.IsWhiteSpace(value[^1]))
            ? "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\""
            : value;

    /// <summary>The panel CSV as Netmera writes it (BOM, CRLF), with one row saved in Windows-1254.</summary>
    private static byte[] UsersCsv()
    {
        var bytes = new List<byte>([0xEF, 0xBB, 0xBF]);
        bytes.AddRange(Encoding.UTF8.GetBytes(string.Join(',', Header) + "\r\n"));
        foreach (var (_, line) in Users)
        {
            // The marker stands for "Şağ" saved in Windows-1254 (DE 61 F0), bytes that are not UTF-8.
            foreach (var b in Encoding.UTF8.GetBytes(line + "\r\n"))
                bytes.AddRange(b == Cp1254Marker ? [0xDE, 0x61, 0xF0] : [b]);
        }
        return [.. bytes];
    }

    /// <summary>A small FTP event file: one good event, then an epoch-seconds time, a nameless event and an event without a user.</summary>
    private static byte[] EventsCsv() => Encoding.UTF8.GetBytes(
        "External ID,Event Name,Timestamp\n" +
        "good-2,Login,2025-06-01T10:00:00.000Z\n" +
        "good-2,Login,1717236000\n" +
        "good-3,,2025-06-01T10:00:00.000Z\n" +
        ",Login,2025-06-01T10:00:00.000Z\n");

    /// <summary>Reject or skip report lines as "phase,source_id,reason_code" (the detail left out).</summary>
    private static List<string> Csv(string report) =>
    [
        .. report.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Skip(1)
            .Select(l => string.Join(',', l.Split(',').Take(3))),
    ];

    /// <summary>The Pipedrive simulator's whole account (persons, organizations, fields with their types).</summary>
    private static async Task<JsonObject> SnapshotAsync(MigrationEnvironment env) =>
        (await env.Sandbox.GetFromJsonAsync<JsonObject>(new Uri(env.PipedriveAddress, "/_sandbox/snapshot")))!;
}
