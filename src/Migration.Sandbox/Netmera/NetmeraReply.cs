using System.Globalization;

namespace Migration.Sandbox.Netmera;

/// <summary>Netmera's application error shape and its absolute <c>nextPage</c> links.</summary>
internal static class NetmeraReply
{
    public static IResult Error(int status, int code, string message) =>
        Results.Json(new NetmeraError(code, message), NetmeraWire.Json, statusCode: status);

    public static IResult BadRequest(int code, string message) => Error(StatusCodes.Status400BadRequest, code, message);

    public static IResult Missing(string parameter) => BadRequest(2020, "Missing required parameter: " + parameter);

    /// <summary>Absolute, on whichever host served this request, as Netmera's nextPage is.</summary>
    public static string NextPage(HttpRequest request, string operation, string query) =>
        string.Create(CultureInfo.InvariantCulture, $"{request.Scheme}://{request.Host}{request.PathBase}{NetmeraEndpoints.Prefix}{operation}?{query}");

    /// <summary>
    /// An optional integer query parameter; false (with the 2004 answer) when present but not an integer.
    /// </summary>
    public static bool TryInteger(HttpRequest request, string name, out long? value, out IResult? error)
    {
        value = null;
        error = null;
        var text = request.Query[name].ToString();
        if (text.Length == 0)
        {
            return true;
        }

        if (long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var parsed))
        {
            value = parsed;
            return true;
        }

        error = BadRequest(2004, $"Field '{name}' should be a number");
        return false;
    }
}
