using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;
using System.Collections.Concurrent;
using CsvHelper;
using MiniExcelLibs;

namespace Migration.Netmera.Exports;

/// <summary>One data row: cells by header position (CSV: text; XLSX: text, double, bool or DateTime), or a problem.</summary>
internal readonly record struct TabularRow(long Number, object?[] Cells, string? ProblemCode, string? Problem);

/// <summary>
/// A CSV or XLSX export read row by row. CSV: UTF-8 with or without BOM (UTF-16/32 with a BOM are
/// accepted too), the delimiter detected from the header line among Netmera's six, RFC 4180 quoting.
/// XLSX: the first sheet, first row as header, read as a stream; a non-seekable source is spooled to a
/// temporary file first (a zip is read from its end). Memory stays bounded by one row, whatever the size.
/// </summary>
internal sealed class TabularSource : IAsyncDisposable
{
    /// <summary>Netmera's FTP export delimiters: comma, pipe, tilde, broken pipe, caret, semicolon.</summary>
    public static readonly char[] Delimiters = [',', '|', '~', '¦', '^', ';'];

    /// <summary>A record longer than this (in UTF-8 bytes) is treated as an unclosed quote rather than read into memory.</summary>
    public const int MaxRecordBytes = 4 << 20;

    private const int MaxHeaderLength = 1 << 20;

    private readonly CsvReader? csv;
    private readonly IEnumerator<IDictionary<string, object?>>? sheet;
    private readonly IAsyncDisposable? owned;
    private long sheetRow = 1;

    private TabularSource(ExportFormat format, char? delimiter, string[] header, CsvReader? csv,
        IEnumerator<IDictionary<string, object?>>? sheet, IAsyncDisposable? owned)
    {
        Format = format;
        Delimiter = delimiter;
        Header = header;
        this.csv = csv;
        this.sheet = sheet;
        this.owned = owned;
    }

    public ExportFormat Format { get; }
    public char? Delimiter { get; }

    /// <summary>Header cells, trimmed. Trailing empty names are kept (their cells must stay empty).</summary>
    public IReadOnlyList<string> Header { get; }

    public static async Task<TabularSource> OpenAsync(Stream stream, string fileName, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(stream);
        var (format, content) = await DetectFormatAsync(stream, fileName, cancellationToken).ConfigureAwait(false);
        if (format == ExportFormat.Json)
            throw new NetmeraExportFormatException("This is a JSON file; only inventories of campaigns, journeys, widgets and surveys are read as JSON.");
        return format == ExportFormat.Xlsx
            ? await OpenXlsxAsync(content, cancellationToken).ConfigureAwait(false)
            : await OpenCsvAsync(content, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>By extension; without a known one, by content (a zip signature means XLSX).</summary>
    internal static async Task<(ExportFormat Format, Stream Content)> DetectFormatAsync(Stream stream, string fileName, CancellationToken cancellationToken)
    {
        var extension = Path.GetExtension(fileName).ToLowerInvariant();
        switch (extension)
        {
            case ".csv" or ".txt":
                return (ExportFormat.Csv, stream);
            case ".xlsx":
                return (ExportFormat.Xlsx, stream);
            case ".json" or ".ndjson" or ".jsonl":
                return (ExportFormat.Json, stream);
            case ".xls":
                throw new NetmeraExportFormatException("Old binary Excel (.xls) files are not read: save the file as .xlsx or .csv.");
            case ".zip" or ".gz" or ".pdf" or ".xml" or ".html":
                throw new NetmeraExportFormatException($"'{extension}' files are not export files this product reads: only .csv, .xlsx and (for inventories) .json are.");
        }

        var prefix = new byte[64];
        var read = 0;
        while (read < prefix.Length)
        {
            var n = await stream.ReadAsync(prefix.AsMemory(read), cancellationToken).ConfigureAwait(false);
            if (n == 0)
                break;
            read += n;
        }
        var content = new PrefixedStream(prefix.AsMemory(0, read), stream);
        var isZip = read >= 4 && prefix[0] == 0x50 && prefix[1] == 0x4B && prefix[2] == 0x03 && prefix[3] == 0x04;
        var start = read >= 3 && prefix[0] == 0xEF && prefix[1] == 0xBB && prefix[2] == 0xBF ? 3 : 0;
        var firstText = prefix.AsSpan(start, read - start).TrimStart(" \t\r\n"u8);
        var isJson = firstText.Length > 0 && firstText[0] is (byte)'[' or (byte)'{';
        return (isZip ? ExportFormat.Xlsx : isJson ? ExportFormat.Json : ExportFormat.Csv, content);
    }

    private static async Task<TabularSource> OpenXlsxAsync(Stream stream, CancellationToken cancellationToken)
    {
        Stream seekable = stream;
        FileStream? spool = null;
        if (!stream.CanSeek)
        {
            spool = new FileStream(Path.GetTempFileName(), FileMode.Create, FileAccess.ReadWrite, FileShare.None, 81920,
                FileOptions.DeleteOnClose | FileOptions.Asynchronous);
            await stream.CopyToAsync(spool, cancellationToken).ConfigureAwait(false);
            spool.Position = 0;
            seekable = spool;
        }

        IEnumerator<IDictionary<string, object?>>? rows = null;
        try
        {
            try
            {
                rows = MiniExcel.Query(seekable, useHeaderRow: false, excelType: ExcelType.XLSX)
                    .Cast<IDictionary<string, object?>>().GetEnumerator();
                if (!rows.MoveNext())
                    throw new NetmeraExportFormatException("The spreadsheet's first sheet is empty: there is no header row.");
            }
            catch (Exception e) when (e is not NetmeraExportFormatException and not OperationCanceledException)
            {
                throw new NetmeraExportFormatException("The file is not a readable .xlsx workbook.", e);
            }
            var header = ToCells(rows.Current).Select(c => Cells.Text(c)?.Trim() ?? string.Empty).ToArray();
            return new TabularSource(ExportFormat.Xlsx, null, CheckHeader(header), null, rows, spool);
        }
        catch
        {
            rows?.Dispose();
            if (spool is not null)
                await spool.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    private static async Task<TabularSource> OpenCsvAsync(Stream stream, CancellationToken cancellationToken)
    {
        var (prefix, headerLine) = await ReadHeaderLineAsync(stream, cancellationToken).ConfigureAwait(false);
        if (string.IsNullOrWhiteSpace(headerLine))
            throw new NetmeraExportFormatException("The file is empty: there is no header line.");
        var delimiter = DetectDelimiter(headerLine);

        var malformed = new ConcurrentDictionary<long, CsvMalformedReason>();
        var options = new CsvReaderOptions
        {
            Separator = delimiter < 0x80 ? delimiter : null,
            HasHeader = true,
            SkipEmptyLines = true,
            Mode = CsvMode.Rfc4180,
            AllowLineBreaksInQuotes = true,
            TrimWhitespace = false,
            MaxRecordSize = MaxRecordBytes,
            IncludeValuesInExceptions = false,
            OnMalformedRecord = record => malformed[record.RecordNumber] = record.Reason,
        };
        Stream input = new PrefixedStream(prefix, stream);
        if (delimiter >= 0x80)
        {
            // CsvHelper splits on ASCII only: the broken pipe (two bytes in UTF-8) is swapped for U+001F on the way in.
            if (prefix.Length >= 2 && ((prefix.Span[0] == 0xFF && prefix.Span[1] == 0xFE) || (prefix.Span[0] == 0xFE && prefix.Span[1] == 0xFF)))
                throw new NetmeraExportFormatException("A UTF-16 file with the broken pipe (¦) delimiter is not read: save it as UTF-8.");
            input = new CsvSeparatorStream(input, delimiter.ToString(), CsvSeparatorStream.DefaultReplacement, true);
        }

        var reader = CsvReader.Create(input, options, leaveOpen: false); // disposes only our wrappers: the caller's stream stays open
        try
        {
            try
            {
                await reader.ReadHeaderAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (CsvFormatException e)
            {
                throw new NetmeraExportFormatException("The header line cannot be parsed as CSV.", e);
            }
            var header = reader.Headers.Select(h => h.Trim()).ToArray();
            if (header.Any(h => h.Contains('\uFFFD', StringComparison.Ordinal)))
                throw new NetmeraExportFormatException("The header line is not valid UTF-8: save the file as UTF-8 (with or without BOM) and export again.");
            return new TabularSource(ExportFormat.Csv, delimiter, CheckHeader(header), reader, null, null) { malformed = malformed };
        }
        catch
        {
            await reader.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>Malformed quoting CsvHelper found, by record number (header = 1), until the record is read.</summary>
    private ConcurrentDictionary<long, CsvMalformedReason>? malformed;

    /// <summary>Data rows after the header. Blank rows (every cell empty) are skipped: they are not records.</summary>
    public async IAsyncEnumerable<TabularRow> ReadRowsAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        if (csv is not null)
        {
            while (true)
            {
                bool more;
                try
                {
                    more = await csv.ReadAsync(cancellationToken).ConfigureAwait(false);
                }
                catch (CsvFormatException e)
                {
                    throw new NetmeraExportFormatException(
                        $"Row {e.RecordNumber}: a record runs past {MaxRecordBytes / (1024 * 1024)} MiB, which means a quote that is never closed; the file cannot be read from this row on.", e);
                }
                if (!more)
                    yield break;

                var row = csv.RowNumber + 1;
                malformed!.TryRemove(row, out var reason);
                var record = new string?[csv.FieldCount];
                var blank = true;
                var undecodable = false;
                for (var i = 0; i < record.Length; i++)
                {
                    var value = csv.GetString(i);
                    record[i] = value;
                    if (!string.IsNullOrWhiteSpace(value))
                    {
                        blank = false;
                        undecodable |= value.Contains('\uFFFD', StringComparison.Ordinal);
                    }
                }
                if (blank)
                    continue;
                switch (reason)
                {
                    case CsvMalformedReason.TextAfterClosingQuote:
                        yield return new TabularRow(row, [], ExportRejectCodes.MalformedRow,
                            "text follows the closing quote of a value (RFC 4180: quote the whole value and double the quotes inside it)");
                        continue;
                    case CsvMalformedReason.UnterminatedQuote:
                        yield return new TabularRow(row, [], ExportRejectCodes.MalformedRow,
                            "a quoted value is never closed, so the rest of the file was read into this row");
                        continue;
                }
                if (undecodable)
                {
                    yield return new TabularRow(row, [], ExportRejectCodes.InvalidEncoding,
                        "the row holds bytes that are not valid UTF-8 (was the file saved in another encoding?)");
                    continue;
                }
                yield return Shape(record, row);
            }
        }

        while (sheet!.MoveNext())
        {
            cancellationToken.ThrowIfCancellationRequested();
            sheetRow++;
            var cells = ToCells(sheet.Current);
            if (cells.All(c => c is null || (c is string s && string.IsNullOrWhiteSpace(s))))
                continue;
            yield return Shape(cells, sheetRow);
        }
    }

    /// <summary>Holds a row to the header's width: trailing empty cells are dropped, extra non-empty ones reject the row.</summary>
    private TabularRow Shape(IReadOnlyList<object?> record, long row)
    {
        var width = Header.Count;
        if (record.Count > width && record.Skip(width).Any(c => !Cells.IsEmpty(c)))
            return new TabularRow(row, [], ExportRejectCodes.MalformedRow,
                $"the row has {record.Count} values but the header names {width} columns (an unquoted delimiter inside a value?)");
        if (record.Count < width)
        {
            // XLSX rows end at their last non-empty cell; in a CSV a short row means a lost delimiter.
            if (Format == ExportFormat.Csv)
                return new TabularRow(row, [], ExportRejectCodes.MalformedRow,
                    $"the row has {record.Count} values but the header names {width} columns");
        }
        var cells = new object?[width];
        for (var i = 0; i < width && i < record.Count; i++)
            cells[i] = Cells.IsEmpty(record[i]) ? null : record[i];
        return new TabularRow(row, cells, null, null);
    }

    private static object?[] ToCells(IDictionary<string, object?> row)
    {
        var max = -1;
        foreach (var key in row.Keys)
            max = Math.Max(max, ColumnIndex(key));
        var cells = new object?[max + 1];
        foreach (var (key, value) in row)
        {
            var index = ColumnIndex(key);
            if (index >= 0)
                cells[index] = value;
        }
        return cells;
    }

    /// <summary>"A" → 0, "Z" → 25, "AA" → 26.</summary>
    private static int ColumnIndex(string letters)
    {
        var index = 0;
        foreach (var c in letters)
        {
            if (c is < 'A' or > 'Z')
                return -1;
            index = index * 26 + (c - 'A' + 1);
        }
        return index - 1;
    }

    private static string[] CheckHeader(string[] header)
    {
        var last = header.Length - 1;
        while (last >= 0 && header[last].Length == 0)
            last--;
        if (last < 0)
            throw new NetmeraExportFormatException("The header row has no column names.");
        for (var i = 0; i < last; i++)
        {
            if (header[i].Length == 0)
                throw new NetmeraExportFormatException($"Column {i + 1} of the header has no name; every column before the last named one needs a name.");
        }
        // Trailing nameless columns are kept so their cells can be checked, but they carry no data.
        return header;
    }

    /// <summary>
    /// Reads bytes until the first record's text (through a line break outside quotes) is known, at most
    /// 1 MiB, and returns those bytes (to replay) with the decoded header line. The encoding is read from
    /// a byte order mark; without one it is UTF-8.
    /// </summary>
    private static async Task<(ReadOnlyMemory<byte> Prefix, string HeaderLine)> ReadHeaderLineAsync(Stream stream, CancellationToken cancellationToken)
    {
        var buffer = new byte[8192];
        var length = 0;
        while (true)
        {
            if (length == buffer.Length)
            {
                if (buffer.Length >= MaxHeaderLength)
                    throw new NetmeraExportFormatException("No header line ends within the first 1 MiB: this is not a CSV export.");
                Array.Resize(ref buffer, buffer.Length * 2);
            }
            var n = await stream.ReadAsync(buffer.AsMemory(length), cancellationToken).ConfigureAwait(false);
            length += n;
            var text = Decode(buffer.AsSpan(0, length));
            if (FirstLine(text) is { } line)
                return (buffer.AsMemory(0, length), line);
            if (n == 0)
                return (buffer.AsMemory(0, length), text);
        }

        static string Decode(ReadOnlySpan<byte> bytes)
        {
            Encoding encoding = new UTF8Encoding(false, false);
            var skip = 0;
            if (bytes.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]))
                skip = 3;
            else if (bytes.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xFE]))
                (encoding, skip) = (Encoding.Unicode, 2);
            else if (bytes.StartsWith((ReadOnlySpan<byte>)[0xFE, 0xFF]))
                (encoding, skip) = (Encoding.BigEndianUnicode, 2);
            return encoding.GetString(bytes[skip..]);
        }

        static string? FirstLine(string text)
        {
            var quoted = false;
            for (var i = 0; i < text.Length; i++)
            {
                if (text[i] == '"')
                    quoted = !quoted;
                else if ((text[i] == '\n' || text[i] == '\r') && !quoted)
                    return text[..i];
            }
            return null;
        }
    }

    /// <summary>
    /// The delimiter is the candidate that occurs most often outside quotes in the header line. A tie
    /// between two is an error (guessing would read every row wrong); none means a one-column file,
    /// unless the line holds tabs (not a Netmera delimiter).
    /// </summary>
    internal static char DetectDelimiter(string headerLine)
    {
        var counts = new int[Delimiters.Length];
        var quoted = false;
        foreach (var c in headerLine)
        {
            if (c == '"')
            {
                quoted = !quoted;
                continue;
            }
            if (quoted)
                continue;
            var i = Array.IndexOf(Delimiters, c);
            if (i >= 0)
                counts[i]++;
        }
        var best = counts.Max();
        if (best == 0)
        {
            if (headerLine.Contains('\uFFFD', StringComparison.Ordinal))
                throw new NetmeraExportFormatException(
                    "The header line is not valid UTF-8, so its delimiter cannot be found: save the file as UTF-8 and export again.");
            if (headerLine.Contains('\t', StringComparison.Ordinal))
                throw new NetmeraExportFormatException(
                    "The header line is separated by tabs; Netmera's exports use comma, pipe, tilde, broken pipe (¦), caret or semicolon.");
            // One column and nothing to separate: read it as a one-column file.
            return ',';
        }
        var winners = Enumerable.Range(0, Delimiters.Length).Where(i => counts[i] == best).ToList();
        if (winners.Count > 1)
            throw new NetmeraExportFormatException(
                $"The header line uses {string.Join(" and ", winners.Select(i => $"'{Delimiters[i]}'"))} equally often, so the delimiter is ambiguous; export again with one delimiter.");
        return Delimiters[winners[0]];
    }

    public async ValueTask DisposeAsync()
    {
        if (csv is not null)
            await csv.DisposeAsync().ConfigureAwait(false);
        sheet?.Dispose();
        if (owned is not null)
            await owned.DisposeAsync().ConfigureAwait(false);
    }
}

/// <summary>Replays the bytes read to sniff the format, then the rest of the source. Never disposes the source.</summary>
internal sealed class PrefixedStream(ReadOnlyMemory<byte> prefix, Stream rest) : Stream
{
    private int position;

    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        if (position < prefix.Length)
        {
            var n = Math.Min(buffer.Length, prefix.Length - position);
            prefix.Span.Slice(position, n).CopyTo(buffer);
            position += n;
            return n;
        }
        return rest.Read(buffer);
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        if (position < prefix.Length)
            return ValueTask.FromResult(Read(buffer.Span));
        return rest.ReadAsync(buffer, cancellationToken);
    }

    public override void Flush() { }
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
