using System.CommandLine;
using System.Diagnostics;
using Microsoft.Extensions.AI;
using Microsoft.SemanticKernel;
using Microsoft.SemanticKernel.ChatCompletion;
using Spectre.Console;

namespace Connectors.Custom.Cli.Commands;

/// <summary>
/// <c>demo</c>: a guided tour of the connector against the endpoint named by <c>CUSTOM_BASE_URL</c> /
/// <c>CUSTOM_MODEL</c> / <c>CUSTOM_API_KEY</c> (or the options): a chat turn, a streamed turn and a tool-calling turn,
/// with latency and tokens for each step.
/// </summary>
internal static class DemoCommand
{
    public static Command Create()
    {
        var endpoint = new Option<Uri?>("--endpoint") { Description = "API base address, e.g. http://localhost:11434/v1 (default: $CUSTOM_BASE_URL)" };
        var model = new Option<string?>("--model") { Description = "Model id (default: $CUSTOM_MODEL)" };
        var apiKey = new Option<string?>("--api-key") { Description = "API key (default: $CUSTOM_API_KEY; omit for local servers)" };
        var command = new Command("demo", "Run a short tour: chat, streaming and a tool-calling turn, with latency and tokens per step.");
        command.Options.Add(endpoint);
        command.Options.Add(model);
        command.Options.Add(apiKey);
        command.SetAction((result, cancellationToken) => RunAsync(result.GetValue(endpoint), result.GetValue(model), result.GetValue(apiKey), cancellationToken));
        return command;
    }

    private static async Task<int> RunAsync(Uri? endpoint, string? model, string? apiKey, CancellationToken cancellationToken)
    {
        endpoint ??= Uri.TryCreate(Environment.GetEnvironmentVariable("CUSTOM_BASE_URL"), UriKind.Absolute, out var fromEnvironment) ? fromEnvironment : null;
        model ??= Environment.GetEnvironmentVariable("CUSTOM_MODEL");
        apiKey ??= Environment.GetEnvironmentVariable("CUSTOM_API_KEY");
        if (endpoint is null || string.IsNullOrWhiteSpace(model))
        {
            AnsiConsole.MarkupLine("[red]No endpoint configured.[/] Set [bold]CUSTOM_BASE_URL[/] and [bold]CUSTOM_MODEL[/] (and [bold]CUSTOM_API_KEY[/] for hosted providers), for example:");
            AnsiConsole.WriteLine("  export CUSTOM_BASE_URL=http://localhost:11434/v1 CUSTOM_MODEL=llama3.2");
            AnsiConsole.WriteLine("or pass --endpoint and --model.");
            return ExitCodes.BadConfiguration;
        }

        var builder = Kernel.CreateBuilder().AddCustomChatCompletion(model, endpoint, apiKey);
        builder.Plugins.AddFromObject(new DemoPlugin(), "Demo");
        var kernel = builder.Build();
        var chat = kernel.GetRequiredService<IChatCompletionService>();
        var table = new Table().AddColumns("Step", "Latency", "Input tokens", "Output tokens", "Answer");

        try
        {
            AnsiConsole.MarkupLine($"[bold]Endpoint[/] {Markup.Escape(endpoint.ToString())}  [bold]Model[/] {Markup.Escape(model)}");

            var watch = Stopwatch.StartNew();
            var reply = await chat.GetChatMessageContentAsync("In one sentence: what is Semantic Kernel?", cancellationToken: cancellationToken);
            AddRow(table, "chat", watch.Elapsed, reply.Metadata?["Usage"] as UsageDetails, reply.Content);

            watch.Restart();
            var streamed = new System.Text.StringBuilder();
            UsageDetails? streamUsage = null;
            TimeSpan? firstToken = null;
            await foreach (var update in chat.GetStreamingChatMessageContentsAsync("Count from 1 to 5.", cancellationToken: cancellationToken))
            {
                firstToken ??= watch.Elapsed;
                streamed.Append(update.Content);
                streamUsage = update.Metadata?["Usage"] as UsageDetails ?? streamUsage;
            }

            AddRow(table, $"stream (first token {firstToken?.TotalMilliseconds ?? 0:F0} ms)", watch.Elapsed, streamUsage, streamed.ToString());

            watch.Restart();
            var settings = new CustomPromptExecutionSettings { FunctionChoiceBehavior = FunctionChoiceBehavior.Auto() };
            var history = new ChatHistory();
            history.AddUserMessage("Use the Add function to add 17 and 25, then state the result.");
            var toolReply = await chat.GetChatMessageContentAsync(history, settings, kernel, cancellationToken);
            AddRow(table, $"tool calling ({history.Count - 1} tool messages)", watch.Elapsed, toolReply.Metadata?["Usage"] as UsageDetails, toolReply.Content);
        }
        catch (HttpOperationException ex)
        {
            AnsiConsole.Write(table);
            AnsiConsole.MarkupLine($"[red]The endpoint failed:[/] {Markup.Escape(ex.Message)}");
            return ExitCodes.EndpointFailed;
        }

        AnsiConsole.Write(table);
        return ExitCodes.Success;
    }

    private static void AddRow(Table table, string step, TimeSpan latency, UsageDetails? usage, string? answer)
    {
        var text = (answer ?? string.Empty).ReplaceLineEndings(" ");
        table.AddRow(
            Markup.Escape(step),
            $"{latency.TotalMilliseconds:F0} ms",
            usage?.InputTokenCount?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "-",
            usage?.OutputTokenCount?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "-",
            Markup.Escape(text.Length > 80 ? text[..80] + "…" : text));
    }
}
