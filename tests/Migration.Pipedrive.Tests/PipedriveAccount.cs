using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging.Abstractions;
using Migration.Domain.Ledger;
using Migration.Sandbox;
using Migration.Tests.Shared.Contracts;

namespace Migration.Pipedrive.Tests;

/// <summary>A Pipedrive simulator and our client wired to it through a named connection, as the hosts do.</summary>
public sealed class PipedriveAccount : IAsyncDisposable
{
    private PipedriveSimulator simulator = null!;
    private IHost host = null!;

    public const string Token = "pipedrive-tests-token";

    private readonly List<SpecConformanceHandler> conformance = [];

    public PipedriveClient Client { get; private set; } = null!;
    public PipedriveClientFactory Factory { get; private set; } = null!;
    public Uri Address => simulator.BaseAddress;

    /// <summary>Every request and response that went through the client and did not conform to the specs.</summary>
    public IReadOnlyList<string> ContractProblems => [.. conformance.SelectMany(c => c.Problems)];

    /// <summary>Every exchange checked against the specs.</summary>
    public IReadOnlyList<ContractExchange> Exchanges => [.. conformance.SelectMany(c => c.Exchanges)];

    /// <param name="spec">When given, every request and response is checked against the official specs.</param>
    public static async Task<PipedriveAccount> StartAsync(
        string token = Token, PipedriveSpec? spec = null, Func<PipedriveSimulatorOptions, PipedriveSimulatorOptions>? simulator = null,
        string plan = "Ultimate")
    {
        var options = new PipedriveSimulatorOptions { ApiToken = Token, Seed = 5 };
        var account = new PipedriveAccount { simulator = await PipedriveSimulator.StartAsync(simulator?.Invoke(options) ?? options) };
        var builder = Host.CreateApplicationBuilder();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Pipedrive:Connections:test:BaseUrl"] = account.simulator.BaseAddress.ToString(),
            ["Pipedrive:Connections:test:ApiToken"] = token,
            ["Pipedrive:Connections:test:Plan"] = plan,
        });
        builder.AddPipedriveServices();
        if (spec is not null)
        {
            builder.Services.AddHttpClient(PipedriveClientFactory.HttpClientName).AddHttpMessageHandler(() =>
            {
                var handler = new SpecConformanceHandler(spec);
                lock (account.conformance)
                    account.conformance.Add(handler);
                return handler;
            });
        }
        account.host = builder.Build();
        account.Factory = account.host.Services.GetRequiredService<PipedriveClientFactory>();
        account.Client = account.Factory.Create("test");
        return account;
    }

    public PersonWriter Writer(IIdLedger ledger) => Writer(ledger, Client);

    /// <summary>A writer over another client of this account (one with a smaller allowance).</summary>
    public static PersonWriter Writer(IIdLedger ledger, PipedriveClient client) => new(client, ledger, NullLogger<PersonWriter>.Instance);

    public async ValueTask DisposeAsync()
    {
        host.Dispose();
        await simulator.DisposeAsync();
    }
}

/// <summary>An id ledger in memory, for tests of the writer's rules without storage.</summary>
public sealed class MemoryLedger : IIdLedger
{
    private readonly Dictionary<LedgerBatch, Dictionary<string, LedgerEntry>> batches = [];

    public Task<IReadOnlyDictionary<string, LedgerEntry>> ReadBatchAsync(LedgerBatch batch, CancellationToken cancellationToken)
    {
        lock (batches)
            return Task.FromResult<IReadOnlyDictionary<string, LedgerEntry>>(new Dictionary<string, LedgerEntry>(Rows(batch)));
    }

    public Task RecordIntentsAsync(LedgerBatch batch, IReadOnlyCollection<LedgerEntry> intents, CancellationToken cancellationToken)
    {
        lock (batches)
            foreach (var intent in intents)
                Rows(batch)[intent.SourceId] = intent;
        return Task.CompletedTask;
    }

    public Task ForgetIntentsAsync(LedgerBatch batch, IReadOnlyCollection<string> sourceIds, CancellationToken cancellationToken)
    {
        lock (batches)
            foreach (var id in sourceIds)
                if (Rows(batch).TryGetValue(id, out var row) && !row.IsFinal)
                    Rows(batch).Remove(id);
        return Task.CompletedTask;
    }

    public Task RecordAsync(LedgerBatch batch, LedgerEntry entry, CancellationToken cancellationToken)
    {
        lock (batches)
            Rows(batch)[entry.SourceId] = entry;
        return Task.CompletedTask;
    }

    private Dictionary<string, LedgerEntry> Rows(LedgerBatch batch) =>
        batches.TryGetValue(batch, out var rows) ? rows : batches[batch] = [];
}
