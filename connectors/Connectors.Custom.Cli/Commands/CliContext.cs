using Spectre.Console;

namespace Connectors.Custom.Cli.Commands;

/// <summary>Where every command writes and reads: the terminal, or what <see cref="Program.RunAsync"/> was given.
/// Each run has its own; nothing process-wide is changed, so runs can overlap.</summary>
/// <param name="Out">Results, for people (styled, wrapped at the console's width): standard output.</param>
/// <param name="Error">Status, progress and errors: standard error.</param>
/// <param name="Output">Standard output unformatted, for what scripts read (a vector as one JSON line).</param>
/// <param name="ErrorText">Standard error unformatted, for messages that must stay on one line (the console would
/// wrap them at its width).</param>
/// <param name="Input">The lines <c>chat</c> reads.</param>
/// <param name="IsInteractive">Whether a person is typing (so prompts are worth printing).</param>
/// <param name="Environment">Reads an environment variable (null when unset).</param>
internal sealed record CliContext(IAnsiConsole Out, IAnsiConsole Error, TextWriter Output, TextWriter ErrorText, TextReader Input, bool IsInteractive, Func<string, string?> Environment);
