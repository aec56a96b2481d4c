using System.Net;
using System.Text.Json;
using Microsoft.Extensions.Time.Testing;

namespace Migration.Sandbox.Tests.Pipedrive;

/// <summary>A Pipedrive simulator on a fake clock per test, a client with the token and one without (admin routes).</summary>
public abstract class PipedriveSession : IAsyncLifetime
{
    protected const string Token = "session-token";

    protected FakeTimeProvider Clock { get; } = new(new DateTimeOffset(2025, 3, 1, 9, 0, 0, TimeSpan.Zero));

    protected PipedriveSimulator Simulator { get; private set; } = null!;

    protected HttpClient Client { get; private set; } = null!;

    protected HttpClient Admin { get; private set; } = null!;

    protected virtual PipedriveSimulatorOptions Options => new() { ApiToken = Token, Seed = 5, Clock = Clock };

    public async Task InitializeAsync()
    {
        Simulator = await PipedriveSimulator.StartAsync(Options);
        Client = JsonHttp.Client(Simulator.BaseAddress, "x-api-token", Token);
        Admin = JsonHttp.Client(Simulator.BaseAddress);
    }

    public async Task DisposeAsync()
    {
        Client.Dispose();
        Admin.Dispose();
        await Simulator.DisposeAsync();
    }

    /// <summary>Posts and expects 200: the created record's data.</summary>
    protected async Task<JsonElement> Created(string path, object body)
    {
        var reply = await Client.PostJsonAsync(path, body);
        Assert.True(reply.Status == HttpStatusCode.OK, reply.ToString());
        Assert.True(reply.Body.GetProperty("success").GetBoolean());
        return reply.Data;
    }

    protected async Task<JsonElement> Fetched(string path)
    {
        var reply = await Client.GetJsonAsync(path);
        Assert.True(reply.Status == HttpStatusCode.OK, reply.ToString());
        return reply.Data;
    }

    protected async Task<JsonElement> Patched(string path, object body)
    {
        var reply = await Client.PatchJsonAsync(path, body);
        Assert.True(reply.Status == HttpStatusCode.OK, reply.ToString());
        return reply.Data;
    }

    protected async Task<JsonElement> Put(string path, object body)
    {
        var reply = await Client.SendJsonAsync(HttpMethod.Put, path, JsonSerializer.Serialize(body));
        Assert.True(reply.Status == HttpStatusCode.OK, reply.ToString());
        return reply.Data;
    }

    protected static int Id(JsonElement data) => data.GetProperty("id").GetInt32();

    /// <summary>The error envelope with a message naming the problem.</summary>
    protected static void AssertRejected(JsonReply reply, string fragment, HttpStatusCode status = HttpStatusCode.BadRequest)
    {
        Assert.True(reply.Status == status, reply.ToString());
        Assert.False(reply.Body.GetProperty("success").GetBoolean());
        Assert.Equal(JsonValueKind.Null, reply.Body.GetProperty("data").ValueKind);
        Assert.Equal("Please check developers.pipedrive.com", reply.Body.GetProperty("error_info").GetString());
        Assert.Contains(fragment, reply.Body.GetProperty("error").GetString(), StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>Follows next_cursor from the first page to the last; the ids in the order served.</summary>
    protected async Task<List<int>> AllPages(string path, int maxPages = 100)
    {
        var ids = new List<int>();
        string? cursor = null;
        var pages = 0;
        do
        {
            var separator = path.Contains('?', StringComparison.Ordinal) ? '&' : '?';
            var page = await Client.GetJsonAsync(path + (cursor is null ? string.Empty : $"{separator}cursor={cursor}"));
            Assert.True(page.Status == HttpStatusCode.OK, page.ToString());
            ids.AddRange(page.Data.EnumerateArray().Select(Id));
            var next = page.Body.GetProperty("additional_data").GetProperty("next_cursor");
            cursor = next.ValueKind == JsonValueKind.Null ? null : next.GetString();
        }
        while (cursor is not null && ++pages < maxPages);

        Assert.Null(cursor);
        return ids;
    }

    protected async Task<JsonElement> Snapshot() => (await Admin.GetJsonAsync("/_sandbox/snapshot")).Body;

    protected async Task<JsonElement> Usage() => (await Admin.GetJsonAsync("/_sandbox/usage")).Body;

    /// <summary>A custom field's key, creating it on the entity's fields.</summary>
    protected async Task<JsonElement> CustomField(string entity, string name, string type, params string[] options)
    {
        object body = options.Length > 0
            ? new { field_name = name, field_type = type, options = options.Select(o => new { label = o }).ToArray() }
            : new { field_name = name, field_type = type };
        return await Created($"/api/v2/{entity}", body);
    }
}
