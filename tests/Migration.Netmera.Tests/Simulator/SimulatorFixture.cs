using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Migration.Sandbox;

namespace Migration.Netmera.Tests.Simulator;

/// <summary>
/// One Netmera simulator shared by a test class (read-only tests), its ground truth from the admin routes,
/// and clients built the way the product builds them (<see cref="NetmeraServiceCollectionExtensions.AddNetmeraServices"/>).
/// </summary>
public class SimulatorFixture : IAsyncLifetime
{
    public const string Key = "netmera-fixture-key";
    public const int UserCount = 700;

    /// <summary>Size of this fixture's population.</summary>
    public virtual int Users => UserCount;

    private JsonObject? truth;

    public NetmeraSimulator Simulator { get; private set; } = null!;

    public HttpClient Admin { get; } = new();

    public async Task InitializeAsync()
    {
        Simulator = await NetmeraSimulator.StartAsync(new NetmeraSimulatorOptions { Users = Users, Seed = 21, ApiKey = Key });
        Admin.BaseAddress = Simulator.BaseAddress;
    }

    public async Task DisposeAsync()
    {
        Admin.Dispose();
        await Simulator.DisposeAsync();
    }

    public async Task<JsonObject> TruthAsync() =>
        truth ??= (await Admin.GetFromJsonAsync<JsonObject>("/_sandbox/truth"))!;

    public async Task<List<JsonObject>> UsersAsync() =>
        (await Admin.GetFromJsonAsync<JsonArray>("/_sandbox/users"))!.Select(u => u!.AsObject()).ToList();

    public NetmeraClient Client(string key = Key) => Build(Simulator.BaseAddress, key);

    public static NetmeraClient Build(Uri baseAddress, string key, IDictionary<string, string?>? settings = null)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Netmera:Connections:test:BaseUrl"] = baseAddress.ToString(),
            ["Netmera:Connections:test:ApiKey"] = key,
        }.Concat(settings ?? new Dictionary<string, string?>()));
        builder.AddNetmeraServices();
        return builder.Build().Services.GetRequiredService<NetmeraClientFactory>().Create("test");
    }
}

/// <summary>A smaller population for the export files, which the simulator writes in full on first download.</summary>
public sealed class ExportSimulatorFixture : SimulatorFixture
{
    public override int Users => 250;
}
