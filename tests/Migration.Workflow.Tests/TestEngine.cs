using System.Net;
using System.Net.Sockets;
using Microsoft.DurableTask.Testing;

namespace Migration.Workflow.Tests;

/// <summary>The in-memory engine on a port nobody holds (its default picks a random one, which can clash).</summary>
internal static class TestEngine
{
    public static DurableTaskTestHostOptions Options()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return new DurableTaskTestHostOptions { Port = ((IPEndPoint)listener.LocalEndpoint).Port };
    }
}
