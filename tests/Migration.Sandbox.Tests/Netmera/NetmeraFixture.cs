namespace Migration.Sandbox.Tests.Netmera;

/// <summary>One read-only simulator shared by a test class: nothing these tests do changes its state.</summary>
public sealed class NetmeraFixture : IAsyncLifetime
{
    public const string Key = "fixture-netmera-key";
    public const int Users = 600;
    public const int Seed = 7;

    public NetmeraSimulator Simulator { get; private set; } = null!;

    public HttpClient Client { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Simulator = await NetmeraSimulator.StartAsync(new NetmeraSimulatorOptions { Users = Users, Seed = Seed, ApiKey = Key });
        Client = JsonHttp.Client(Simulator.BaseAddress, "X-netmera-api-key", Key);
    }

    public async Task DisposeAsync()
    {
        Client.Dispose();
        await Simulator.DisposeAsync();
    }

    /// <summary>Follows nextPage from <paramref name="first"/> to the end; fails on a repeated link.</summary>
    public async Task<List<JsonReply>> AllPagesAsync(string first)
    {
        var pages = new List<JsonReply>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        string? next = first;
        while (next is not null)
        {
            Assert.True(seen.Add(next), $"nextPage repeated: {next}");
            var page = await Client.GetJsonAsync(next);
            Assert.Equal(System.Net.HttpStatusCode.OK, page.Status);
            pages.Add(page);
            next = page.Body.TryGetProperty("nextPage", out var link) ? link.GetString() : null;
            if (next is not null)
            {
                Assert.Equal(Simulator.BaseAddress.Authority, new Uri(next).Authority);
            }
        }

        return pages;
    }
}
