using System.Text;
using Migration.Netmera.Exports;
using static Migration.Netmera.Tests.Exports.Fixtures;

namespace Migration.Netmera.Tests.Exports;

/// <summary>The FTP "Event Data" export: every delimiter Netmera offers, quoting, encodings, times and bad rows.</summary>
public sealed class EventDataReaderTests
{
    public static TheoryData<string> NetmeraDelimiters => [",", "|", "~", "¦", "^", ";"];

    [Theory]
    [MemberData(nameof(NetmeraDelimiters))]
    public async Task Each_delimiter_is_found_from_the_header_and_quoted_values_keep_it(string d)
    {
        var csv =
            $"External ID{d}Event Name{d}Timestamp{d}revenue{d}note\n" +
            $"u1{d}Purchase{d}1700000000000{d}12.50{d}\"has {d} inside\"\n" +
            $"u2{d}\"Add{d}Cart\"{d}2024-05-01T13:45:00+03:00{d}{d}\"two\nlines\"\n" +
            $"u3{d}Çağrı ✓ 🚀{d}2024-05-01 10:00:00{d}7{d}\n";

        var rows = await All(Reader.ReadEventsAsync(Utf8(csv), "sandboxapp_EVENT_DATA_20240501.csv"));

        Assert.Empty(rows.Rejects());
        var events = rows.Records();
        Assert.Equal(["u1", "u2", "u3"], events.Select(e => e.ExtId));
        Assert.Equal(["Purchase", $"Add{d}Cart", "Çağrı ✓ 🚀"], events.Select(e => e.Name));
        Assert.Equal(DateTimeOffset.FromUnixTimeMilliseconds(1700000000000), events[0].Timestamp);
        Assert.Equal(new DateTimeOffset(2024, 5, 1, 10, 45, 0, TimeSpan.Zero), events[1].Timestamp);
        Assert.Equal(new DateTimeOffset(2024, 5, 1, 10, 0, 0, TimeSpan.Zero), events[2].Timestamp);
        Assert.All(events, e => Assert.Equal(TimeSpan.Zero, e.Timestamp.Offset));
        Assert.Equal("12.50", events[0].Attributes["revenue"]);
        Assert.Equal($"has {d} inside", events[0].Attributes["note"]);
        Assert.False(events[1].Attributes.ContainsKey("revenue"));
        Assert.Equal("two\nlines", events[1].Attributes["note"]);
        Assert.False(events[2].Attributes.ContainsKey("note"));
        Assert.Equal([2L, 3, 4], rows.Select(r => r.Row));
    }

    [Fact]
    public async Task A_byte_order_mark_and_CRLF_line_ends_change_nothing()
    {
        var csv = "External ID;Event Name;Event Time\r\nu1;Login;2024-01-02T03:04:05.678Z\r\n\r\nu2;Login;1704164645678\r\n";
        var events = (await All(Reader.ReadEventsAsync(Utf8(csv, bom: true), "events.csv"))).Records();
        Assert.Equal(2, events.Count);
        Assert.Equal("u1", events[0].ExtId);
        Assert.Equal(events[0].Timestamp, events[1].Timestamp);
        Assert.Empty(events[0].Attributes);
    }

    [Fact]
    public async Task Bad_rows_become_rejects_with_row_numbers_and_reasons_that_carry_no_values()
    {
        var csv = string.Join("\n",
            "External ID,Event Name,Timestamp,city",
            "u1,Login,1700000000000,Ankara",
            ",Open App,1700000000000,Izmir",                  // 3: anonymous installation
            "u3,Login,1700000000,Bursa",                       // 4: epoch seconds
            "u4,Login,yesterday-ish,Adana",                    // 5: not a time
            "u5,Login,1700000000000,Konya,extra",              // 6: an unquoted delimiter
            "u6,,1700000000000,Mersin",                        // 7: no name
            "u7,\"Log\"in,1700000000000,Sivas",                // 8: text after a closing quote
            "u8,Login,1700000000000,Van",
            "u9,Login");                                        // 10: a short row
        var rows = await All(Reader.ReadEventsAsync(Utf8(csv), "events.csv"));

        Assert.Equal(["u1", "u8"], rows.Records().Select(e => e.ExtId));
        var rejects = rows.Rejects();
        Assert.Equal([3L, 4, 5, 6, 7, 8, 10], rejects.Select(r => r.Row));
        Assert.Equal(
            [ExportRejectCodes.NoExternalId, ExportRejectCodes.InvalidTimestamp, ExportRejectCodes.InvalidTimestamp, ExportRejectCodes.MalformedRow,
             ExportRejectCodes.NoEventName, ExportRejectCodes.MalformedRow, ExportRejectCodes.MalformedRow],
            rejects.Select(r => r.Code));
        Assert.Contains("epoch seconds", rejects[1].Reason, StringComparison.Ordinal);
        foreach (var value in new[] { "Izmir", "1700000000", "yesterday", "Konya", "extra", "Log", "u9" })
            Assert.All(rejects, r => Assert.DoesNotContain(value, r.Reason, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Bytes_that_are_not_UTF8_reject_the_row_not_the_file()
    {
        var file = Bytes(
            Encoding.UTF8.GetBytes("External ID,Event Name,Timestamp\nu1,Login,1700000000000\nu2,"),
            [0x47, 0xFC, 0x6C], // "Gül" in Windows-1254
            Encoding.UTF8.GetBytes(",1700000000000\nu3,Login,1700000000000\n"));
        var rows = await All(Reader.ReadEventsAsync(file, "events.csv"));
        Assert.Equal(["u1", "u3"], rows.Records().Select(e => e.ExtId));
        var reject = Assert.Single(rows.Rejects());
        Assert.Equal((3L, ExportRejectCodes.InvalidEncoding), (reject.Row, reject.Code));
    }

    [Fact]
    public async Task A_parameters_column_holding_JSON_is_opened_into_attributes()
    {
        var csv = "External ID|Event Name|Timestamp|Parameters|currency\n" +
                  "u1|Purchase|1700000000000|\"{\"\"revenue\"\":12.5,\"\"currency\"\":\"\"EUR\"\",\"\"items\"\":[1,2],\"\"none\"\":null}\"|TRY\n" +
                  "u2|Purchase|1700000000000|not json|\n";
        var events = (await All(Reader.ReadEventsAsync(Utf8(csv), "events.csv"))).Records();
        Assert.Equal("12.5", events[0].Attributes["revenue"]);
        Assert.Equal("TRY", events[0].Attributes["currency"]);
        Assert.Equal("[1,2]", events[0].Attributes["items"]);
        Assert.False(events[0].Attributes.ContainsKey("none"));
        Assert.Equal("not json", events[1].Attributes["Parameters"]);
    }

    [Fact]
    public async Task Column_names_match_whatever_their_case_spacing_or_punctuation()
    {
        var csv = " external_id ,EVENT-NAME,timeStamp\nu1,Login,1700000000000\n";
        var events = (await All(Reader.ReadEventsAsync(Utf8(csv), "events.csv"))).Records();
        Assert.Equal(("u1", "Login"), (events[0].ExtId, events[0].Name));
    }

    [Fact]
    public async Task A_missing_required_column_fails_the_file_naming_it_and_what_is_accepted()
    {
        var error = await Assert.ThrowsAsync<NetmeraExportFormatException>(() =>
            All(Reader.ReadEventsAsync(Utf8("External ID,Event Name,city\nu1,Login,Ankara\n"), "events.csv")));
        Assert.Contains("'Timestamp' column", error.Message, StringComparison.Ordinal);
        Assert.Contains("Event Time", error.Message, StringComparison.Ordinal);
        Assert.Contains("Columns found: External ID, Event Name, city", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("Ankara", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("a,b;c\n1,2;3\n", "ambiguous")]
    [InlineData("just one column\nvalue\n", "no 'External ID' column")]
    [InlineData("", "empty")]
    [InlineData("\n\n", "empty")]
    [InlineData("a\tb\tc\n1\t2\t3\n", "tabs")]
    public async Task A_header_whose_delimiter_cannot_be_told_fails_the_file(string csv, string reason)
    {
        var error = await Assert.ThrowsAsync<NetmeraExportFormatException>(() => All(Reader.ReadEventsAsync(Utf8(csv), "events.csv")));
        Assert.Contains(reason, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_quote_never_closed_rejects_the_row_that_swallowed_the_rest()
    {
        var csv = "External ID,Event Name,Timestamp\nu1,Login,1700000000000\nu2,\"Login,1700000000000\nu3,Login,1700000000000\n";
        var rows = await All(Reader.ReadEventsAsync(Utf8(csv), "events.csv"));
        Assert.Equal("u1", Assert.Single(rows.Records()).ExtId);
        var reject = Assert.Single(rows.Rejects());
        Assert.Equal((3L, ExportRejectCodes.MalformedRow), (reject.Row, reject.Code));
        Assert.Contains("never closed", reject.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_quote_never_closed_in_a_huge_file_stops_with_a_row_number_instead_of_filling_memory()
    {
        var stream = new GeneratedCsvStream("External ID,Event Name,Timestamp", i => i == 1 ? "u1,\"Login,1700000000000" : $"u{i},Login,1700000000000", 400_000);
        var read = 0;
        var error = await Assert.ThrowsAsync<NetmeraExportFormatException>(async () =>
        {
            await foreach (var row in Reader.ReadEventsAsync(stream, "events.csv"))
                read++;
        });
        Assert.Equal(1, read);
        Assert.Contains("Row 3", error.Message, StringComparison.Ordinal);
        Assert.InRange(stream.BytesRead, 4 << 20, 6 << 20);
    }

    [Fact]
    public async Task A_large_file_is_read_as_a_stream_not_loaded_whole()
    {
        var stream = new GeneratedCsvStream("External ID~Event Name~Timestamp~screen", i => $"u{i}~Screen View~{1700000000000 + i}~home", 2_000_000);
        var seen = 0;
        await foreach (var row in Reader.ReadEventsAsync(stream, "x_EVENT_DATA_20240101.csv"))
        {
            Assert.False(row.IsRejected);
            if (++seen == 1000)
                break;
        }
        Assert.Equal(1000, seen);
        Assert.True(stream.BytesRead < 1 << 20, $"read {stream.BytesRead:N0} bytes to yield 1,000 rows of a ~100 MB file");
    }

    [Fact]
    public async Task A_UTF16_file_with_a_byte_order_mark_is_read_too()
    {
        var bytes = Encoding.Unicode.GetPreamble().Concat(Encoding.Unicode.GetBytes("External ID^Event Name^Timestamp\nü1^Giriş^1700000000000\n")).ToArray();
        var e = Assert.Single((await All(Reader.ReadEventsAsync(new MemoryStream(bytes), "events.csv"))).Records());
        Assert.Equal(("ü1", "Giriş"), (e.ExtId, e.Name));
    }

    [Fact]
    public async Task The_callers_stream_is_left_open()
    {
        var stream = Utf8("External ID,Event Name,Timestamp\nu1,Login,1700000000000\n");
        await All(Reader.ReadEventsAsync(stream, "events.csv"));
        Assert.True(stream.CanRead);
    }
}
