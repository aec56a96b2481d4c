using System.Text.Json;
using Migration.Domain.Source;
using Migration.Netmera.Exports;
using static Migration.Netmera.Tests.Exports.Fixtures;

namespace Migration.Netmera.Tests.Exports;

/// <summary>The panel's user export, CSV and XLSX: identifiers, profile attributes, device columns.</summary>
public sealed class PanelUserReaderTests
{
    private static readonly SourceAttributeDefinition[] Definitions =
    [
        new("name", "Name", "STRING", false, false),
        new("dateOfBirth", "Date of Birth", "DATE", false, false),
        new("isSubscribed", "Is Subscribed", "BOOLEAN", true, false),
        new("loyaltyPoints", "Loyalty Points", "DOUBLE", true, false),
        new("zip", "Postal Code", "STRING", true, false),
        new("favoriteCategories", "Favorite Categories", "STRING", true, true),
    ];

    private const string PanelCsv =
        "Email,External ID,MSISDN,Name,Date of Birth,Is Subscribed,Loyalty Points,Postal Code,Favorite Categories,Favourite Colour,Fail Reason,Device Count,Device Type,Operating System,Device Model\r\n" +
        "\" Ayşe@Example.com \",u1,905551112233,Ayşe Yılmaz,1990-01-02T00:00:00.000Z,true,1500,00123,\"shoes, bags\",mavi,,3,\"IOS, ANDROID\",\"iOS 17.2, Android 14\",\"iPhone 15, Pixel 8\"\r\n" +
        ",u2,,\"O'Brien, \"\"Jr\"\"\",,false,12.75,,,,,0,,,\r\n" +
        "x@example.com,,905559998877,No Id,,,,,,,,1,IOS,,\r\n";

    [Fact]
    public async Task Identifiers_profile_attributes_and_devices_are_read_with_the_definitions_types()
    {
        var rows = await All(Reader.ReadUsersAsync(Utf8(PanelCsv, bom: true), "netmera_users_export_20240501.csv", Definitions));

        var users = rows.Records();
        Assert.Equal(["u1", "u2"], users.Select(u => u.ExtId));
        var ayse = users[0];
        Assert.Equal(" Ayşe@Example.com ", ayse.Email);
        Assert.Equal("905551112233", ayse.Msisdn);
        Assert.Equal("Ayşe Yılmaz", ayse.Profile["name"].GetString());
        Assert.Equal(631238400000, ayse.Profile["dateOfBirth"].GetInt64());
        Assert.True(ayse.Profile["isSubscribed"].GetBoolean());
        Assert.Equal(1500, ayse.Profile["loyaltyPoints"].GetInt32());
        Assert.Equal("00123", ayse.Profile["zip"].GetString());
        Assert.Equal(["shoes", "bags"], ayse.Profile["favoriteCategories"].EnumerateArray().Select(e => e.GetString()));
        Assert.Equal("mavi", ayse.Profile["Favourite Colour"].GetString());
        Assert.False(ayse.Profile.ContainsKey("Fail Reason"));
        Assert.False(ayse.Profile.ContainsKey("email"));

        Assert.Equal(3, ayse.Devices.Count);
        Assert.Equal(["IOS", "ANDROID", null], ayse.Devices.Select(d => d.Platform));
        Assert.Equal(["iOS 17.2", "Android 14", null], ayse.Devices.Select(d => d.OperatingSystem));
        Assert.Equal(["iPhone 15", "Pixel 8", null], ayse.Devices.Select(d => d.DeviceModel));

        var obrien = users[1];
        Assert.Null(obrien.Email);
        Assert.Null(obrien.Msisdn);
        Assert.Equal("O'Brien, \"Jr\"", obrien.Profile["name"].GetString());
        Assert.False(obrien.Profile["isSubscribed"].GetBoolean());
        Assert.Equal(12.75m, obrien.Profile["loyaltyPoints"].GetDecimal());
        Assert.False(obrien.Profile.ContainsKey("dateOfBirth"));
        Assert.Empty(obrien.Devices);

        var reject = Assert.Single(rows.Rejects());
        Assert.Equal((4L, ExportRejectCodes.NoExternalId), (reject.Row, reject.Code));
    }

    [Fact]
    public async Task Without_definitions_values_are_typed_as_found_and_columns_keep_their_names()
    {
        var csv = "External ID;Date Of Birth;Score;Zip;Flag;Tags;Joined;Big Id\nu1;624315600000;42;00123;TRUE;[\"a\",\"b\"];2024-01-01;12345678901234567890\n";
        var user = Assert.Single((await All(Reader.ReadUsersAsync(Utf8(csv), "users.csv"))).Records());

        Assert.Equal(JsonValueKind.Number, user.Profile["dateOfBirth"].ValueKind); // a standard attribute's code, epoch ms kept a number
        Assert.Equal(624315600000, user.Profile["dateOfBirth"].GetInt64());
        Assert.Equal(42, user.Profile["Score"].GetInt32());
        Assert.Equal("00123", user.Profile["Zip"].GetString());
        Assert.True(user.Profile["Flag"].GetBoolean());
        Assert.Equal(JsonValueKind.Array, user.Profile["Tags"].ValueKind);
        Assert.Equal("2024-01-01", user.Profile["Joined"].GetString());
        Assert.Equal("12345678901234567890", user.Profile["Big Id"].GetString());
    }

    [Fact]
    public async Task A_file_without_an_External_ID_column_cannot_be_read()
    {
        var error = await Assert.ThrowsAsync<NetmeraExportFormatException>(() =>
            All(Reader.ReadUsersAsync(Utf8("Email,MSISDN\na@b.co,9055\n"), "users.csv")));
        Assert.Contains("'External ID' column", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Two_columns_for_one_attribute_fail_the_file()
    {
        var error = await Assert.ThrowsAsync<NetmeraExportFormatException>(() =>
            All(Reader.ReadUsersAsync(Utf8("External ID,Date of Birth,dateOfBirth\nu1,1,2\n"), "users.csv")));
        Assert.Contains("twice", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_broken_device_count_rejects_the_row()
    {
        var rows = await All(Reader.ReadUsersAsync(Utf8("External ID,Device Count\nu1,two\nu2,2\n"), "users.csv"));
        Assert.Equal(ExportRejectCodes.InvalidNumber, Assert.Single(rows.Rejects()).Code);
        Assert.Equal(2, Assert.Single(rows.Records()).Devices.Count);
    }

    [Fact]
    public async Task An_XLSX_export_keeps_typed_cells_and_numbers_rows_as_the_sheet_does()
    {
        string[] header = ["External ID", "Email", "Name", "Loyalty Points", "Is Subscribed", "Signup Date", "Zip", "Device Type"];
        var xlsx = Xlsx(header,
            ["u1", "a@example.com", "Zeynep 🌸", 12.5, true, new DateTime(2024, 2, 3, 4, 5, 6, DateTimeKind.Utc), "00123", "IOS"],
            [null, null, null, null, null, null, null, null],
            ["u3", null, "Ömer", 7d, false, null, 34000d, "ANDROID; IOS"],
            [null, "orphan@example.com", "No Id", null, null, null, null, null]);

        var rows = await All(Reader.ReadUsersAsync(new ForwardOnlyStream(xlsx), "netmera_users_export_20240501.xlsx"));

        var users = rows.Records();
        Assert.Equal(["u1", "u3"], users.Select(u => u.ExtId));
        Assert.Equal([2L, 4], rows.Where(r => !r.IsRejected).Select(r => r.Row));
        Assert.Equal("Zeynep 🌸", users[0].Profile["name"].GetString());
        Assert.Equal(12.5, users[0].Profile["Loyalty Points"].GetDouble());
        Assert.True(users[0].Profile["Is Subscribed"].GetBoolean());
        Assert.Equal(new DateTimeOffset(2024, 2, 3, 4, 5, 6, TimeSpan.Zero).ToUnixTimeMilliseconds(), users[0].Profile["Signup Date"].GetInt64());
        Assert.Equal("00123", users[0].Profile["Zip"].GetString());
        Assert.Equal(34000, users[1].Profile["Zip"].GetInt32());
        Assert.Equal(["ANDROID", "IOS"], users[1].Devices.Select(d => d.Platform));
        Assert.Equal((5L, ExportRejectCodes.NoExternalId), (rows.Rejects().Single().Row, rows.Rejects().Single().Code));
    }

    [Fact]
    public async Task An_XLSX_file_that_is_not_a_workbook_fails_clearly()
    {
        var error = await Assert.ThrowsAsync<NetmeraExportFormatException>(() =>
            All(Reader.ReadUsersAsync(Utf8("PK\u0003\u0004 not really a zip"), "users.xlsx")));
        Assert.Contains(".xlsx", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_XLSX_without_extension_is_recognised_by_its_content()
    {
        var xlsx = Xlsx(["External ID", "Name"], ["u1", "Ali"]);
        var user = Assert.Single((await All(Reader.ReadUsersAsync(new ForwardOnlyStream(xlsx), "download"))).Records());
        Assert.Equal("Ali", user.Profile["name"].GetString());
    }
}
