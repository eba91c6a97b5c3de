namespace Connectors.Custom.Cli.Commands;

/// <summary>The command line or the environment cannot work; the message says what to change (exit code 2).</summary>
internal sealed class UsageException(string message) : Exception(message);
