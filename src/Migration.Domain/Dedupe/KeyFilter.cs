using System.Buffers.Binary;
using System.Globalization;

namespace Migration.Domain.Dedupe;

/// <summary>
/// A Bloom filter over the dedupe keys a run has claimed: "certainly never seen" or "maybe seen". Most
/// keys of a page are new, and asking the index about each costs a table read; the filter lets only the
/// "maybe seen" ones (true duplicates and about 1 % false positives) be looked up. Sized for the
/// expected population at about 1 % false positives: some 1.2 MB per 1,000,000 keys.
/// </summary>
public sealed class KeyFilter
{
    private const int Hashes = 7;
    private readonly ulong[] bits;

    private KeyFilter(ulong[] bits) => this.bits = bits;

    public long Bits => (long)bits.Length * 64;

    /// <summary>A filter for about <paramref name="expectedKeys"/> keys (at least 64 Ki bits).</summary>
    public static KeyFilter For(long expectedKeys)
    {
        var bitCount = Math.Max(1 << 16, (long)Math.Ceiling(Math.Max(1, expectedKeys) * 9.6));
        return new KeyFilter(new ulong[(bitCount + 63) / 64]);
    }

    public void Add(string hash)
    {
        foreach (var bit in Positions(hash))
            bits[bit / 64] |= 1UL << (int)(bit % 64);
    }

    public bool MightContain(string hash)
    {
        foreach (var bit in Positions(hash))
        {
            if ((bits[bit / 64] & (1UL << (int)(bit % 64))) == 0)
                return false;
        }
        return true;
    }

    public byte[] ToBytes()
    {
        var bytes = new byte[bits.Length * 8];
        for (var i = 0; i < bits.Length; i++)
            BinaryPrimitives.WriteUInt64LittleEndian(bytes.AsSpan(i * 8), bits[i]);
        return bytes;
    }

    public static KeyFilter FromBytes(ReadOnlySpan<byte> bytes)
    {
        var bits = new ulong[bytes.Length / 8];
        for (var i = 0; i < bits.Length; i++)
            bits[i] = BinaryPrimitives.ReadUInt64LittleEndian(bytes[(i * 8)..]);
        return new KeyFilter(bits);
    }

    /// <summary>Double hashing over two 64-bit halves of the key's SHA-256 (the key is already a hash).</summary>
    private IEnumerable<long> Positions(string hash)
    {
        var a = ulong.Parse(hash.AsSpan(0, 16), NumberStyles.HexNumber, CultureInfo.InvariantCulture);
        var b = ulong.Parse(hash.AsSpan(16, 16), NumberStyles.HexNumber, CultureInfo.InvariantCulture) | 1;
        var size = (ulong)Bits;
        for (ulong i = 0; i < Hashes; i++)
            yield return (long)((a + i * b) % size);
    }
}
