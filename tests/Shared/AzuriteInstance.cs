using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Migration.Tests.Shared;

/// <summary>
/// A private Azurite for one test fixture: the repository's pinned copy (tools/azurite, installed by
/// ./run.sh), on free loopback ports, in memory, killed when the fixture ends. When Azurite is not
/// installed the tests that need it skip with that reason, unless MIGRATION_REQUIRE_AZURITE=1 (as
/// ./run.sh test sets), where they fail instead.
/// </summary>
public sealed class AzuriteInstance : IAsyncDisposable
{
    /// <summary>Azurite's published development account; a well-known value, not a secret.</summary>
    public const string DevelopmentAccountKey = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

    private readonly Process process;

    private AzuriteInstance(Process process, int blob, int queue, int table)
    {
        this.process = process;
        ConnectionString =
            $"DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey={DevelopmentAccountKey};" +
            $"BlobEndpoint=http://127.0.0.1:{blob}/devstoreaccount1;QueueEndpoint=http://127.0.0.1:{queue}/devstoreaccount1;" +
            $"TableEndpoint=http://127.0.0.1:{table}/devstoreaccount1;";
    }

    public string ConnectionString { get; }

    public static string Executable => Path.Combine(RepositoryRoot.Path, "tools", "azurite", "node_modules", ".bin", "azurite");

    public static bool Required => Environment.GetEnvironmentVariable("MIGRATION_REQUIRE_AZURITE") == "1";

    /// <summary>Why Azurite cannot start here, or null when it can.</summary>
    public static string? Unavailable =>
        File.Exists(Executable) ? null : $"Azurite is not installed at {Executable}; run ./run.sh test (it installs the pinned copy).";

    public static async Task<AzuriteInstance> StartAsync()
    {
        if (Unavailable is { } reason)
            throw new InvalidOperationException(reason);

        int blob = FreePort(), queue = FreePort(), table = FreePort();
        var start = new ProcessStartInfo(Executable)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in new[]
                 {
                     "--inMemoryPersistence", "--skipApiVersionCheck", "--disableTelemetry", "--loose",
                     "--blobHost", "127.0.0.1", "--blobPort", blob.ToString(), "--queueHost", "127.0.0.1", "--queuePort", queue.ToString(),
                     "--tableHost", "127.0.0.1", "--tablePort", table.ToString(),
                 })
            start.ArgumentList.Add(arg);

        var process = Process.Start(start) ?? throw new InvalidOperationException("Azurite did not start.");
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        var instance = new AzuriteInstance(process, blob, queue, table);
        var deadline = DateTime.UtcNow.AddSeconds(30);
        foreach (var port in new[] { blob, queue, table })
        {
            while (!await Listening(port))
            {
                if (process.HasExited || DateTime.UtcNow > deadline)
                {
                    await instance.DisposeAsync();
                    throw new InvalidOperationException($"Azurite did not listen on port {port} within 30 s.");
                }
                await Task.Delay(100);
            }
        }
        return instance;
    }

    public async ValueTask DisposeAsync()
    {
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }
        process.Dispose();
    }

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static async Task<bool> Listening(int port)
    {
        try
        {
            using var client = new TcpClient();
            await client.ConnectAsync(IPAddress.Loopback, port);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}
