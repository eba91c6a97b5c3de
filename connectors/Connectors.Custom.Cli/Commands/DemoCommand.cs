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
    private const string Name = "demo";

    public static Command Create(CliContext context)
    {
        var endpoint = new EndpointOptions("CUSTOM_MODEL", "Chat model id", "the demo runs offline against a local scripted model");
        var embeddingModel = new Option<string?>("--embedding-model") { Description = "Embedding model id for the retrieval step (default: $CUSTOM_EMBEDDING_MODEL; without one, retrieval is skipped against an endpoint)" };
        var command = new Command(Name, "A guided tour: chat, streaming, tool calling, a two-agent workflow and retrieval, with latency, tokens and cost per step. Works offline.");
        endpoint.AddTo(command);
        command.Options.Add(embeddingModel);
        command.SetAction(CommandAction.Run(context, Name, async (result, cancellationToken) =>
        {
            var settings = await endpoint.ReadAsync(result, context, cancellationToken);
            var embeddings = result.GetValue(embeddingModel) ?? context.Environment("CUSTOM_EMBEDDING_MODEL");
            return await RunAsync(context, settings, string.IsNullOrWhiteSpace(embeddings) ? null : embeddings.Trim(), cancellationToken);
        }));
        return command;
    }

    private static async Task<int> RunAsync(CliContext context, EndpointSettings settings, string? embeddingModel, CancellationToken cancellationToken)
    {
        var console = context.Out;
        console.Write(new Rule("[bold]Connectors.Custom demo[/]"));
        // Without an ONNX Runtime build for this platform (Intel macOS) the offline tour runs without its retrieval step.
        var unsupported = settings.IsLocal ? MiniLmEmbeddingBackend.UnsupportedReason : null;
        await using var target = await EndpointTarget.OpenAsync(settings, embeddingModel, realEmbeddings: unsupported is null, cancellationToken);
        string? skipRetrieval = unsupported;
        if (target.Local is { } local)
        {
            console.MarkupLine("[bold]Mode[/]       offline: no CUSTOM_BASE_URL or --endpoint, so a local OpenAI-compatible server was started on " + Markup.Escape(target.Endpoint.ToString()));
            console.MarkupLine($"[bold]Chat[/]       {Markup.Escape(LocalModel.Label)}");
            console.MarkupLine($"[bold]Embeddings[/] {Markup.Escape(local.EmbeddingLabel)}");
            console.MarkupLine("[grey]Every call below goes through the real connector over HTTP. Set CUSTOM_BASE_URL and CUSTOM_MODEL (and CUSTOM_API_KEY, CUSTOM_EMBEDDING_MODEL) to run the same tour against your endpoint.[/]");
            if (unsupported is null)
            {
                var watch = System.Diagnostics.Stopwatch.StartNew();
                local.WarmUp();
                context.Error.MarkupLine(FormattableString.Invariant($"[grey]Embedding model loaded in {watch.Elapsed.TotalSeconds:0.0} s.[/]"));
            }
        }
        else
        {
            console.MarkupLine($"[bold]Endpoint[/]   {Markup.Escape(EndpointSettings.Describe(target.Endpoint))}");
            console.MarkupLine($"[bold]Chat[/]       {Markup.Escape(target.ChatModel!)}");
            console.MarkupLine($"[bold]Embeddings[/] {Markup.Escape(target.EmbeddingModel ?? "(none: set CUSTOM_EMBEDDING_MODEL or --embedding-model for the retrieval step)")}");
            skipRetrieval = target.EmbeddingModel is null ? "no embedding model; set CUSTOM_EMBEDDING_MODEL or --embedding-model." : null;
        }

        var meter = new UsageMeter();
        var plugin = new DemoPlugin();
        Kernel kernel;
        try
        {
            kernel = BuildKernel(settings, target.Endpoint, target.ChatModel!, target.EmbeddingModel, meter, plugin);
        }
        catch (ArgumentException ex)
        {
            throw new UsageException(ex.Message);
        }

        var tour = new DemoTour(console, kernel, meter, plugin);
        try
        {
            await tour.RunAsync(skipRetrieval, cancellationToken);
        }
        catch (Exception ex) when (EndpointFailures.IsEndpointFailure(ex))
        {
            // The steps that ran are still worth their summary; the failure itself is reported with the exit code.
            console.WriteLine();
            tour.WriteSummary();
            throw;
        }

        console.WriteLine();
        tour.WriteSummary();
        if (target.Local is not null)
        {
            console.MarkupLine(skipRetrieval is null
                ? "[grey]Answers came from the scripted local model (fixed rules, not a language model); the embeddings and retrieval were real.[/]"
                : "[grey]Answers came from the scripted local model (fixed rules, not a language model).[/]");
        }

        return ExitCodes.Success;
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
}
