using System.CommandLine;
using Connectors.Custom.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.SemanticKernel;
using Spectre.Console;

namespace Connectors.Custom.Cli.Commands;

/// <summary>
/// <c>demo</c>: a guided tour of the connector: chat, streaming, a tool-calling turn, a writer → reviewer workflow and
/// retrieval, with latency, tokens and cost per step. Without <c>CUSTOM_BASE_URL</c> / <c>--endpoint</c> it runs
/// offline against a local scripted server with real MiniLM embeddings; with them, against that endpoint.
/// </summary>
internal static class DemoCommand
{
    public static Command Create(CliContext context)
    {
        var endpoint = new EndpointOptions("CUSTOM_MODEL", "Chat model id");
        var embeddingModel = new Option<string?>("--embedding-model") { Description = "Embedding model id for the retrieval step (default: $CUSTOM_EMBEDDING_MODEL; without one, retrieval is skipped against an endpoint)" };
        var command = new Command("demo", "A guided tour: chat, streaming, tool calling, a two-agent workflow and retrieval, with latency, tokens and cost per step. Works offline.");
        endpoint.AddTo(command);
        command.Options.Add(embeddingModel);
        command.SetAction(async (result, cancellationToken) =>
        {
            var settings = endpoint.Read(result, out var error);
            if (error is not null)
            {
                return BadArguments(context.Console, error);
            }

            var embeddings = result.GetValue(embeddingModel) ?? Environment.GetEnvironmentVariable("CUSTOM_EMBEDDING_MODEL");
            return await RunAsync(context.Console, settings, string.IsNullOrWhiteSpace(embeddings) ? null : embeddings.Trim(), cancellationToken);
        });
        return command;
    }

    private static async Task<int> RunAsync(IAnsiConsole console, EndpointSettings settings, string? embeddingModel, CancellationToken cancellationToken)
    {
        console.Write(new Rule("[bold]Connectors.Custom demo[/]"));
        LocalModel? local = null;
        try
        {
            Uri endpoint;
            string model;
            string? skipRetrieval = null;
            if (settings.IsLocal)
            {
                // Without an ONNX Runtime build for this platform (Intel macOS) the tour runs without its retrieval step.
                skipRetrieval = MiniLmEmbeddingBackend.UnsupportedReason;
                local = await LocalModel.StartAsync(realEmbeddings: skipRetrieval is null, port: null, WireProfile.OpenAI, cancellationToken);
                endpoint = local.Endpoint;
                model = local.ChatModelId;
                embeddingModel = local.EmbeddingModelId;
                console.MarkupLine("[bold]Mode[/]       offline: no CUSTOM_BASE_URL or --endpoint, so a local OpenAI-compatible server was started on " + Markup.Escape(endpoint.ToString()));
                console.MarkupLine($"[bold]Chat[/]       {Markup.Escape(LocalModel.Label)}");
                console.MarkupLine($"[bold]Embeddings[/] {Markup.Escape(local.EmbeddingLabel)}");
                console.MarkupLine("[grey]Every call below goes through the real connector over HTTP. Set CUSTOM_BASE_URL and CUSTOM_MODEL (and CUSTOM_API_KEY, CUSTOM_EMBEDDING_MODEL) to run the same tour against your endpoint.[/]");
                if (skipRetrieval is null)
                {
                    var watch = System.Diagnostics.Stopwatch.StartNew();
                    local.WarmUp();
                    console.MarkupLine(FormattableString.Invariant($"[grey]Embedding model loaded in {watch.Elapsed.TotalSeconds:0.0} s.[/]"));
                }
            }
            else
            {
                endpoint = settings.Endpoint!;
                model = settings.Model!;
                console.MarkupLine($"[bold]Endpoint[/]   {Markup.Escape(EndpointSettings.Describe(endpoint))}");
                console.MarkupLine($"[bold]Chat[/]       {Markup.Escape(model)}");
                console.MarkupLine($"[bold]Embeddings[/] {Markup.Escape(embeddingModel ?? "(none: set CUSTOM_EMBEDDING_MODEL or --embedding-model for the retrieval step)")}");
                skipRetrieval = embeddingModel is null ? "no embedding model; set CUSTOM_EMBEDDING_MODEL or --embedding-model." : null;
            }

            var meter = new UsageMeter();
            var plugin = new DemoPlugin();
            Kernel kernel;
            try
            {
                kernel = BuildKernel(settings, endpoint, model, embeddingModel, meter, plugin);
            }
            catch (ArgumentException ex)
            {
                return BadArguments(console, ex.Message);
            }

            var tour = new DemoTour(console, kernel, meter, plugin);
            try
            {
                await tour.RunAsync(skipRetrieval, cancellationToken);
            }
            catch (Exception ex) when (EndpointFailures.IsEndpointFailure(ex))
            {
                console.WriteLine();
                console.MarkupLine($"[red]The endpoint failed:[/] {Markup.Escape(ex.Message)}");
                if (ex is CustomEndpointException { StatusCode: null } or HttpRequestException)
                {
                    console.MarkupLine("Check the address (it must include the version segment, e.g. http://localhost:11434/v1) and that the server is running.");
                }

                tour.WriteSummary();
                return ExitCodes.EndpointFailed;
            }

            console.WriteLine();
            tour.WriteSummary();
            if (local is not null)
            {
                console.MarkupLine(skipRetrieval is null
                    ? "[grey]Answers came from the scripted local model (fixed rules, not a language model); the embeddings and retrieval were real.[/]"
                    : "[grey]Answers came from the scripted local model (fixed rules, not a language model).[/]");
            }

            return ExitCodes.Success;
        }
        finally
        {
            if (local is not null)
            {
                await local.DisposeAsync();
            }
        }
    }

    private static Kernel BuildKernel(EndpointSettings settings, Uri endpoint, string model, string? embeddingModel, UsageMeter meter, DemoPlugin plugin)
    {
        var builder = Kernel.CreateBuilder();

        // Registered before the connector's own tracker, so every call's usage and cost reaches the meter.
        builder.Services.AddSingleton<ICustomUsageTracker>(meter);
        builder.AddCustomChatCompletion(settings.ChatOptions(endpoint, model));
        builder.AddCustomChatCompletion(settings.ChatOptions(endpoint, model), serviceId: DemoTour.WriterServiceId);
        builder.AddCustomChatCompletion(settings.ChatOptions(endpoint, model), serviceId: DemoTour.ReviewerServiceId);
        if (embeddingModel is not null)
        {
            builder.AddCustomEmbeddingGenerator(settings.EmbeddingOptions(endpoint, embeddingModel));
        }

        builder.Plugins.AddFromObject(plugin, "Demo");
        return builder.Build();
    }

    private static int BadArguments(IAnsiConsole console, string message)
    {
        console.MarkupLine($"[red]demo:[/] {Markup.Escape(message)}");
        console.WriteLine("Usage: demo [--endpoint URL --model M [--api-key K] [--embedding-model E]] [--retries N]");
        console.WriteLine("With no endpoint (and no CUSTOM_BASE_URL), the demo runs offline against a local scripted model.");
        return ExitCodes.BadConfiguration;
    }
}
