using System.Text.RegularExpressions;

namespace Migration.Domain.Runs;

/// <summary>Run ids become blob prefixes, table keys and orchestration ids, so their alphabet is narrow.</summary>
public static partial class RunId
{
    [GeneratedRegex("^[a-z0-9][a-z0-9-]{2,62}$")]
    private static partial Regex Shape();

    public static bool IsValid(string? value) => value is not null && Shape().IsMatch(value);

    /// <summary>Orchestration instance id of a phase's sub-orchestration: stable so status can find it.</summary>
    public static string PhaseInstance(string runId, string phase) => $"{runId}:{phase}";
}
