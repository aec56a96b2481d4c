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
        var catalog = await FieldCatalog.ReadAsync(client, FieldEntity.Person, cancellationToken).ConfigureAwait(false);
        if (catalog.Find(FieldName, FieldType) is { } existing)
            return new ResolvedField(existing.FieldCode, Created: false);
        if (catalog.Named(FieldName) is [var other, ..])
            throw new OperatorActionRequiredException(
                $"The Pipedrive account already has a person field named '{FieldName}' of type '{other.FieldType}'; " +
                $"the migration needs it to be '{FieldType}'. Rename or delete that field, then restart the run.");

        var created = await client.CreateFieldAsync(FieldEntity.Person, new NewField(FieldName, FieldType), cancellationToken).ConfigureAwait(false);
        return new ResolvedField(created.FieldCode, Created: true);
    }
}

public sealed record ResolvedField(string Key, bool Created);
