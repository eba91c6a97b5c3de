using System.CommandLine;
using System.Globalization;
using System.Text.Json.Nodes;
using Spectre.Console;

namespace Connectors.Custom.Cli.Commands;

/// <summary>
/// <c>rerank</c>: orders documents (<c>--document</c>, repeated, or <c>--file</c> with one per line) by relevance to
/// <c>--query</c> and prints the best first as one JSON array of <c>{index, score, document}</c> on standard output.
/// Without an endpoint the local server scores with all-MiniLM-L6-v2 (cosine similarity: a stand-in for a cross-encoder).
/// </summary>
internal static class RerankCommand
{
    private const string Name = "rerank";
    private const string LocalModelId = "local-rerank";

    public static Command Create(CliContext context)
    {
        var endpoint = new EndpointOptions("CUSTOM_RERANK_MODEL", "Reranking model id", "the local server scores with all-MiniLM-L6-v2 (a stand-in for a cross-encoder)");
        var query = new Option<string>("--query") { Description = "The query to rank the documents against", Required = true };
        var documents = new Option<string[]>("--document") { Description = "A document (repeat for each)", AllowMultipleArgumentsPerToken = false };
        var file = new Option<FileInfo?>("--file") { Description = "A text file with one document per line (blank lines skipped)" };
        var top = new Option<int?>("--top") { Description = "How many of the best to print (default: all)" };
        var score = new Option<bool>("--score-api") { Description = "Call vLLM's /score instead of /rerank" };

        var command = new Command(Name, "Rank documents by relevance to a query (best first, as JSON on standard output).");
        endpoint.AddTo(command);
        foreach (var option in (Option[])[query, documents, file, top, score])
        {
            command.Options.Add(option);
        }

        command.SetAction(CommandAction.Run(context, Name, async (result, cancellationToken) =>
        {
            var list = new List<string>(result.GetValue(documents) ?? []);
            if (result.GetValue(file) is { } input)
            {
                if (!input.Exists)
                {
                    throw new UsageException($"--file: '{input.FullName}' does not exist.");
                }

                list.AddRange((await File.ReadAllLinesAsync(input.FullName, cancellationToken)).Where(l => !string.IsNullOrWhiteSpace(l)));
            }

            if (list.Count == 0)
            {
                throw new UsageException("Give at least one document: --document (repeated) or --file.");
            }

            if (result.GetValue(top) is < 1)
            {
                throw new UsageException("--top must be at least 1.");
            }

            var settings = await endpoint.ReadAsync(result, context, cancellationToken);
            return await RunAsync(context, settings, result.GetValue(query)!, list, result.GetValue(top), result.GetValue(score), cancellationToken);
        }));
        return command;
    }

    private static async Task<int> RunAsync(CliContext context, EndpointSettings settings, string query, List<string> documents, int? top, bool scoreApi, CancellationToken cancellationToken)
    {
        await using var target = await EndpointTarget.OpenAsync(settings, embeddingModel: null, realEmbeddings: true, cancellationToken);
        var model = target.Local is null ? settings.Model! : LocalModelId;
        RerankResult result;
        try
        {
            var options = new CustomRerankerOptions { Endpoint = target.Endpoint, ModelId = model, ApiKey = settings.ApiKey };
            options.Quirks.RerankApi = scoreApi ? RerankApi.Score : RerankApi.Rerank;
            options.Resilience.Retry.MaxRetries = settings.Retries;
            using var reranker = new CustomReranker(options);
            result = await reranker.RerankAsync(query, documents, new RerankOptions { TopN = top }, cancellationToken);
        }
        catch (ArgumentException ex)
        {
            throw new UsageException(ex.Message);
        }

        var array = new JsonArray();
        foreach (var document in result.Documents)
        {
            array.Add(new JsonObject { ["index"] = document.Index, ["score"] = document.RelevanceScore, ["document"] = document.Document });
        }

        await context.Output.WriteLineAsync(array.ToJsonString().AsMemory(), cancellationToken);
        await context.Output.FlushAsync(cancellationToken);
        var label = target.Local is null ? model : "all-MiniLM-L6-v2 cosine similarity (local; a stand-in for a cross-encoder)";
        context.Error.MarkupLine(string.Create(CultureInfo.InvariantCulture, $"[grey]{Markup.Escape(label)}: {result.Documents.Count} of {documents.Count} documents[/]"));
        return ExitCodes.Success;
    }
}
