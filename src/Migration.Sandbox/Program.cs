using System.Runtime.InteropServices;
using Migration.Sandbox;

// Both simulators in one process, each its own Kestrel app on 127.0.0.1; one "ready" line on stdout, then wait.
if (!SandboxCommandLine.TryParse(args, out var commandLine, out var error))
{
    await Console.Error.WriteLineAsync(error);
    await Console.Error.WriteLineAsync(SandboxCommandLine.Usage);
    return 2;
}

using var shutdown = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    shutdown.Cancel();
};
using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, context =>
{
    context.Cancel = true;
    shutdown.Cancel();
});

await using var netmera = await NetmeraSimulator.StartAsync(commandLine.NetmeraOptions(), shutdown.Token);
await using var pipedrive = await PipedriveSimulator.StartAsync(commandLine.PipedriveOptions(), shutdown.Token);

Console.Out.WriteLine($"sandbox ready netmera={Authority(netmera.BaseAddress)} pipedrive={Authority(pipedrive.BaseAddress)}");
Console.Out.Flush();

try
{
    await Task.Delay(Timeout.Infinite, shutdown.Token);
}
catch (OperationCanceledException)
{
    // Ctrl+C or SIGTERM: fall through to the disposals, which stop both apps.
}

return 0;

static string Authority(Uri uri) => uri.GetLeftPart(UriPartial.Authority);
