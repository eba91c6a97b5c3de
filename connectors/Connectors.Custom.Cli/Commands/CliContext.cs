using Spectre.Console;

namespace Connectors.Custom.Cli.Commands;

/// <summary>Where a command writes and reads: the terminal, or what <see cref="Program.RunAsync"/> was given.</summary>
/// <param name="Console">The output, for people (styled, wrapped at the console's width).</param>
/// <param name="Output">The same output unformatted, for what scripts read (a vector as one JSON line).</param>
/// <param name="Input">The lines <c>chat</c> reads.</param>
/// <param name="IsInteractive">Whether a person is typing (so prompts are worth printing).</param>
internal sealed record CliContext(IAnsiConsole Console, TextWriter Output, TextReader Input, bool IsInteractive);
