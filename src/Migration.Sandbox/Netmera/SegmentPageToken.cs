using System.Buffers.Text;
using System.Globalization;
using System.Text;

namespace Migration.Sandbox.Netmera;

/// <summary>
/// The opaque <c>offset</c> in getSegmentUsers' nextPage. Clients must follow nextPage verbatim,
/// so the token is encoded (not a bare number) to catch clients that build offsets themselves.
/// </summary>
internal static class SegmentPageToken
{
    private const string Version = "sp1";

    public static string Encode(int segmentId, int offset) =>
        Base64Url.EncodeToString(Encoding.UTF8.GetBytes(string.Create(CultureInfo.InvariantCulture, $"{Version}:{segmentId}:{offset}")));

    public static bool TryDecode(string token, int segmentId, out int offset)
    {
        offset = 0;
        byte[] bytes;
        try
        {
            bytes = Base64Url.DecodeFromChars(token);
        }
        catch (FormatException)
        {
            return false;
        }

        var parts = Encoding.UTF8.GetString(bytes).Split(':');
        return parts.Length == 3
            && parts[0] == Version
            && int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var tokenSegment)
            && tokenSegment == segmentId
            && int.TryParse(parts[2], NumberStyles.None, CultureInfo.InvariantCulture, out offset);
    }
}
