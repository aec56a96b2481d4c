namespace Migration.Sandbox.Dataset;

/// <summary>
/// SplitMix64: a tiny generator whose output is fixed by its seed on every runtime and platform,
/// unlike <see cref="Random"/>, whose algorithm is an implementation detail of .NET.
/// </summary>
internal sealed class DeterministicRandom(ulong seed)
{
    private ulong state = seed;

    /// <summary>An independent stream for (seed, stream id): users are generated one by one from their index.</summary>
    public static DeterministicRandom For(int seed, long stream) =>
        new(Mix(unchecked((ulong)(uint)seed * 0x9E3779B97F4A7C15UL) ^ Mix(unchecked((ulong)stream + 0xD1B54A32D192ED03UL))));

    /// <summary>
    /// An independent stream for one kind of generated thing and its coordinates, e.g. (Events, user index) or
    /// (Delivery, campaign key, user index). Kept apart from <see cref="For(int, long)"/>, whose streams the user
    /// attributes were first drawn from, so adding a kind never shifts an existing one.
    /// </summary>
    public static DeterministicRandom For(int seed, DatasetStream kind, long a, long b = 0) =>
        new(Mix(Mix(unchecked(((ulong)kind << 32) ^ (uint)seed) + 0x632BE59BD9B4E019UL)
            ^ Mix(unchecked((ulong)a * 0xBF58476D1CE4E5B9UL + 1))
            ^ Mix(unchecked((ulong)b * 0x94D049BB133111EBUL + 2))));

    public ulong NextUInt64()
    {
        state = unchecked(state + 0x9E3779B97F4A7C15UL);
        return Mix(state);
    }

    /// <summary>0 ≤ result &lt; maxExclusive (modulo bias is negligible for the small ranges used here).</summary>
    public int Next(int maxExclusive) =>
        maxExclusive <= 0 ? throw new ArgumentOutOfRangeException(nameof(maxExclusive)) : (int)(NextUInt64() % (ulong)maxExclusive);

    public int Next(int minInclusive, int maxExclusive) => minInclusive + Next(maxExclusive - minInclusive);

    public long NextInt64(long minInclusive, long maxExclusive) =>
        minInclusive + (long)(NextUInt64() % (ulong)(maxExclusive - minInclusive));

    public double NextDouble() => (NextUInt64() >> 11) * (1.0 / (1UL << 53));

    public bool Chance(double probability) => NextDouble() < probability;

    /// <summary>A count in [min, max] inclusive.</summary>
    public int Between(int min, int max) => min + Next(max - min + 1);

    public T Pick<T>(IReadOnlyList<T> items) => items[Next(items.Count)];

    public string Hex(int length)
    {
        const string digits = "0123456789abcdef";
        var chars = new char[length];
        for (var i = 0; i < length; i++)
        {
            chars[i] = digits[Next(16)];
        }

        return new string(chars);
    }

    public string Alphanumeric(int length)
    {
        const string alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
        var chars = new char[length];
        for (var i = 0; i < length; i++)
        {
            chars[i] = alphabet[Next(alphabet.Length)];
        }

        return new string(chars);
    }

    private static ulong Mix(ulong z)
    {
        z = unchecked((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL);
        z = unchecked((z ^ (z >> 27)) * 0x94D049BB133111EBUL);
        return z ^ (z >> 31);
    }
}

/// <summary>The kinds of generated things that draw from their own streams (see <see cref="DeterministicRandom.For(int, DatasetStream, long, long)"/>).</summary>
internal enum DatasetStream
{
    EmailDuplicate = 1,
    DeviceDuplicate,
    DeviceOs,
    UninstalledDevices,
    Tags,
    Lifecycle,
    EventPlan,
    Events,
    AnonymousInstallation,
    Delivery,
    SurveyAnswers,
    Catalog,
    Company,
}
