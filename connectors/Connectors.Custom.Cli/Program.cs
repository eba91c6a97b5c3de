using System.CommandLine;
using Connectors.Custom.Cli.Commands;
using Spectre.Console;

namespace Connectors.Custom.Cli;

/// <summary>The <c>connectors-custom</c> command line: <c>demo</c>, <c>serve</c>, <c>chat</c>, <c>embed</c> and <c>probe</c>.</summary>
/// <remarks>Exit codes: 0 success, 1 the endpoint failed or could not be reached, 2 bad arguments or configuration.</remarks>
public static class Program
{
    /// <summary>The process entry point.</summary>
    public static Task<int> Main(string[] args) => RunAsync(args);

    /// <summary>Runs one command line in-process, for scripts and tests.</summary>
    /// <param name="args">The arguments, as after the program name.</param>
    /// <param name="output">Where everything is written (plain text, no colours); null for the terminal.</param>
    /// <param name="input">Where <c>chat</c> reads lines from; null for standard input.</param>
    /// <param name="cancellationToken">Stops the command as Ctrl+C does (<c>serve</c> runs until then).</param>
    /// <returns>The exit code.</returns>
    public static async Task<int> RunAsync(string[] args, TextWriter? output = null, TextReader? input = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(args);
        var console = output is null ? AnsiConsole.Console : CreatePlainConsole(output);
        var context = new CliContext(console, output ?? Console.Out, input ?? Console.In, input is null && !Console.IsInputRedirected);

        var root = new RootCommand("Connectors.Custom: Semantic Kernel on any OpenAI-compatible endpoint. Run 'demo' first: it works offline.");
        root.Subcommands.Add(DemoCommand.Create(context));
        root.Subcommands.Add(ServeCommand.Create(context));
        root.Subcommands.Add(ChatCommand.Create(context));
        root.Subcommands.Add(EmbedCommand.Create(context));
        root.Subcommands.Add(ProbeCommand.Create());

        // probe writes through the static console; point it at the same place for the length of this run.
        var previous = AnsiConsole.Console;
        AnsiConsole.Console = console;
        try
        {
            var parsed = root.Parse(args);
            if (parsed.Errors.Count > 0)
            {
                // The parser's own exit code for these is 1, which scripts would read as an endpoint failure. A missing
                // command is only worth saying when nothing more specific (an unknown one) was found.
                var errors = parsed.Errors.Count > 1 ? parsed.Errors.Where(e => e.Message != "Required command was not provided.") : parsed.Errors;
                foreach (var error in errors)
                {
                    console.MarkupLine($"[red]error:[/] {Markup.Escape(error.Message)}");
                }

                console.MarkupLine($"Run [bold]connectors-custom {Markup.Escape(parsed.CommandResult.Command.Name == root.Name ? string.Empty : parsed.CommandResult.Command.Name + " ")}--help[/] for usage.");
                return ExitCodes.BadConfiguration;
            }

            var invocation = new InvocationConfiguration
            {
                Output = output ?? Console.Out,
                Error = output ?? Console.Error,

                // System.CommandLine 2.0.0 leaves this null (its docs promise 2 s), and then Ctrl+C and SIGTERM kill the
                // process before serve and chat can stop. Only for a real process: a host that runs us in-process (a
                // test runner) keeps its own signal handling, and cancels through the token instead.
                ProcessTerminationTimeout = output is null ? TimeSpan.FromSeconds(5) : null,
            };
            return await parsed.InvokeAsync(invocation, cancellationToken);
        }
        finally
        {
            AnsiConsole.Console = previous;
        }
    }

    private static IAnsiConsole CreatePlainConsole(TextWriter output)
    {
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Ansi = AnsiSupport.No,
            ColorSystem = ColorSystemSupport.NoColors,
            Interactive = InteractionSupport.No,
            Out = new AnsiConsoleOutput(output),
        });
        console.Profile.Width = 120;
        return console;
    }
}
