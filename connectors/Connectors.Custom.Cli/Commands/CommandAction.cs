using System.CommandLine;

namespace Connectors.Custom.Cli.Commands;

/// <summary>Runs a command's body and turns how it ended into one exit code: the only place that maps exceptions to
/// exit codes, and the only place that reports an endpoint failure. Its messages are plain single lines on standard
/// error, so scripts can read them and consoles do not wrap them.</summary>
internal static class CommandAction
{
    /// <summary>The tool's name, as messages quote it.</summary>
    public const string ToolName = "connectors-custom";

    /// <summary>Wraps <paramref name="body"/> for <see cref="Command.SetAction(Func{ParseResult, CancellationToken, Task{int}})"/>.</summary>
    public static Func<ParseResult, CancellationToken, Task<int>> Run(CliContext context, string commandName, Func<ParseResult, CancellationToken, Task<int>> body) =>
        async (result, cancellationToken) =>
        {
            var command = $"{ToolName} {commandName}";
            try
            {
                return await body(result, cancellationToken);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                context.ErrorText.WriteLine("Cancelled.");
                return ExitCodes.Cancelled;
            }
            catch (UsageException ex)
            {
                return BadArguments(context, command, ex.Message);
            }
            catch (Exception ex) when (EndpointFailures.IsEndpointFailure(ex))
            {
                var unreachable = ex is CustomEndpointException { StatusCode: null } or HttpRequestException;
                return EndpointFailed(context, ex.Message, unreachable);
            }
            catch (Exception ex)
            {
                context.ErrorText.WriteLine($"{command}: unexpected error: {OneLine($"{ex.GetType().Name}: {ex.Message}")}");
                return ExitCodes.Unexpected;
            }
        };

    /// <summary>Reports that the endpoint failed or could not be reached (exit code 1).</summary>
    public static int EndpointFailed(CliContext context, string message, bool unreachable)
    {
        context.ErrorText.WriteLine($"The endpoint failed: {OneLine(message)}");
        if (unreachable)
        {
            context.ErrorText.WriteLine("Check the address (it must include the version segment, e.g. http://localhost:11434/v1) and that the server is running.");
        }

        return ExitCodes.EndpointFailed;
    }

    /// <summary>Reports a command line that cannot work (exit code 2), pointing at <c>--help</c> rather than repeating it.</summary>
    /// <param name="context">Where to write.</param>
    /// <param name="command">The command as typed, for example <c>connectors-custom chat</c>.</param>
    /// <param name="message">What is wrong.</param>
    public static int BadArguments(CliContext context, string command, string message)
    {
        context.ErrorText.WriteLine($"{command}: {OneLine(message)}");
        context.ErrorText.WriteLine($"Run '{command} --help' for usage.");
        return ExitCodes.BadArguments;
    }

    private static string OneLine(string text) => text.ReplaceLineEndings(" ").Trim();
}
