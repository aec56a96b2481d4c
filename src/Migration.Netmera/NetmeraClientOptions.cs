using System.Globalization;
using Microsoft.Extensions.Configuration;

namespace Migration.Netmera;

/// <summary>
/// Client settings shared by every connection, from the <c>Netmera</c> configuration section:
/// <c>Netmera:QuotaPause</c> (a TimeSpan, default 00:01:00) and <c>Netmera:MaxEmptyPagesInARow</c>.
/// </summary>
public sealed record NetmeraClientOptions
{
    public const string Section = "Netmera";

    /// <summary>How long a phase waits after Netmera refuses for quota (5022) before it reads again.</summary>
    public TimeSpan QuotaPause { get; init; } = TimeSpan.FromMinutes(1);

    /// <summary>Empty pages in a row that still point onwards before paging is treated as a loop.</summary>
    public int MaxEmptyPagesInARow { get; init; } = NextPageGuard.DefaultMaxEmptyPages;

    public static NetmeraClientOptions From(IConfiguration configuration)
    {
        var section = configuration.GetSection(Section);
        var options = new NetmeraClientOptions();
        if (section["QuotaPause"] is { Length: > 0 } pause)
        {
            if (!TimeSpan.TryParse(pause, CultureInfo.InvariantCulture, out var value) || value <= TimeSpan.Zero)
                throw new InvalidOperationException($"{Section}:QuotaPause must be a positive TimeSpan such as 00:01:00.");
            options = options with { QuotaPause = value };
        }
        if (section["MaxEmptyPagesInARow"] is { Length: > 0 } empty)
        {
            if (!int.TryParse(empty, NumberStyles.None, CultureInfo.InvariantCulture, out var value) || value < 1)
                throw new InvalidOperationException($"{Section}:MaxEmptyPagesInARow must be a positive whole number.");
            options = options with { MaxEmptyPagesInARow = value };
        }
        return options;
    }
}
