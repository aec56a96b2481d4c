using System.Buffers.Binary;

namespace Migration.Domain.Dedupe;

/// <summary>
/// A Bloom filter over dedupe keys: "certainly never seen" or "maybe seen". Each sorted run of the
/// dedupe index carries one over its keys, so a lookup reads a run's blocks only for the keys its
/// filter may hold. At the default 9.6 bits a key about 1 % of new keys are false positives (some
/// 1.2 MB per 1,000,000 keys); at 16 bits about 0.07 %.
/// </summary>
public sealed class KeyFilter
{
    private const int Hashes = 7;
    private readonly ulong[] bits;

    private KeyFilter(ulong[] bits) => this.bits = bits;

    public long Bits => (long)bits.Length * 64;

    /// <summary>A filter for about <paramref name="expectedKeys"/> keys (at least 64 Ki bits).</summary>
    public static KeyFilter For(long expectedKeys, double bitsPerKey = 9.6)
    {
        var bitCount = Math.Max(1 << 16, (long)Math.Ceiling(Math.Max(1, expectedKeys) * bitsPerKey));
        return new KeyFilter(new ulong[(bitCount + 63) / 64]);
    }

    public void Add(string hash) => Add(Convert.FromHexString(hash));

    public bool MightContain(string hash) => MightContain(Convert.FromHexString(hash));

    /// <summary>Adds a key given as its hash's bytes (at least 16).</summary>
    public void Add(ReadOnlySpan<byte> key)
    {
        var (a, b) = Halves(key);
        var size = (ulong)Bits;
        for (ulong i = 0; i < Hashes; i++)
        {
            var bit = (a + i * b) % size;
            bits[bit / 64] |= 1UL << (int)(bit % 64);
        }
    }

    public bool MightContain(ReadOnlySpan<byte> key)
    {
        var (a, b) = Halves(key);
        var size = (ulong)Bits;
        for (ulong i = 0; i < Hashes; i++)
        {
            var bit = (a + i * b) % size;
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

    /// <summary>Double hashing over two 64-bit halves of the key (the key is already a SHA-256).</summary>
    private static (ulong A, ulong B) Halves(ReadOnlySpan<byte> key) =>
        (BinaryPrimitives.ReadUInt64BigEndian(key), BinaryPrimitives.ReadUInt64BigEndian(key[8..]) | 1);
}
