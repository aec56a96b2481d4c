namespace Migration.Cli;

/// <summary>
/// What the CLI's exit code tells a script (docs/cli.md). Stable: scripts branch on these numbers.
/// </summary>
public static class ExitCodes
{
    /// <summary>The command did what it was asked; for status, the run is completed or still going.</summary>
    public const int Ok = 0;

    /// <summary>The run failed or was terminated (status, status --watch).</summary>
    public const int RunFailed = 1;

    /// <summary>The command line or a file it names is wrong; nothing was sent.</summary>
    public const int Usage = 2;

    /// <summary>The host did not answer, or refused the API key (401/403).</summary>
    public const int HostUnreachable = 3;

    /// <summary>The run holds at a gate and waits for a person's decision.</summary>
    public const int AtGate = 4;

    /// <summary>No such run, report, gate or mapping version.</summary>
    public const int NotFound = 5;

    /// <summary>The host refused the request (invalid, or in conflict with the run's state: 400, 409).</summary>
    public const int Refused = 6;

    /// <summary>The host does not offer this route (an older host, or a feature not deployed there).</summary>
    public const int NotSupported = 7;

    /// <summary>The host failed (5xx) or answered something the CLI cannot read.</summary>
    public const int HostError = 8;

    /// <summary>Interrupted (Ctrl-C) while watching: the run itself goes on.</summary>
    public const int Interrupted = 130;
}
