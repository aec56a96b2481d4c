using System.Runtime.CompilerServices;
using Migration.Sandbox.Dataset;
using Migration.Sandbox.Netmera.Exports;

namespace Migration.Sandbox.Tests.Dataset;

/// <summary>Heap measurements are process-wide, so these run alone, after the parallel tests.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class MemoryCollection
{
    public const string Name = "memory";
}

/// <summary>Generation (users, their activity, export files) is streamed: memory stays flat however many users go by.</summary>
[Collection(MemoryCollection.Name)]
public sealed class StreamingTests
{
    private const int Users = 200_000;
    private const long Megabyte = 1024 * 1024;

    [Fact]
    public void Two_hundred_thousand_users_stream_in_flat_memory()
    {
        var baseline = GC.GetTotalMemory(forceFullCollection: true);
        long peak = 0;
        long events = 0;
        var count = 0;
        foreach (var user in SourceDataset.Generate(Users, 3))
        {
            events += SourceActivity.EventPlanOf(user, 3).Values.Sum();
            if (++count % 40_000 == 0)
            {
                peak = Math.Max(peak, GC.GetTotalMemory(forceFullCollection: true) - baseline);
            }
        }

        Assert.Equal(Users, count);
        Assert.InRange(events / (double)Users, 30, 100);

        // 200k materialised users take hundreds of MB; a streamed walk holds one at a time.
        Assert.True(peak < 24 * Megabyte, $"heap grew by {peak / Megabyte} MB while streaming {Users} users");
    }

    [Fact]
    public void Users_already_yielded_are_not_held_by_the_generator()
    {
        var early = new List<WeakReference>();
        var count = 0;
        foreach (var user in SourceDataset.Generate(Users, 4))
        {
            if (count++ < 1000)
            {
                early.Add(Track(user));
            }
            else if (count == Users / 2)
            {
                break;
            }
        }

        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        Assert.True(early.All(w => !w.IsAlive), $"{early.Count(w => w.IsAlive)} of the first 1000 users are still reachable");
    }

    [Fact]
    public async Task An_event_data_export_is_written_row_by_row()
    {
        // 5k users give ~300k event rows (~30 MB of CSV); the heap must not grow with them.
        var exports = NetmeraExports.FromDataset(5_000, 5);
        var file = exports.Files.First(f => f.Kind == "event-data");
        var sink = new CountingStream();
        var baseline = GC.GetTotalMemory(forceFullCollection: true);
        sink.Sample = () => GC.GetTotalMemory(forceFullCollection: true) - baseline;
        await exports.WriteAsync(file.Name, sink);

        Assert.True(sink.Length > 15 * Megabyte, $"only {sink.Length} bytes written");
        Assert.True(sink.Peak < 12 * Megabyte, $"heap grew by {sink.Peak / Megabyte} MB while writing {sink.Length / Megabyte} MB");
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static WeakReference Track(SourceUser user) => new(user);

    /// <summary>Counts bytes and samples the heap every few MB; keeps nothing.</summary>
    private sealed class CountingStream : Stream
    {
        private long length;
        private long nextSample;

        public Func<long> Sample { get; set; } = () => 0;

        public long Peak { get; private set; }

        public override bool CanRead => false;

        public override bool CanSeek => false;

        public override bool CanWrite => true;

        public override long Length => length;

        public override long Position { get => length; set => throw new NotSupportedException(); }

        public override void Write(byte[] buffer, int offset, int count) => Count(count);

        public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
        {
            Count(count);
            return Task.CompletedTask;
        }

        public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
        {
            Count(buffer.Length);
            return ValueTask.CompletedTask;
        }

        public override void Flush()
        {
        }

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        private void Count(int bytes)
        {
            length += bytes;
            if (length >= nextSample)
            {
                nextSample = length + 8 * Megabyte;
                Peak = Math.Max(Peak, Sample());
            }
        }
    }
}
