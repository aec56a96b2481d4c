using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Configuration;

namespace Migration.Host;

/// <summary>
/// Settings of the local durable engine (<c>Migration:Engine</c>). The worker id stays the same across
/// restarts so a host that was killed takes its partition back at once instead of waiting for the
/// dead owner's lease to expire.
/// </summary>
public sealed record LocalEngineOptions
{
    public required string TaskHub { get; init; }
    public required string StorageConnectionString { get; init; }
    public required int SidecarPort { get; init; }
    public string WorkerId { get; init; } = "local-host";
    public int PartitionCount { get; init; } = 1;

    /// <summary>
    /// How often idle queues are polled at most. The backend's default (30 s) makes a local run wait
    /// half a minute after every quiet spell. Under a paced budget the queues fall quiet while every
    /// batch waits on the burst window, so each batch boundary waited for two backed-off polls (up to
    /// 2 s each at the old 2 s) with that batch's share of the burst unused; 250 ms costs Azurite
    /// about 8 idle requests a second.
    /// </summary>
    public TimeSpan MaxQueuePollingInterval { get; init; } = TimeSpan.FromMilliseconds(250);

    /// <summary>
    /// How long a dequeued message stays hidden. A host killed mid-work leaves its messages hidden
    /// this long before another worker (or itself, restarted) takes them again. The sidecar does not
    /// renew activity locks, so this must stay longer than any one activity runs: two runs of one
    /// batch at the same time could both find it unwritten.
    /// </summary>
    public TimeSpan MessageVisibilityTimeout { get; init; } = TimeSpan.FromMinutes(2);

    public Uri SidecarAddress => new($"http://127.0.0.1:{SidecarPort}");

    public static LocalEngineOptions From(IConfiguration configuration, string taskHub, string storageConnectionString)
    {
        var section = configuration.GetSection("Migration:Engine");
        return new LocalEngineOptions
        {
            TaskHub = taskHub,
            StorageConnectionString = storageConnectionString,
            SidecarPort = section.GetValue<int?>("SidecarPort") is int port and > 0 ? port : FreeLoopbackPort(),
            WorkerId = section["WorkerId"] is { Length: > 0 } id ? id : $"local-host-{Environment.MachineName}".ToLowerInvariant(),
            PartitionCount = section.GetValue("PartitionCount", 1),
            MaxQueuePollingInterval = section.GetValue("MaxQueuePollingInterval", TimeSpan.FromMilliseconds(250)),
            MessageVisibilityTimeout = section.GetValue("MessageVisibilityTimeout", TimeSpan.FromMinutes(2)),
        };
    }

    private static int FreeLoopbackPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
