using System.Text.Json;

namespace Migration.Pipedrive.Tests;

/// <summary>Values leave in the v2 shapes of pipedrive-api.md §8, never in v1's.</summary>
public sealed class CustomFieldValueTests
{
    private static string Json(object? value) => JsonSerializer.Serialize(value, PipedriveJson.Options);

    [Fact]
    public void Each_field_type_has_its_v2_shape()
    {
        Assert.Equal("\"Ayşe\"", Json(CustomFieldValue.Text("Ayşe")));
        Assert.Equal("12.5", Json(CustomFieldValue.Number(12.5m)));
        Assert.Equal("""{"value":500,"currency":"EUR"}""", Json(CustomFieldValue.Monetary(500, "eur")));
        Assert.Equal("7", Json(CustomFieldValue.Option(7)));
        Assert.Equal("[11,12]", Json(CustomFieldValue.Options([11, 12, 11])));
        Assert.Equal("\"2024-01-31\"", Json(CustomFieldValue.Date(new DateOnly(2024, 1, 31))));
        Assert.Equal("""{"value":"2024-01-01","until":"2024-02-01"}""", Json(CustomFieldValue.DateRange(new(2024, 1, 1), new(2024, 2, 1))));
        Assert.Equal("""{"value":"09:00:00","timezone_name":"Europe/London"}""", Json(CustomFieldValue.Time(new TimeOnly(9, 0), "Europe/London")));
        Assert.Equal("""{"value":"Main St 1","country":"EE"}""", Json(CustomFieldValue.Address(new Address { Value = "Main St 1", Country = "EE" })));
    }

    [Fact]
    public void An_empty_set_clears_with_null_never_an_empty_array() =>
        Assert.Equal("null", Json(CustomFieldValue.Options([])));
}
