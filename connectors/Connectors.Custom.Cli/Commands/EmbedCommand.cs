using System.CommandLine;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.AI;
using Spectre.Console;

namespace Connectors.Custom.Cli.Commands;

/// <summary>
/// <c>embed</c>: embeds one text (<c>--text</c>, the vector is printed as a JSON array) or every line of a JSONL file
/// (<c>--file</c>, each line an object with a <c>text</c> field; written to <c>--out</c> with an <c>embedding</c> field
/// added, with a progress bar on standard error). Without an endpoint it uses all-MiniLM-L6-v2 locally.
/// </summary>
internal static class EmbedCommand
{
    private const string Name = "embed";

    public static Command Create(CliContext context)
    {
        var endpoint = new EndpointOptions("CUSTOM_EMBEDDING_MODEL", "Embedding model id", "all-MiniLM-L6-v2 runs locally");
        var text = new Option<string?>("--text") { Description = "A text to embed; its vector alone is printed on standard output, as one JSON array" };
        var file = new Option<FileInfo?>("--file") { Description = "A JSONL file, one object with a \"text\" field per line" };
        var output = new Option<FileInfo?>("--out") { Description = "Where to write the vectors as JSONL (default: <file>.vectors.jsonl; with --text, also writes the vector there)" };
        var batchSize = new Option<int>("--batch-size") { Description = "Texts per request when embedding a file", DefaultValueFactory = _ => 32 }.Between(1, 2048);

        var command = new Command(Name, "Embed a text (--text, the vector on standard output) or a JSONL file (--file, with a progress bar on standard error).");
        endpoint.AddTo(command);
        command.Options.Add(text);
        command.Options.Add(file);
        command.Options.Add(output);
        command.Options.Add(batchSize);
        command.Validators.Add(result =>
        {
            var hasText = result.GetResult(text) is not null;
            var hasFile = result.GetResult(file) is not null;
            if (hasText == hasFile)
            {
                result.AddError("Give exactly one of --text or --file.");
            }
        });
        command.SetAction(CommandAction.Run(context, Name, async (result, cancellationToken) =>
        {
            var input = result.GetValue(file);
            if (input is not null && !input.Exists)
            {
                throw new UsageException($"--file: '{input.FullName}' does not exist.");
            }

            if (result.GetValue(text) is { Length: 0 })
            {
                throw new UsageException("--text must not be empty.");
            }

            var settings = await endpoint.ReadAsync(result, context, cancellationToken);
            return await RunAsync(context, settings, result.GetValue(text), input, result.GetValue(output), result.GetValue(batchSize), cancellationToken);
        }));
        return command;
    }

    private static async Task<int> RunAsync(CliContext context, EndpointSettings settings, string? text, FileInfo? input, FileInfo? output, int batchSize, CancellationToken cancellationToken)
    {
        List<JsonObject>? records = null;
        if (input is not null)
        {
            records = await ReadRecordsAsync(input, cancellationToken);
            output ??= new FileInfo(Path.ChangeExtension(input.FullName, null) + ".vectors.jsonl");
        }

        await using var target = await EndpointTarget.OpenAsync(settings, settings.Model, realEmbeddings: true, cancellationToken);
        IEmbeddingGenerator<string, Embedding<float>> generator;
        try
        {
            generator = new CustomEmbeddingGenerator(settings.EmbeddingOptions(target.Endpoint, target.EmbeddingModel!));
        }
        catch (ArgumentException ex)
        {
            throw new UsageException(ex.Message);
        }

        using (generator)
        {
            var model = target.Local is null ? target.EmbeddingModel! : $"{target.EmbeddingModel} (local)";
            if (text is null)
            {
                await EmbedFileAsync(context.Error, generator, records!, output!, batchSize, model, cancellationToken);
                return ExitCodes.Success;
            }

            var vector = (await generator.GenerateAsync([text], cancellationToken: cancellationToken))[0].Vector.ToArray();
            context.Error.MarkupLine(FormattableString.Invariant($"[grey]{Markup.Escape(model)}: {vector.Length} dimensions[/]"));

            // The vector alone on standard output, unformatted: the console would wrap the line, breaking the JSON.
            await context.Output.WriteLineAsync(ToJsonArray(vector).ToJsonString().AsMemory(), cancellationToken);
            await context.Output.FlushAsync(cancellationToken);
            if (output is not null)
            {
                await File.WriteAllTextAsync(output.FullName, new JsonObject { ["text"] = text, ["embedding"] = ToJsonArray(vector) }.ToJsonString() + "\n", cancellationToken);
                context.Error.MarkupLine($"[grey]Written to {Markup.Escape(output.FullName)}[/]");
            }

            return ExitCodes.Success;
        }
    }

    private static async Task EmbedFileAsync(IAnsiConsole console, IEmbeddingGenerator<string, Embedding<float>> generator, List<JsonObject> records, FileInfo output, int batchSize, string model, CancellationToken cancellationToken)
    {
        var started = System.Diagnostics.Stopwatch.StartNew();
        await using var writer = new StreamWriter(output.FullName, append: false);
        await console.Progress()
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn())
            .StartAsync(async progress =>
            {
                var task = progress.AddTask(FormattableString.Invariant($"Embedding {records.Count} texts"), maxValue: Math.Max(1, records.Count));
                for (var start = 0; start < records.Count; start += batchSize)
                {
                    var batch = records.GetRange(start, Math.Min(batchSize, records.Count - start));
                    var vectors = await generator.GenerateAsync(batch.Select(r => (string)r["text"]!), cancellationToken: cancellationToken);
                    for (var i = 0; i < batch.Count; i++)
                    {
                        batch[i]["embedding"] = ToJsonArray(vectors[i].Vector.ToArray());
                        await writer.WriteLineAsync(batch[i].ToJsonString().AsMemory(), cancellationToken);
                    }

                    task.Increment(batch.Count);
                }

                task.Value = task.MaxValue;
            });

        console.MarkupLine(FormattableString.Invariant($"Embedded {records.Count} texts with {Markup.Escape(model)} in {started.Elapsed.TotalSeconds:0.0} s; written to {Markup.Escape(output.FullName)}"));
    }

    /// <summary>Reads the JSONL input; a line that is not an object with a non-empty string <c>text</c> is an error
    /// naming the line.</summary>
    private static async Task<List<JsonObject>> ReadRecordsAsync(FileInfo input, CancellationToken cancellationToken)
    {
        var records = new List<JsonObject>();
        var number = 0;
        foreach (var line in await File.ReadAllLinesAsync(input.FullName, cancellationToken))
        {
            number++;
            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }

            JsonNode? node;
            try
            {
                node = JsonNode.Parse(line);
            }
            catch (JsonException ex)
            {
                throw new UsageException($"{input.Name} line {number} is not valid JSON: {ex.Message}");
            }

            if (node is not JsonObject record || record["text"] is not JsonValue value || !value.TryGetValue<string>(out var text) || text.Length == 0)
            {
                throw new UsageException($"{input.Name} line {number} must be a JSON object with a non-empty string \"text\" field.");
            }

            records.Add(record);
        }

        if (records.Count == 0)
        {
            throw new UsageException($"{input.Name} has no lines to embed.");
        }

        return records;
    }

    private static JsonArray ToJsonArray(float[] vector)
    {
        var array = new JsonArray();
        foreach (var value in vector)
        {
            array.Add(value);
        }

        return array;
    }
}
