using System.Buffers;

namespace Migration.Storage;

/// <summary>
/// A stream written, then read back, in 64 KB buffers rented from the shared pool: each below the large-object
/// threshold. A <see cref="MemoryStream"/> doubles one buffer as it grows, and every doubling past 85 KB is a
/// large object: at 50,000 users the staged chunks of the event file made about 250 MB of large-object garbage in
/// the ten seconds the split took, and that was the host's peak memory.
/// </summary>
internal sealed class PooledBufferStream : Stream
{
    private const int SegmentSize = 64 * 1024;

    private readonly List<byte[]> segments = [];
    private long length;
    private long position;

    public override bool CanRead => true;
    public override bool CanSeek => true;
    public override bool CanWrite => true;
    public override long Length => length;

    public override long Position
    {
        get => position;
        set
        {
            ArgumentOutOfRangeException.ThrowIfNegative(value);
            ArgumentOutOfRangeException.ThrowIfGreaterThan(value, length);
            position = value;
        }
    }

    public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        while (buffer.Length > 0)
        {
            var (segment, at) = Locate(position);
            while (segments.Count <= segment)
                segments.Add(ArrayPool<byte>.Shared.Rent(SegmentSize));
            var n = Math.Min(SegmentSize - at, buffer.Length);
            buffer[..n].CopyTo(segments[segment].AsSpan(at));
            buffer = buffer[n..];
            position += n;
            length = Math.Max(length, position);
        }
    }

    public override void WriteByte(byte value) => Write([value]);

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
    {
        Write(buffer, offset, count);
        return Task.CompletedTask;
    }

    public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        Write(buffer.Span);
        return ValueTask.CompletedTask;
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        var total = 0;
        while (buffer.Length > 0 && position < length)
        {
            var (segment, at) = Locate(position);
            var n = (int)Math.Min(Math.Min(SegmentSize - at, buffer.Length), length - position);
            segments[segment].AsSpan(at, n).CopyTo(buffer);
            buffer = buffer[n..];
            position += n;
            total += n;
        }
        return total;
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        Task.FromResult(Read(buffer, offset, count));

    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
        ValueTask.FromResult(Read(buffer.Span));

    public override long Seek(long offset, SeekOrigin origin) => Position = origin switch
    {
        SeekOrigin.Begin => offset,
        SeekOrigin.Current => position + offset,
        _ => length + offset,
    };

    public override void SetLength(long value) => throw new NotSupportedException("A pooled buffer only grows by writing.");

    public override void Flush()
    {
    }

    protected override void Dispose(bool disposing)
    {
        foreach (var segment in segments)
            ArrayPool<byte>.Shared.Return(segment);
        segments.Clear();
        length = position = 0;
        base.Dispose(disposing);
    }

    private static (int Segment, int At) Locate(long offset) => ((int)(offset / SegmentSize), (int)(offset % SegmentSize));
}
