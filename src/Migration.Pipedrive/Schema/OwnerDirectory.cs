namespace Migration.Pipedrive;

/// <summary>
/// The company's users, read once (v1 GET /users, 20 tokens), for turning the owner a source names into a
/// Pipedrive user id: by email (case-insensitive), else by name (case-insensitive, trimmed; the lowest id when
/// several share it), else <see cref="DefaultOwnerId"/> (null: Pipedrive makes the token's user the owner).
/// Deactivated users are not chosen, since Pipedrive will not assign records to them.
/// </summary>
public sealed class OwnerDirectory(IReadOnlyList<User> users, long? defaultOwnerId = null)
{
    private readonly IReadOnlyList<User> active = [.. users.Where(u => u.ActiveFlag != false).OrderBy(u => u.Id)];

    public IReadOnlyList<User> Users => users;

    public long? DefaultOwnerId => defaultOwnerId;

    public static async Task<OwnerDirectory> ReadAsync(PipedriveClient client, long? defaultOwnerId, CancellationToken cancellationToken) =>
        new(await client.GetUsersAsync(cancellationToken).ConfigureAwait(false), defaultOwnerId);

    /// <summary>The user id for an owner text (an email, else a name); the default when it matches nobody or is empty.</summary>
    public long? Resolve(string? owner)
    {
        if (string.IsNullOrWhiteSpace(owner))
            return defaultOwnerId;
        var text = owner.Trim();
        return (active.FirstOrDefault(u => string.Equals(u.Email?.Trim(), text, StringComparison.OrdinalIgnoreCase))
                ?? active.FirstOrDefault(u => string.Equals(u.Name?.Trim(), text, StringComparison.OrdinalIgnoreCase)))?.Id
            ?? defaultOwnerId;
    }

    /// <summary>"Name &lt;email&gt; (#id)" for reports; "#id" for a user not in the list.</summary>
    public string Describe(long id) =>
        users.FirstOrDefault(u => u.Id == id) is { } user ? $"{user.Name} <{user.Email}> (#{id})" : $"#{id}";
}
