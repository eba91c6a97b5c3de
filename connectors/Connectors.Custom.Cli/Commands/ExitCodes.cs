namespace Connectors.Custom.Cli.Commands;

/// <summary>Exit codes scripts can rely on.</summary>
internal static class ExitCodes
{
    public const int Success = 0;

    /// <summary>The endpoint answered with an error, or could not be reached.</summary>
    public const int EndpointFailed = 1;

    /// <summary>The command line or the environment is incomplete.</summary>
    public const int BadConfiguration = 2;
}
