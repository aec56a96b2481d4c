using System.Buffers;
using System.Buffers.Binary;
using System.Text;

namespace Migration.Domain.Dedupe;

/// <summary>A claimed dedupe key (the 32 bytes of its SHA-256) with the survivor that owns it.</summary>
public sealed record KeyRunEntry(byte[] Key, DedupeOwner Owner);

/// <summary>
/// The bytes of a sorted run of the dedupe index (docs/design-notes.md, note 9): entries in ascending
/// key order, each <c>key[32] | batch int32 | owner length uint16 | owner UTF-8</c>, little-endian.
/// A run's index, kept apart, holds the first key and offset of every block of
/// <see cref="KeyRunWriter.EntriesPerBlock"/> entries and a Bloom filter over the run's keys, so a
/// lookup reads only the blocks that may hold the keys it asks for.
/// </summary>
public static class KeyRunFormat
{
    public const int KeyLength = 32;
    private const int HeaderLength = KeyLength + 4 + 2;

    public static void Write(IBufferWriter<byte> output, ReadOnlySpan<byte> key, DedupeOwner owner)
    {
        if (key.Length != KeyLength)
            throw new ArgumentException($"A dedupe key is {KeyLength} bytes.", nameof(key));
        var ownerLength = Encoding.UTF8.GetByteCount(owner.ExtId);
        if (ownerLength > ushort.MaxValue)
            throw new ArgumentException("An external id longer than 65,535 bytes cannot own a dedupe key.", nameof(owner));
        var span = output.GetSpan(HeaderLength + ownerLength);
        key.CopyTo(span);
        BinaryPrimitives.WriteInt32LittleEndian(span[KeyLength..], owner.Batch);
        BinaryPrimitives.WriteUInt16LittleEndian(span[(KeyLength + 4)..], (ushort)ownerLength);
        Encoding.UTF8.GetBytes(owner.ExtId, span[HeaderLength..]);
        output.Advance(HeaderLength + ownerLength);
    }

    /// <summary>Reads the entry at the start of <paramref name="data"/>; false when it holds no whole entry.</summary>
    public static bool TryRead(ReadOnlySpan<byte> data, out KeyRunEntry? entry, out int length)
    {
        entry = null;
        length = 0;
        if (data.Length < HeaderLength)
            return false;
        var ownerLength = BinaryPrimitives.ReadUInt16LittleEndian(data[(KeyLength + 4)..]);
        if (data.Length < HeaderLength + ownerLength)
            return false;
        entry = new KeyRunEntry(data[..KeyLength].ToArray(), new DedupeOwner(
            Encoding.UTF8.GetString(data.Slice(HeaderLength, ownerLength)),
            BinaryPrimitives.ReadInt32LittleEndian(data[KeyLength..])));
        length = HeaderLength + ownerLength;
        return true;
    }

    /// <summary>Every entry of whole blocks read from a run.</summary>
    public static IReadOnlyList<KeyRunEntry> ReadAll(ReadOnlySpan<byte> data)
    {
        var entries = new List<KeyRunEntry>();
        while (TryRead(data, out var entry, out var length))
        {
            entries.Add(entry!);
            data = data[length..];
        }
        if (!data.IsEmpty)
            throw new InvalidDataException("A dedupe run block ends inside an entry.");
        return entries;
    }
}

/// <summary>
/// Writes a sorted run into <paramref name="output"/> (which the caller may drain between entries), and
/// builds its index. Keys must come in strictly ascending order.
/// </summary>
public sealed class KeyRunWriter(IBufferWriter<byte> output, long expectedKeys)
{
    /// <summary>Entries per block: a lookup reads one block (some 6 KB) per key its filter may hold.</summary>
    public const int EntriesPerBlock = 128;

    /// <summary>
    /// A lookup asks every run's filter, so false positives add up over the runs (about log2 of the
    /// pages staged): at 16 bits a key, some 0.07 % of a page's keys per run cost a block read in vain.
    /// </summary>
    public const double FilterBitsPerKey = 16;

    private readonly KeyFilter filter = KeyFilter.For(expectedKeys, FilterBitsPerKey);
    private readonly List<(byte[] Key, long Offset)> fence = [];
    private readonly CountingWriter counted = new(output);
    private readonly byte[] last = new byte[KeyRunFormat.KeyLength];

    public long Count { get; private set; }

    /// <summary>Bytes written so far.</summary>
    public long Length => counted.Written;

    public void Add(ReadOnlySpan<byte> key, DedupeOwner owner)
    {
        if (Count > 0 && key.SequenceCompareTo(last) <= 0)
            throw new InvalidOperationException("A dedupe run's keys must be written in strictly ascending order.");
        if (Count % EntriesPerBlock == 0)
            fence.Add((key.ToArray(), Length));
        KeyRunFormat.Write(counted, key, owner);
        key.CopyTo(last);
        filter.Add(key);
        Count++;
    }

    /// <summary>The run's index: <c>"DKR1" | count int64 | length int64 | blocks int32 | (first key, offset int64) per block | filter</c>.</summary>
    public byte[] Index()
    {
        var filterBytes = filter.ToBytes();
        var bytes = new byte[KeyRunIndex.HeaderLength + fence.Count * KeyRunIndex.FenceEntryLength + filterBytes.Length];
        var span = bytes.AsSpan();
        KeyRunIndex.Magic.CopyTo(span);
        BinaryPrimitives.WriteInt64LittleEndian(span[4..], Count);
        BinaryPrimitives.WriteInt64LittleEndian(span[12..], Length);
        BinaryPrimitives.WriteInt32LittleEndian(span[20..], fence.Count);
        var at = KeyRunIndex.HeaderLength;
        foreach (var (key, offset) in fence)
        {
            key.CopyTo(span[at..]);
            BinaryPrimitives.WriteInt64LittleEndian(span[(at + KeyRunFormat.KeyLength)..], offset);
            at += KeyRunIndex.FenceEntryLength;
        }
        filterBytes.CopyTo(span[at..]);
        return bytes;
    }

    private sealed class CountingWriter(IBufferWriter<byte> inner) : IBufferWriter<byte>
    {
        public long Written { get; private set; }

        public void Advance(int count)
        {
            inner.Advance(count);
            Written += count;
        }

        public Memory<byte> GetMemory(int sizeHint = 0) => inner.GetMemory(sizeHint);

        public Span<byte> GetSpan(int sizeHint = 0) => inner.GetSpan(sizeHint);
    }
}

/// <summary>A sorted run's index, read back: which block may hold a key, and where that block is.</summary>
public sealed class KeyRunIndex
{
    internal const int HeaderLength = 24;
    internal const int FenceEntryLength = KeyRunFormat.KeyLength + 8;
    internal static ReadOnlySpan<byte> Magic => "DKR1"u8;

    private readonly byte[][] firstKeys;
    private readonly long[] offsets;

    private KeyRunIndex(long count, long length, byte[][] firstKeys, long[] offsets, KeyFilter filter)
    {
        Count = count;
        Length = length;
        this.firstKeys = firstKeys;
        this.offsets = offsets;
        Filter = filter;
    }

    public long Count { get; }

    /// <summary>The length of the run's entries in bytes.</summary>
    public long Length { get; }

    public KeyFilter Filter { get; }

    public static KeyRunIndex Parse(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length < HeaderLength || !bytes[..4].SequenceEqual(Magic))
            throw new InvalidDataException("Not a dedupe run index.");
        var blocks = BinaryPrimitives.ReadInt32LittleEndian(bytes[20..]);
        var firstKeys = new byte[blocks][];
        var offsets = new long[blocks];
        var at = HeaderLength;
        for (var i = 0; i < blocks; i++, at += FenceEntryLength)
        {
            firstKeys[i] = bytes.Slice(at, KeyRunFormat.KeyLength).ToArray();
            offsets[i] = BinaryPrimitives.ReadInt64LittleEndian(bytes[(at + KeyRunFormat.KeyLength)..]);
        }
        return new KeyRunIndex(BinaryPrimitives.ReadInt64LittleEndian(bytes[4..]), BinaryPrimitives.ReadInt64LittleEndian(bytes[12..]),
            firstKeys, offsets, KeyFilter.FromBytes(bytes[at..]));
    }

    /// <summary>The block that holds <paramref name="key"/> if the run has it, or -1 when the key sorts before the run.</summary>
    public int BlockOf(ReadOnlySpan<byte> key)
    {
        int low = 0, high = firstKeys.Length - 1, found = -1;
        while (low <= high)
        {
            var middle = (low + high) / 2;
            if (firstKeys[middle].AsSpan().SequenceCompareTo(key) <= 0)
            {
                found = middle;
                low = middle + 1;
            }
            else
            {
                high = middle - 1;
            }
        }
        return found;
    }

    /// <summary>The bytes of blocks <paramref name="first"/> to <paramref name="last"/>, inclusive.</summary>
    public (long Offset, long Length) Blocks(int first, int last)
    {
        var end = last + 1 < offsets.Length ? offsets[last + 1] : Length;
        return (offsets[first], end - offsets[first]);
    }
}
