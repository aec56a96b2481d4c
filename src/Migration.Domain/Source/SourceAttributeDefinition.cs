namespace Migration.Domain.Source;

/// <summary>A Netmera profile attribute definition (<c>app/profile-attributes</c>).</summary>
public sealed record SourceAttributeDefinition(string Code, string Name, string DataType, bool IsCustom, bool IsArray);
