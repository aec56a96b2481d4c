using System.Text.Json;
using Migration.Domain.Mapping;

namespace Migration.Domain.Tests.Mapping;

public class TransformTests
{
    private static MappingLine Line(string transform, string? fieldType, params string[] options) =>
        new("profile:x", new SourceItem(SourceKinds.Profile, "x", "X", "STRING", false),
            new FieldTarget(TargetEntities.Person, TargetKinds.Custom, "X", fieldType) { Options = options }, transform, 1, "", []);

    private static ValueConversion Convert(MappingLine line, object? raw) => Transforms.Convert(line, JsonSerializer.SerializeToElement(raw));

    [Theory]
    [InlineData(1_706_659_200_000L, "2024-01-31")]
    [InlineData("1706659200000", "2024-01-31")]
    [InlineData("2024-01-31", "2024-01-31")]
    [InlineData("2024-01-31T23:30:00+03:00", "2024-01-31")]
    [InlineData("2024-01-31T23:30:00-03:00", "2024-02-01")]
    [InlineData("2024-01-31T10:00:00Z", "2024-01-31")]
    public void Dates_from_epoch_ms_as_number_or_text_and_iso_become_the_utc_day(object raw, string expected)
    {
        var result = Convert(Line(Transforms.EpochMsOrIsoToDate, PipedriveFieldTypes.Date), raw);
        Assert.Null(result.Problem);
        Assert.Equal(DateOnly.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), result.Value!.Date);
    }

    [Theory]
    [InlineData("31/01/2024")]
    [InlineData("yesterday")]
    [InlineData("2024-13-45")]
    [InlineData("1706659200000.5")]
    public void Unreadable_dates_give_no_value_and_a_reason(string raw)
    {
        var result = Convert(Line(Transforms.EpochMsOrIsoToDate, PipedriveFieldTypes.Date), raw);
        Assert.Null(result.Value);
        Assert.False(string.IsNullOrWhiteSpace(result.Problem));
    }

    [Theory]
    [InlineData(12.5, "12.5")]
    [InlineData("12.5", "12.5")]
    [InlineData(" -3 ", "-3")]
    [InlineData("1e3", "1000")]
    public void Numbers_are_read_from_numbers_and_from_text_with_a_decimal_point(object raw, string expected)
    {
        var result = Convert(Line(Transforms.Number, PipedriveFieldTypes.Double), raw);
        Assert.Equal(decimal.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), result.Value!.Number);
        Assert.Equal("X", result.Value.FieldName);
        Assert.Equal(PipedriveFieldTypes.Double, result.Value.FieldType);
    }

    [Fact]
    public void A_decimal_comma_and_words_are_not_numbers_and_the_reason_says_why()
    {
        var comma = Convert(Line(Transforms.Number, PipedriveFieldTypes.Double), "12,5");
        Assert.Null(comma.Value);
        Assert.Contains("comma is ambiguous", comma.Problem, StringComparison.Ordinal);

        var word = Convert(Line(Transforms.Number, PipedriveFieldTypes.Double), "abc");
        Assert.Null(word.Value);
        Assert.Contains("'abc' is not a number", word.Problem, StringComparison.Ordinal);

        Assert.NotNull(Convert(Line(Transforms.Number, PipedriveFieldTypes.Double), true).Problem);
        Assert.Contains("14", Convert(Line(Transforms.Number, PipedriveFieldTypes.Double), 123_456_789_012_345_678m).Problem, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(true, "Yes")]
    [InlineData(false, "No")]
    [InlineData("true", "Yes")]
    [InlineData(" FALSE ", "No")]
    [InlineData(1, "Yes")]
    [InlineData(0, "No")]
    [InlineData("yes", "Yes")]
    public void Booleans_in_any_spelling_become_yes_or_no(object raw, string expected)
    {
        var result = Convert(Line(Transforms.BooleanYesNo, PipedriveFieldTypes.Enum, "Yes", "No"), raw);
        Assert.Equal([expected], result.Value!.Options);
    }

    [Fact]
    public void A_boolean_that_is_not_true_or_false_is_dropped_with_a_reason()
    {
        var result = Convert(Line(Transforms.BooleanYesNo, PipedriveFieldTypes.Enum, "Yes", "No"), "maybe");
        Assert.Null(result.Value);
        Assert.Contains("not true or false", result.Problem, StringComparison.Ordinal);
        Assert.NotNull(Convert(Line(Transforms.BooleanYesNo, PipedriveFieldTypes.Enum, "Yes", "No"), 2).Problem);
    }

    [Fact]
    public void Devices_say_yes_when_any_device_permits()
    {
        var line = Line(Transforms.BooleanYesNo, PipedriveFieldTypes.Enum, "Yes", "No");
        Assert.Equal(["Yes"], Convert(line, new bool?[] { false, true, null }).Value!.Options);
        Assert.Equal(["No"], Convert(line, new bool?[] { false, false }).Value!.Options);
    }

    [Fact]
    public void Long_unicode_text_is_cut_to_255_without_splitting_a_character()
    {
        var text = new string('a', 254) + "😀" + "é" + "ü";
        var value = Convert(Line(Transforms.Truncate255, PipedriveFieldTypes.Varchar), text).Value!;
        Assert.Equal(new string('a', 254), value.Text);

        // Long text keeps it whole.
        Assert.Equal(text, Convert(Line(Transforms.Copy, PipedriveFieldTypes.Text), text).Value!.Text);

        // A combining sequence (e + U+0301) is never split either.
        var combining = new string('b', 254) + "e\u0301";
        Assert.Equal(new string('b', 254), Convert(Line(Transforms.Truncate255, PipedriveFieldTypes.Varchar), combining).Value!.Text);
    }

    [Fact]
    public void Copy_writes_numbers_and_booleans_as_their_text()
    {
        Assert.Equal("42", Convert(Line(Transforms.Copy, PipedriveFieldTypes.Varchar), 42).Value!.Text);
        Assert.Equal("true", Convert(Line(Transforms.Copy, PipedriveFieldTypes.Varchar), true).Value!.Text);
    }

    [Fact]
    public void Options_match_ignoring_case_and_spaces_and_unknown_ones_are_reported()
    {
        var option = Line(Transforms.Option, PipedriveFieldTypes.Enum, "Ayda bir", "Haftada bir");
        Assert.Equal(["Ayda bir"], Convert(option, " ayda BIR ").Value!.Options);
        var unknown = Convert(option, "Her gün");
        Assert.Null(unknown.Value);
        Assert.Contains("not one of the field's options", unknown.Problem, StringComparison.Ordinal);

        var set = Line(Transforms.ArrayToOptions, PipedriveFieldTypes.Set, "Moda", "Kitap");
        var partial = Convert(set, new[] { "kitap", "Spor", "Moda", "Kitap" });
        Assert.Equal(["Kitap", "Moda"], partial.Value!.Options);
        Assert.Contains("'Spor'", partial.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Device_values_are_joined_once_each()
    {
        var line = Line(Transforms.JoinDevices, PipedriveFieldTypes.Varchar);
        Assert.Equal("iPhone 15, Pixel 7", Convert(line, new[] { "iPhone 15", "Pixel 7", "iPhone 15", null }).Value!.Text);
    }

    [Fact]
    public void Tags_become_the_labels_of_the_same_name()
    {
        var line = new MappingLine("tags", new SourceItem(SourceKinds.Tags, "tags", "Tags", "TAG", true),
            new FieldTarget(TargetEntities.Person, TargetKinds.Label, "label_ids", null) { Options = ["VIP", "newsletter"] }, Transforms.TagsToLabels, 1, "", []);
        var result = Convert(line, new[] { "vip", " VIP", "newsletter" });
        Assert.Equal(["VIP", "newsletter"], result.Value!.Options);
        Assert.Null(result.Problem);
    }

    [Fact]
    public void Absent_values_convert_to_nothing_without_a_problem_and_unknown_transforms_never_throw()
    {
        Assert.True(Convert(Line(Transforms.Number, PipedriveFieldTypes.Double), null).IsEmpty);
        Assert.True(Convert(Line(Transforms.Number, PipedriveFieldTypes.Double), "  ").IsEmpty);
        Assert.True(Convert(Line(Transforms.Number, PipedriveFieldTypes.Double), Array.Empty<string>()).IsEmpty);
        Assert.Contains("unknown transform", Convert(Line("rot13", PipedriveFieldTypes.Varchar), "x").Problem, StringComparison.Ordinal);
        Assert.Equal("x", Transforms.Convert(Line(Transforms.Copy, PipedriveFieldTypes.Varchar), "x").Value!.Text);
    }
}
