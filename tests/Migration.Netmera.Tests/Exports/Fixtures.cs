using System.Text;
using Migration.Netmera.Exports;
using MiniExcelLibs;

namespace Migration.Netmera.Tests.Exports;

/// <summary>Small hand-written export files, and ways to read them back.</summary>
internal static class Fixtures
{
    public static readonly NetmeraExportReader Reader = new();

    public static MemoryStream Utf8(string text, bool bom = false) =>
        new((bom ? Encoding.UTF8.GetPreamble() : []).Concat(Encoding.UTF8.GetBytes(text)).ToArray());

    public static MemoryStream Bytes(params byte[][] parts) => new(parts.SelectMany(p => p).ToArray());

    /// <summary>An XLSX file written by MiniExcel: first row the header, then the rows as given (typed cells).</summary>
    public static MemoryStream Xlsx(IReadOnlyList<string> header, params object?[][] rows)
    {
        var sheet = rows.Select(row =>
        {
            var cells = new Dictionary<string, object?>(StringComparer.Ordinal);
            for (var i = 0; i < header.Count; i++)
                cells[header[i]] = i < row.Length ? row[i] : null;
            return cells;
        }).ToList();
        var stream = new MemoryStream();
        MiniExcel.SaveAs(stream, sheet, printHeader: true, excelType: ExcelType.XLSX);
        stream.Position = 0;
        return stream;
    }

    public static async Task<List<ExportRow<T>>> All<T>(IAsyncEnumerable<ExportRow<T>> rows)
        where T : class
    {
        var list = new List<ExportRow<T>>();
        await foreach (var row in rows)
            list.Add(row);
        return list;
    }

    public static List<T> Records<T>(this IEnumerable<ExportRow<T>> rows)
        where T : class =>
        rows.Where(r => !r.IsRejected).Select(r => r.Record!).ToList();

    public static List<ExportReject> Rejects<T>(this IEnumerable<ExportRow<T>> rows)
        where T : class =>
        rows.Where(r => r.IsRejected).Select(r => r.Reject!).ToList();
}

/// <summary>A forward-only stream (like a network download): no seeking, no length.</summary>
internal sealed class ForwardOnlyStream(Stream inner) : Stream
{
    public long BytesRead { get; private set; }

    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    public override int Read(byte[] buffer, int offset, int count)
    {
        var n = inner.Read(buffer, offset, count);
        BytesRead += n;
        return n;
    }

    public override void Flush() { }
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}

/// <summary>
/// A CSV of any size made on the fly, a header then numbered rows, so a test can read the first rows of
/// a huge file and check how much of it was read.
/// </summary>
internal sealed class GeneratedCsvStream(string header, Func<long, string> row, long rows) : Stream
{
    private byte[] pending = Encoding.UTF8.GetBytes(header + "\n");
    private int offset;
    private long next;

    public long BytesRead { get; private set; }

    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    public override int Read(byte[] buffer, int bufferOffset, int count)
    {
        if (offset == pending.Length)
        {
            if (next == rows)
                return 0;
            pending = Encoding.UTF8.GetBytes(row(next++) + "\n");
            offset = 0;
        }
        var n = Math.Min(count, pending.Length - offset);
        Array.Copy(pending, offset, buffer, bufferOffset, n);
        offset += n;
        BytesRead += n;
        return n;
    }

    public override void Flush() { }
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
