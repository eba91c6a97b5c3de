namespace Connectors.Custom.Cli;

/// <summary>Where one in-process run of the CLI reads and writes, and the environment it sees.</summary>
/// <param name="Output">Results: answers, vectors, tables, the served address (standard output).</param>
/// <param name="Error">Status, progress and errors (standard error).</param>
/// <param name="Input">What <c>chat</c> reads messages from, and <c>--api-key-stdin</c> the key.</param>
/// <param name="Environment">The environment variables the run sees (<c>CUSTOM_BASE_URL</c> and the others); null
/// for the process's own.</param>
public sealed record CliStreams(TextWriter Output, TextWriter Error, TextReader Input, IReadOnlyDictionary<string, string>? Environment = null);
