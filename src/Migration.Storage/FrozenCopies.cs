using System.Collections.Concurrent;

namespace Migration.Storage;

/// <summary>
/// In-memory copies of what a run writes once, before anything reads it (the frozen map, the schema, the organization
/// index), keyed by run or blob path, so every batch of a load does not fetch and parse it again. Bounded: past
/// <c>capacity</c> keys (64 unless a large kind asks for fewer) the memory starts over. The writer in this process
/// replaces or drops its copy.
/// </summary>
public sealed class FrozenCopies<T>(int capacity = FrozenCopies<T>.DefaultCapacity)
    where T : class
{
    public const int DefaultCapacity = 64;

    private readonly ConcurrentDictionary<string, T> copies = new(StringComparer.Ordinal);

    public bool TryGet(string key, out T value) => copies.TryGetValue(key, out value!);

    public void Keep(string key, T value)
    {
        if (copies.Count >= capacity && !copies.ContainsKey(key))
            copies.Clear();
        copies[key] = value;
    }

    public void Drop(string key) => copies.TryRemove(key, out _);
}
