using System.Collections.Concurrent;

namespace Migration.Sandbox.Netmera.Exports;

/// <summary>
/// The simulator's copy of each export file: written once, on first request, to a temporary folder of its own, then
/// served from disk (so a listing knows sizes, and range requests work). The folder goes when the simulator does.
/// </summary>
internal sealed class ExportStore(NetmeraExports exports) : IDisposable
{
    private readonly string folder = Path.Combine(Path.GetTempPath(), "netmera-sandbox-" + Guid.NewGuid().ToString("N"));
    private readonly ConcurrentDictionary<string, Lazy<Task<string>>> written = new(StringComparer.Ordinal);

    public NetmeraExports Exports => exports;

    /// <summary>The file's path on disk, writing it first if needed (concurrent callers share one write).</summary>
    public Task<string> PathOfAsync(NetmeraExportFile file) =>
        written.GetOrAdd(file.Name, name => new Lazy<Task<string>>(() => WriteAsync(name))).Value;

    private async Task<string> WriteAsync(string name)
    {
        Directory.CreateDirectory(folder);
        var path = Path.Combine(folder, name);
        var partial = path + ".partial";
        var stream = new FileStream(partial, FileMode.Create, FileAccess.ReadWrite, FileShare.None, 64 * 1024, useAsync: true);
        await using (stream.ConfigureAwait(false))
        {
            // Not the request's token: other requests may be waiting on this same write.
            await exports.WriteAsync(name, stream, CancellationToken.None).ConfigureAwait(false);
        }

        File.Move(partial, path, overwrite: true);
        return path;
    }

    public void Dispose()
    {
        try
        {
            if (Directory.Exists(folder))
            {
                Directory.Delete(folder, recursive: true);
            }
        }
        catch (IOException)
        {
            // A file still open by a client download; the OS temp cleaner gets it later.
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
