namespace Connectors.Custom.Cli.Commands;

/// <summary>Exit codes scripts can rely on, one meaning each.</summary>
internal static class ExitCodes
{
    public const int Success = 0;

    /// <summary>The endpoint answered with an error, or could not be reached.</summary>
    public const int EndpointFailed = 1;

    /// <summary>The command line or the environment is incomplete or wrong.</summary>
    public const int BadArguments = 2;

    /// <summary>Something the CLI did not expect (a bug, or the machine: a full disk, a missing folder).</summary>
    public const int Unexpected = 3;

    /// <summary>Cancelled (Ctrl+C), as shells report a process ended by SIGINT (128 + 2).</summary>
    public const int Cancelled = 130;
}
