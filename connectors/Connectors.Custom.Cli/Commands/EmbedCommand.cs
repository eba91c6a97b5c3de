using System.CommandLine;
using System.Text.Json;
using System.Text.Json.Nodes;
using Connectors.Custom.Testing;
using Microsoft.Extensions.AI;
using Spectre.Console;

namespace Connectors.Custom.Cli.Commands;

/// <summary>
/// <c>embed</c>: embeds one text (<c>--text</c>, the vector is printed as a JSON array) or every line of a JSONL file
/// (<c>--file</c>, each line an object with a <c>text</c> field; written to <c>--out</c> with an <c>embedding</c> field
/// added, with a progress bar). Without an endpoint it uses all-MiniLM-L6-v2 locally.
/// </summary>
internal static class EmbedCommand
{
    public static Command Create(CliContext context)
    {
        var endpoint = new EndpointOptions("CUSTOM_EMBEDDING_MODEL", "Embedding model id");
        var text = new Option<string?>("--text") { Description = "A text to embed; its vector is printed" };
        var file = new Option<FileInfo?>("--file") { Description = "A JSONL file, one object with a \"text\" field per line" };
        var output = new Option<FileInfo?>("--out") { Description = "Where to write the vectors as JSONL (default: <file>.vectors.jsonl; with --text, also writes the vector there)" };
        var batchSize = new Option<int>("--batch-size") { Description = "Texts per request when embedding a file", DefaultValueFactory = _ => 32 }.Between(1, 2048);

        var command = new Command("embed", "Embed a text (--text) or a JSONL file (--file, with a progress bar) and print or write the vectors.");
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
        command.SetAction(async (result, cancellationToken) =>
        {
            var console = context.Console;
            var settings = endpoint.Read(result, out var error);
            var input = result.GetValue(file);
            if (error is null && input is not null && !input.Exists)
            {
                error = $"--file: '{input.FullName}' does not exist.";
            }

            if (error is null && result.GetValue(text) is { Length: 0 })
            {
                error = "--text must not be empty.";
            }

            if (error is not null)
            {
                return BadArguments(console, error);
            }

            return await RunAsync(console, context.Output, settings, result.GetValue(text), input, result.GetValue(output), result.GetValue(batchSize), cancellationToken);
        });
        return command;
    }

    private static async Task<int> RunAsync(IAnsiConsole console, TextWriter raw, EndpointSettings settings, string? text, FileInfo? input, FileInfo? output, int batchSize, CancellationToken cancellationToken)
    {
        List<JsonObject>? records = null;
        if (input is not null)
        {
            try
            {
                records = await ReadRecordsAsync(input, cancellationToken);
            }
            catch (FormatException ex)
            {
                return BadArguments(console, ex.Message);
            }

            output ??= new FileInfo(Path.ChangeExtension(input.FullName, null) + ".vectors.jsonl");
        }

        LocalModel? local = null;
        try
        {
            if (settings.IsLocal)
            {
                local = await LocalModel.StartAsync(realEmbeddings: true, port: null, WireProfile.OpenAI, cancellationToken);
            }

            IEmbeddingGenerator<string, Embedding<float>> generator;
            try
            {
                generator = new CustomEmbeddingGenerator(settings.EmbeddingOptions(local?.Endpoint ?? settings.Endpoint!, local?.EmbeddingModelId ?? settings.Model!));
            }
            catch (ArgumentException ex)
            {
                return BadArguments(console, ex.Message);
            }

            using (generator)
            {
                var model = local is null ? settings.Model! : $"{local.EmbeddingModelId} (local)";
                if (text is not null)
                {
                    var vector = (await generator.GenerateAsync([text], cancellationToken: cancellationToken))[0].Vector.ToArray();
                    console.MarkupLine(FormattableString.Invariant($"[grey]{Markup.Escape(model)}: {vector.Length} dimensions[/]"));
                    // Straight to the output: the console would wrap the line at its width, breaking the JSON.
                    await raw.WriteLineAsync(ToJson(vector).AsMemory(), cancellationToken);
                    await raw.FlushAsync(cancellationToken);
                    if (output is not null)
                    {
                        await File.WriteAllTextAsync(output.FullName, new JsonObject { ["text"] = text, ["embedding"] = ToJsonArray(vector) }.ToJsonString() + "\n", cancellationToken);
                        console.MarkupLine($"[grey]Written to {Markup.Escape(output.FullName)}[/]");
                    }

                    return ExitCodes.Success;
                }

                await EmbedFileAsync(console, generator, records!, output!, batchSize, model, cancellationToken);
                return ExitCodes.Success;
            }
        }
        catch (Exception ex) when (EndpointFailures.IsEndpointFailure(ex))
        {
            console.MarkupLine($"[red]The endpoint failed:[/] {Markup.Escape(ex.Message)}");
            return ExitCodes.EndpointFailed;
        }
        finally
        {
            if (local is not null)
            {
                await local.DisposeAsync();
            }
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
                throw new FormatException($"{input.Name} line {number} is not valid JSON: {ex.Message}", ex);
            }

            if (node is not JsonObject record || record["text"] is not JsonValue value || !value.TryGetValue<string>(out var text) || text.Length == 0)
            {
                throw new FormatException($"{input.Name} line {number} must be a JSON object with a non-empty string \"text\" field.");
            }

            records.Add(record);
        }

        if (records.Count == 0)
        {
            throw new FormatException($"{input.Name} has no lines to embed.");
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

    private static string ToJson(float[] vector) => ToJsonArray(vector).ToJsonString();

    private static int BadArguments(IAnsiConsole console, string message)
    {
        console.MarkupLine($"[red]embed:[/] {Markup.Escape(message)}");
        console.WriteLine("Usage: embed --text TEXT | --file input.jsonl [--out vectors.jsonl] [--endpoint URL --model M [--api-key K]] [--batch-size N] [--retries N]");
        return ExitCodes.BadConfiguration;
    }
}
