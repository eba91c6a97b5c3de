using System.CommandLine;
using Connectors.Custom.Cli.Commands;
using Spectre.Console;

namespace Connectors.Custom.Cli;

/// <summary>The <c>connectors-custom</c> command line: <c>demo</c>, <c>serve</c>, <c>chat</c>, <c>embed</c>, <c>probe</c> and <c>models</c>.</summary>
/// <remarks>Results go to standard output; status, progress and errors to standard error. Exit codes: 0 success,
/// 1 the endpoint failed or could not be reached, 2 bad arguments or configuration, 3 an unexpected error (one line
/// on standard error), 130 cancelled (Ctrl+C; <c>serve</c>, which runs until Ctrl+C, exits 0).</remarks>
public static class Program
{
    /// <summary>The process entry point.</summary>
    public static Task<int> Main(string[] args) => RunAsync(args);

    /// <summary>Runs one command line in-process, for scripts and tests. Runs may overlap: each has its own output,
    /// input and environment.</summary>
    /// <param name="args">The arguments, as after the program name.</param>
    /// <param name="streams">Where to write and read (plain text, no colours) and the environment; null for the
    /// terminal and the process environment.</param>
    /// <param name="cancellationToken">Stops the command as Ctrl+C does (<c>serve</c> runs until then).</param>
    /// <returns>The exit code.</returns>
    public static async Task<int> RunAsync(string[] args, CliStreams? streams = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(args);
        var context = streams is null
            ? new CliContext(AnsiConsole.Console, CreateConsole(Console.Error, plain: false), Console.Out, Console.Error, Console.In, !Console.IsInputRedirected, Environment.GetEnvironmentVariable)
            : new CliContext(CreateConsole(streams.Output, plain: true), CreateConsole(streams.Error, plain: true), streams.Output, streams.Error, streams.Input, IsInteractive: false, EnvironmentOf(streams));

        var root = new RootCommand("Connectors.Custom: Semantic Kernel on any OpenAI-compatible endpoint. Run 'demo' first: it works offline.");
        root.Subcommands.Add(DemoCommand.Create(context));
        root.Subcommands.Add(ServeCommand.Create(context));
        root.Subcommands.Add(ChatCommand.Create(context));
        root.Subcommands.Add(EmbedCommand.Create(context));
        root.Subcommands.Add(ImageCommand.Create(context));
        root.Subcommands.Add(RerankCommand.Create(context));
        root.Subcommands.Add(ProbeCommand.Create(context));
        root.Subcommands.Add(ModelsCommand.Create(context));
        root.Subcommands.Add(TranscribeCommand.Create(context));
        root.Subcommands.Add(SpeakCommand.Create(context));

        // Without this action the parser reports a missing command as a parse error of its own; with it, the
        // only parse errors left are real mistakes, and every one of them is a bad argument.
        root.SetAction(_ => CommandAction.BadArguments(context, CommandAction.ToolName, "give a command: " + string.Join(", ", root.Subcommands.Select(c => c.Name)) + "."));

        var parsed = root.Parse(args);
        if (parsed.Errors.Count > 0)
        {
            // The parser's own exit code for these is 1, which scripts would read as an endpoint failure.
            var command = parsed.CommandResult.Command == root ? CommandAction.ToolName : $"{CommandAction.ToolName} {parsed.CommandResult.Command.Name}";
            return CommandAction.BadArguments(context, command, string.Join(" ", parsed.Errors.Select(e => e.Message)));
        }

        var invocation = new InvocationConfiguration
        {
            Output = context.Output,
            Error = context.ErrorText,
            EnableDefaultExceptionHandler = false,

            // System.CommandLine 2.0.0 leaves this null (its docs promise 2 s), and then Ctrl+C and SIGTERM kill the
            // process before serve and chat can stop. Only for a real process: a host that runs us in-process (a
            // test runner) keeps its own signal handling, and cancels through the token instead.
            ProcessTerminationTimeout = streams is null ? TimeSpan.FromSeconds(5) : null,
        };
        return await parsed.InvokeAsync(invocation, cancellationToken);
    }

    private static Func<string, string?> EnvironmentOf(CliStreams streams) => streams.Environment is { } variables
        ? name => variables.TryGetValue(name, out var value) ? value : null
        : Environment.GetEnvironmentVariable;

    private static IAnsiConsole CreateConsole(TextWriter writer, bool plain)
    {
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Ansi = plain ? AnsiSupport.No : AnsiSupport.Detect,
            ColorSystem = plain ? ColorSystemSupport.NoColors : ColorSystemSupport.Detect,
            Interactive = plain ? InteractionSupport.No : InteractionSupport.Detect,
            Out = new AnsiConsoleOutput(writer),
        });
        if (plain)
        {
            console.Profile.Width = 120;
        }

        return console;
    }
}
