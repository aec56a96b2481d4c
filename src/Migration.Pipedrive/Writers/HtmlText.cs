using System.Text;

namespace Migration.Pipedrive;

/// <summary>
/// Text for Pipedrive's HTML fields (notes): only the characters HTML gives meaning to are escaped, so Turkish letters and
/// emoji stay readable in the stored note rather than becoming numeric entities.
/// </summary>
public static class HtmlText
{
    public static string Escape(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var escaped = new StringBuilder(text.Length);
        foreach (var c in text)
        {
            escaped.Append(c switch
            {
                '&' => "&amp;",
                '<' => "&lt;",
                '>' => "&gt;",
                '"' => "&quot;",
                _ => c.ToString(),
            });
        }
        return escaped.ToString();
    }
}
