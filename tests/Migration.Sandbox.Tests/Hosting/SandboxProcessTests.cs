using System.Diagnostics;
using System.Net;
using System.Text.RegularExpressions;

namespace Migration.Sandbox.Tests.Hosting;

/// <summary>The console entry point as the demo and other test projects use it: one ready line, then a clean stop.</summary>
public sealed partial class SandboxProcessTests
{
    [GeneratedRegex(@"^sandbox ready netmera=(http://127\.0\.0\.1:\d+) pipedrive=(http://127\.0\.0\.1:\d+)$")]
    private static partial Regex ReadyLine();

    [SkippableFact]
    public async Task Starts_both_simulators_prints_one_ready_line_and_stops_on_sigterm()
    {
        Skip.If(OperatingSystem.IsWindows(), "SIGTERM is POSIX-only");

        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in new[] { Path.Combine(AppContext.BaseDirectory, "Migration.Sandbox.dll"), "--netmera-port", "0", "--pipedrive-port", "0",
                                    "--users", "40", "--seed", "3", "--pipedrive-api-token", "proc-token" })
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start)!;
        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            var line = await process.StandardOutput.ReadLineAsync(timeout.Token);
            var match = ReadyLine().Match(line ?? string.Empty);
            Assert.True(match.Success, $"unexpected first line: '{line}'");

            using var netmera = JsonHttp.Client(new Uri(match.Groups[1].Value), "X-netmera-api-key", "sandbox-netmera-key");
            var users = await netmera.GetJsonAsync("/rest/3.0/getSegmentUsers?id=1001");
            Assert.Equal(40, users.Body.GetProperty("list").GetArrayLength());

            using var pipedrive = JsonHttp.Client(new Uri(match.Groups[2].Value), "x-api-token", "proc-token");
            Assert.Equal(HttpStatusCode.OK, (await pipedrive.GetJsonAsync("/api/v2/persons")).Status);

            using (var kill = Process.Start("kill", ["-TERM", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
            {
                await kill.WaitForExitAsync(timeout.Token);
            }

            await process.WaitForExitAsync(timeout.Token);
            Assert.Equal(0, process.ExitCode);
            Assert.Equal(string.Empty, await process.StandardOutput.ReadToEndAsync(timeout.Token));
        }
        finally
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }
        }
    }
}
