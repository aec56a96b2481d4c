using Migration.Domain;
namespace Migration.Pipedrive;

/// <summary>
/// The person custom field that carries the Netmera id, so a person whose ledger row was lost can be
/// found again. Resolved by name and type, created when absent, never assumed (DESIGN §4.5).
/// </summary>
public sealed class NetmeraIdField(PipedriveClient client)
{
    public const string FieldName = "Netmera ID";
    public const string FieldType = "varchar";

    /// <summary>The account's 40-character key for the field, creating the field on first use.</summary>
    public async Task<ResolvedField> EnsureAsync(CancellationToken cancellationToken)
    {
        var fields = await client.GetFieldsAsync(FieldEntity.Person, cancellationToken).ConfigureAwait(false);
        var named = fields.Where(f => f.IsCustomField && string.Equals(f.FieldName.Trim(), FieldName, StringComparison.OrdinalIgnoreCase)).ToList();
        if (named.FirstOrDefault(f => f.FieldType == FieldType) is { } existing)
            return new ResolvedField(existing.FieldCode, Created: false);
        if (named.Count > 0)
            throw new OperatorActionRequiredException(
                $"The Pipedrive account already has a person field named '{FieldName}' of type '{named[0].FieldType}'; " +
                $"the migration needs it to be '{FieldType}'. Rename or delete that field, then restart the run.");

        var created = await client.CreateFieldAsync(FieldEntity.Person, new NewField(FieldName, FieldType), cancellationToken).ConfigureAwait(false);
        return new ResolvedField(created.FieldCode, Created: true);
    }
}

public sealed record ResolvedField(string Key, bool Created);
