using System.CommandLine;
using Spectre.Console;

namespace Connectors.Custom.Cli.Commands;

/// <summary>Runs a command's body and turns how it ended into one exit code: the only place that maps exceptions to
/// exit codes, and the only place that reports an endpoint failure.</summary>
internal static class CommandAction
{
    /// <summary>Wraps <paramref name="body"/> for <see cref="Command.SetAction(Func{ParseResult, CancellationToken, Task{int}})"/>.</summary>
    public static Func<ParseResult, CancellationToken, Task<int>> Run(CliContext context, string command, Func<ParseResult, CancellationToken, Task<int>> body) =>
        async (result, cancellationToken) =>
        {
            try
            {
                return await body(result, cancellationToken);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                context.Error.MarkupLine("[grey]Cancelled.[/]");
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
                context.Error.MarkupLine($"[red]{Markup.Escape(command)}:[/] unexpected error: {Markup.Escape(OneLine($"{ex.GetType().Name}: {ex.Message}"))}");
                return ExitCodes.Unexpected;
            }
        };

    /// <summary>Reports that the endpoint failed or could not be reached (exit code 1).</summary>
    public static int EndpointFailed(CliContext context, string message, bool unreachable)
    {
        context.Error.MarkupLine($"[red]The endpoint failed:[/] {Markup.Escape(OneLine(message))}");
        if (unreachable)
        {
            context.Error.MarkupLine("Check the address (it must include the version segment, e.g. http://localhost:11434/v1) and that the server is running.");
        }

        return ExitCodes.EndpointFailed;
    }

    /// <summary>Reports a command line that cannot work (exit code 2), pointing at <c>--help</c> rather than repeating it.</summary>
    public static int BadArguments(CliContext context, string command, string message)
    {
        context.Error.MarkupLine($"[red]{Markup.Escape(command)}:[/] {Markup.Escape(message)}");
        context.Error.MarkupLine($"Run [bold]{Markup.Escape(command)} --help[/] for usage.");
        return ExitCodes.BadArguments;
    }

    private static string OneLine(string text) => text.ReplaceLineEndings(" ").Trim();
}
