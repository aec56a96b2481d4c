using System.Diagnostics;
using System.Globalization;

namespace Migration.Extract.Bench;

/// <summary>
/// The Netmera simulator (Migration.Sandbox, built next to the bench) as a process of its own, so its
/// population's memory is not counted as the extractor's. Killed when disposed.
/// </summary>
internal sealed class SimulatorProcess : IAsyncDisposable
{
    /// <summary>The simulator's key for this bench only; a real run reads its key from configuration.</summary>
    public const string ApiKey = "bench-key";

    private readonly Process process;

    private SimulatorProcess(Process process, Uri baseAddress)
    {
        this.process = process;
        BaseAddress = baseAddress;
    }

    public Uri BaseAddress { get; }

    public long WorkingSet
    {
        get
        {
            process.Refresh();
            return process.WorkingSet64;
        }
    }

    public long PeakWorkingSet
    {
        get
        {
            process.Refresh();
            return process.PeakWorkingSet64;
        }
    }

    public TimeSpan ProcessorTime
    {
        get
        {
            process.Refresh();
            return process.TotalProcessorTime;
        }
    }

    public static async Task<SimulatorProcess> StartAsync(int users, int seed)
    {
        var start = new ProcessStartInfo(Environment.ProcessPath ?? "dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in new[]
                 {
                     Path.Combine(AppContext.BaseDirectory, "Migration.Sandbox.dll"), "--netmera-port", "0", "--pipedrive-port", "0",
                     "--users", users.ToString(CultureInfo.InvariantCulture), "--seed", seed.ToString(CultureInfo.InvariantCulture), "--netmera-api-key", ApiKey,
                 })
            start.ArgumentList.Add(arg);

        var process = Process.Start(start) ?? throw new InvalidOperationException("The simulator did not start.");
        var errors = new System.Text.StringBuilder();
        process.ErrorDataReceived += (_, e) =>
        {
            lock (errors)
                errors.AppendLine(e.Data);
        };
        process.BeginErrorReadLine();
        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(5));
            while (await process.StandardOutput.ReadLineAsync(timeout.Token) is { } line)
            {
                if (!line.StartsWith("sandbox ready", StringComparison.Ordinal))
                    continue;
                var netmera = line.Split(' ').Single(p => p.StartsWith("netmera=", StringComparison.Ordinal))["netmera=".Length..];
                _ = process.StandardOutput.ReadToEndAsync(CancellationToken.None); // keep draining
                return new SimulatorProcess(process, new Uri(netmera + "/"));
            }
            throw new InvalidOperationException("The simulator exited before it was ready: " + errors);
        }
        catch
        {
            process.Kill(entireProcessTree: true);
            process.Dispose();
            throw;
        }
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
}
