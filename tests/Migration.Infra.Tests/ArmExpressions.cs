namespace Migration.Infra.Tests;

/// <summary>
/// Just enough of the ARM expression language to read app settings out of a compiled template: the
/// key/value pairs of every <c>createObject(...)</c> call, with each key as the setting name it
/// produces (a literal, or a <c>format</c> pattern whose <c>{0}</c> is the connection name).
/// </summary>
public static class ArmExpressions
{
    public sealed record Setting(string NamePattern, string ValueExpression);

    public static IEnumerable<Setting> CreateObjectPairs(string expression)
    {
        for (var at = expression.IndexOf("createObject(", StringComparison.Ordinal); at >= 0;
             at = expression.IndexOf("createObject(", at + 1, StringComparison.Ordinal))
        {
            var args = Arguments(expression, at + "createObject(".Length);
            for (var i = 0; i + 1 < args.Count; i += 2)
            {
                if (NamePattern(args[i]) is { } name)
                    yield return new Setting(name, args[i + 1]);
            }
        }
    }

    /// <summary>The literal a key expression produces: <c>'X'</c> or the pattern of <c>format('X{0}', …)</c>.</summary>
    public static string? NamePattern(string key)
    {
        key = key.Trim();
        if (key.StartsWith("format(", StringComparison.Ordinal))
            key = Arguments(key, "format(".Length)[0].Trim();
        return key.Length >= 2 && key[0] == '\'' && key[^1] == '\'' ? key[1..^1].Replace("''", "'") : null;
    }

    /// <summary>The top-level arguments of the call whose argument list starts at <paramref name="start"/>.</summary>
    public static List<string> Arguments(string expression, int start)
    {
        var args = new List<string>();
        int depth = 0, from = start;
        var quoted = false;
        for (var i = start; i < expression.Length; i++)
        {
            var c = expression[i];
            if (c == '\'')
                quoted = !quoted; // '' inside a literal toggles twice
            else if (quoted)
                continue;
            else if (c is '(' or '[')
                depth++;
            else if (c is ')' or ']' && depth > 0)
                depth--;
            else if (c == ')')
            {
                if (i > from || args.Count > 0)
                    args.Add(expression[from..i].Trim());
                return args;
            }
            else if (c == ',' && depth == 0)
            {
                args.Add(expression[from..i].Trim());
                from = i + 1;
            }
        }
        throw new FormatException($"Unbalanced expression: {expression}");
    }
}
