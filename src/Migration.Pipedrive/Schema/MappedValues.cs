using System.Globalization;
using System.Text.Json;
using Migration.Domain.Mapping;

namespace Migration.Pipedrive;

/// <summary>
/// Mapped values (<see cref="MappedValue"/>) turned into v2 custom-field values by the keys and option ids of
/// a <see cref="ProvisionedSchema"/>, and both sides turned into canonical text for read-back: numbers by value
/// (<c>1.50</c> = <c>1.5</c>), dates <c>yyyy-MM-dd</c>, monetary "<c>12.5 EUR</c>", times <c>HH:mm:ss</c>,
/// addresses by their <c>value</c>, enum and set options by the schema's labels (sets sorted).
/// </summary>
public static class MappedValues
{
    /// <summary>The <c>custom_fields</c> of a write: every non-empty value, keyed by field code.</summary>
    public static Dictionary<string, object?> CustomFields(IEnumerable<MappedValue> values, ProvisionedSchema schema, string entity)
    {
        var custom = new Dictionary<string, object?>(StringComparer.Ordinal);
        foreach (var value in values)
        {
            var field = schema.Field(entity, value.FieldName)
                ?? throw new MappedValueException($"The {entity} field '{value.FieldName}' is not in the provisioned schema.");
            if (ToValue(value, field) is { } written)
                custom[field.Key] = written;
        }
        return custom;
    }

    /// <summary>The v2 value (<see cref="CustomFieldValue"/>) for one mapped value; null when it is empty.</summary>
    public static object? ToValue(MappedValue value, ProvisionedField field)
    {
        ArgumentNullException.ThrowIfNull(value);
        ArgumentNullException.ThrowIfNull(field);
        if (!string.Equals(value.FieldType, field.FieldType, StringComparison.Ordinal))
            throw new MappedValueException($"'{value.FieldName}' is a {value.FieldType} value but the field '{field.Name}' is {field.FieldType}.");
        switch (field.FieldType)
        {
            case PipedriveFieldTypes.Varchar or PipedriveFieldTypes.Text or PipedriveFieldTypes.Phone or "varchar_auto":
                return string.IsNullOrEmpty(value.Text) ? null : CustomFieldValue.Text(value.Text);
            case PipedriveFieldTypes.Double:
                return value.Number is { } number ? CustomFieldValue.Number(number) : null;
            case PipedriveFieldTypes.Monetary:
                if (value.Number is not { } amount)
                    return null;
                return value.Currency is { Length: 3 } currency
                    ? CustomFieldValue.Monetary(amount, currency)
                    : throw new MappedValueException($"'{value.FieldName}' is a monetary value without a 3-letter currency.");
            case PipedriveFieldTypes.Date:
                return value.Date is { } date ? CustomFieldValue.Date(date) : null;
            case PipedriveFieldTypes.Enum:
                var chosen = value.Options.Where(o => !string.IsNullOrWhiteSpace(o)).ToList();
                return chosen switch
                {
                    [] => null,
                    [var one] => CustomFieldValue.Option(OptionId(field, one)),
                    _ => throw new MappedValueException($"'{value.FieldName}' is a single-option field but the value has {chosen.Count} options."),
                };
            case PipedriveFieldTypes.Set:
                return CustomFieldValue.Options(value.Options.Where(o => !string.IsNullOrWhiteSpace(o)).Select(o => OptionId(field, o)));
            case PipedriveFieldTypes.Time:
                if (string.IsNullOrWhiteSpace(value.Text))
                    return null;
                return TryTime(value.Text, out var time)
                    ? CustomFieldValue.Time(time)
                    : throw new MappedValueException($"'{value.FieldName}' holds '{value.Text}', which is not a time (HH:mm:ss).");
            case PipedriveFieldTypes.Address:
                return string.IsNullOrWhiteSpace(value.Text) ? null : CustomFieldValue.Address(new Address { Value = value.Text });
            default:
                throw new MappedValueException($"'{value.FieldName}' has the type '{field.FieldType}', which mapped values cannot fill.");
        }
    }

    /// <summary>Canonical text of what a mapped value should leave in the field ("" for none).</summary>
    public static string Expected(MappedValue? value, ProvisionedField field)
    {
        if (value is null)
            return "";
        return field.FieldType switch
        {
            PipedriveFieldTypes.Double => value.Number is { } n ? Number(n) : "",
            PipedriveFieldTypes.Monetary => value.Number is { } m ? $"{Number(m)} {value.Currency?.ToUpperInvariant()}".TrimEnd() : "",
            PipedriveFieldTypes.Date => value.Date?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) ?? "",
            PipedriveFieldTypes.Enum or PipedriveFieldTypes.Set => Labels(value.Options.Where(o => !string.IsNullOrWhiteSpace(o))
                .Select(o => field.OptionId(o) is { } id ? field.OptionLabel(id) ?? o : o)),
            PipedriveFieldTypes.Time => value.Text is { } t && TryTime(t, out var time) ? time.ToString("HH:mm:ss", CultureInfo.InvariantCulture) : value.Text ?? "",
            _ => value.Text ?? "",
        };
    }

    /// <summary>Canonical text of a value as v2 returned it ("" for null); option ids are named by the schema.</summary>
    public static string Actual(JsonElement? value, ProvisionedField field)
    {
        if (value is not { } v || v.ValueKind is JsonValueKind.Null or JsonValueKind.Undefined)
            return "";
        switch (field.FieldType)
        {
            case PipedriveFieldTypes.Double:
                return v.ValueKind == JsonValueKind.Number ? Number(v.GetDecimal()) : v.ToString();
            case PipedriveFieldTypes.Monetary:
                if (v.ValueKind != JsonValueKind.Object)
                    return v.ToString();
                var amount = v.TryGetProperty("value", out var a) && a.ValueKind == JsonValueKind.Number ? Number(a.GetDecimal()) : "";
                var currency = v.TryGetProperty("currency", out var c) && c.ValueKind == JsonValueKind.String ? c.GetString() : null;
                return $"{amount} {currency}".TrimEnd();
            case PipedriveFieldTypes.Enum or PipedriveFieldTypes.Set:
                var items = v.ValueKind == JsonValueKind.Array ? v.EnumerateArray().ToList() : [v];
                return Labels(items.Select(item => OptionIdOf(item) is { } id ? field.OptionLabel(id) ?? $"#{id}" : item.ToString()));
            case PipedriveFieldTypes.Time or PipedriveFieldTypes.Address:
                return v.ValueKind == JsonValueKind.Object
                    ? v.TryGetProperty("value", out var inner) && inner.ValueKind == JsonValueKind.String ? inner.GetString() ?? "" : ""
                    : v.ToString();
            default:
                return v.ValueKind == JsonValueKind.String ? v.GetString() ?? "" : v.ToString();
        }
    }

    /// <summary>Sorted and joined, so sets compare whatever their order.</summary>
    public static string Labels(IEnumerable<string> labels) =>
        string.Join("; ", labels.Distinct(StringComparer.OrdinalIgnoreCase).Order(StringComparer.OrdinalIgnoreCase));

    private static long OptionId(ProvisionedField field, string label) =>
        field.OptionId(label) ?? throw new MappedValueException($"'{label}' is not an option of the field '{field.Name}'.");

    private static long? OptionIdOf(JsonElement item) => item.ValueKind switch
    {
        JsonValueKind.Number when item.TryGetInt64(out var id) => id,
        // include_option_labels answers {id, label}.
        JsonValueKind.Object when item.TryGetProperty("id", out var id) && id.TryGetInt64(out var n) => n,
        _ => null,
    };

    private static string Number(decimal value) => value.ToString("0.############################", CultureInfo.InvariantCulture);

    private static bool TryTime(string text, out TimeOnly time) =>
        TimeOnly.TryParseExact(text.Trim(), ["HH:mm:ss", "HH:mm"], CultureInfo.InvariantCulture, DateTimeStyles.None, out time);
}

/// <summary>A mapped value that does not fit the provisioned schema (an unknown field, option or label, a missing currency).</summary>
public sealed class MappedValueException(string message) : InvalidOperationException(message);
