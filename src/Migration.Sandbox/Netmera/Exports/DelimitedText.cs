using System.Text;

namespace Migration.Sandbox.Netmera.Exports;

/// <summary>One of the CSV delimiters Netmera's FTP export offers (netmera-api.md §5.2), with the name used in file names.</summary>
public sealed record CsvDelimiter(string Name, string Text)
{
    public static readonly CsvDelimiter Comma = new("comma", ",");
    public static readonly CsvDelimiter Pipe = new("pipe", "|");
    public static readonly CsvDelimiter Tilde = new("tilde", "~");
    public static readonly CsvDelimiter BrokenPipe = new("brokenpipe", "¦");
    public static readonly CsvDelimiter Caret = new("caret", "^");
    public static readonly CsvDelimiter Semicolon = new("semicolon", ";");

    public static readonly IReadOnlyList<CsvDelimiter> All = [Comma, Pipe, Tilde, BrokenPipe, Caret, Semicolon];
}

/// <summary>
/// Writes RFC 4180-style rows with any delimiter: a field is quoted (quotes doubled) when it holds the delimiter, a
/// quote, a line break, or leading or trailing whitespace (so a padded email survives a reader that trims).
/// Null and empty are both an empty field.
/// </summary>
internal sealed class DelimitedText(TextWriter writer, CsvDelimiter delimiter, string newLine)
{
    public async Task WriteRowAsync(IEnumerable<string?> fields, CancellationToken cancellationToken)
    {
        var line = new StringBuilder();
        var first = true;
        foreach (var field in fields)
        {
            if (!first)
            {
                line.Append(delimiter.Text);
            }

            first = false;
            Append(line, field);
        }

        line.Append(newLine);
        await writer.WriteAsync(line, cancellationToken).ConfigureAwait(false);
    }

    private void Append(StringBuilder line, string? field)
    {
        if (string.IsNullOrEmpty(field))
        {
            return;
        }

        var quote = field.Contains(delimiter.Text, StringComparison.Ordinal)
            || field.AsSpan().IndexOfAny('"', '\r', '\n') >= 0
            || char.IsWhiteSpace(field[0])
            || char.IsWhiteSpace(field[^1]);
        if (!quote)
        {
            line.Append(field);
            return;
        }

        line.Append('"').Append(field.Replace("\"", "\"\"", StringComparison.Ordinal)).Append('"');
    }
}
