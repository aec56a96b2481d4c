namespace Migration.Pipedrive;

/// <summary>
/// An account's field definitions for one entity, read once: custom fields are looked up by the
/// display name an operator gave them (and their type), and written by the 40-character key this
/// account assigned (DESIGN §4.5). Display names are not unique in Pipedrive (a custom field may share
/// one with a Contact Sync field), so lookups consider custom fields only and report ambiguity.
/// </summary>
public sealed class FieldCatalog(string entity, IReadOnlyList<Field> fields)
{
    public string Entity => entity;

    public IReadOnlyList<Field> Fields => fields;

    public static async Task<FieldCatalog> ReadAsync(PipedriveClient client, string entity, CancellationToken cancellationToken) =>
        new(entity, await client.GetFieldsAsync(entity, cancellationToken).ConfigureAwait(false));

    /// <summary>Custom fields with this display name (case-insensitive, trimmed).</summary>
    public IReadOnlyList<Field> Named(string name) =>
        fields.Where(f => f.IsCustomField && string.Equals(f.FieldName.Trim(), name.Trim(), StringComparison.OrdinalIgnoreCase)).ToList();

    /// <summary>The custom field with this name and type; null when there is none.</summary>
    public Field? Find(string name, string fieldType) =>
        Named(name).Where(f => f.FieldType == fieldType).OrderBy(f => f.FieldCode, StringComparer.Ordinal).FirstOrDefault();

    public Field? ByKey(string fieldCode) => fields.FirstOrDefault(f => f.FieldCode == fieldCode);

    /// <summary>The option of an enum/set field with this label, for writing its id.</summary>
    public static FieldOption? Option(Field field, string label) =>
        field.Options?.FirstOrDefault(o => string.Equals(o.Label, label, StringComparison.OrdinalIgnoreCase));
}
