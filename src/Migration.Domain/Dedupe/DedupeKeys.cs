using System.Security.Cryptography;
using System.Text;
using Migration.Domain.Persons;
using Migration.Domain.Source;

namespace Migration.Domain.Dedupe;

/// <summary>
/// The keys two Netmera users are the same person by: the external id (the same user listed twice,
/// or by two sources), the email, trimmed and compared without case, and any device (installation id
/// or push token). Keys are SHA-256 hashes, so the dedupe index never holds an email or a token
/// (DESIGN §4.3).
/// </summary>
public static class DedupeKeys
{
    public static IReadOnlyList<DedupeKey> Of(SourceUser user)
    {
        var keys = new List<DedupeKey> { new(DedupeRule.ExternalId, Hash("extid", user.ExtId)) };
        if (EmailAddress.Normalise(user.ProfileText("email") ?? user.Email) is { } email && EmailAddress.IsValid(email))
            keys.Add(new DedupeKey(DedupeRule.Email, Hash("email", email)));
        foreach (var device in user.Devices)
        {
            if (!string.IsNullOrWhiteSpace(device.InstallationId))
                keys.Add(new DedupeKey(DedupeRule.Device, Hash("installation", device.InstallationId.Trim())));
            if (!string.IsNullOrWhiteSpace(device.Token))
                keys.Add(new DedupeKey(DedupeRule.Device, Hash("token", device.Token.Trim())));
        }
        return keys.Distinct().ToList();
    }

    private static string Hash(string kind, string value) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(kind + ":" + value)));
}

public enum DedupeRule
{
    ExternalId,
    Email,
    Device,
}

public sealed record DedupeKey(DedupeRule Rule, string Hash);
