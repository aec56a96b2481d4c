using System.Reflection;
using Refit;

namespace Migration.Pipedrive;

/// <summary>
/// Query values as Pipedrive documents them: booleans as <c>true</c>/<c>false</c>. Refit's default
/// writes .NET's <c>True</c>, which a strict server refuses (the simulator does, and it caught this).
/// </summary>
public sealed class PipedriveQueryFormatter : DefaultUrlParameterFormatter
{
    public override string? Format(object? parameterValue, ICustomAttributeProvider attributeProvider, Type type) =>
        parameterValue is bool flag ? (flag ? "true" : "false") : base.Format(parameterValue, attributeProvider, type);
}
