using System.CommandLine;
using Microsoft.SemanticKernel;
using Microsoft.SemanticKernel.ChatCompletion;
using Spectre.Console;

namespace Connectors.Custom.Cli.Commands;

/// <summary>
/// <c>chat</c>: an interactive streaming chat that keeps the conversation's history. Reads one message per line from
/// standard input (so scripts can pipe messages in); <c>/exit</c> or the end of input quits, <c>/reset</c> clears the
/// history. Answers go to standard output, everything else to standard error. Without an endpoint it talks to the
/// local scripted model.
/// </summary>
internal static class ChatCommand
{
    private const string Name = "chat";

    public static Command Create(CliContext context)
    {
        var endpoint = new EndpointOptions("CUSTOM_MODEL", "Chat model id", "a local scripted model is started");
        var system = new Option<string?>("--system") { Description = "A system prompt for the conversation" };
        var command = new Command(Name, "Interactive streaming chat with history; one message per line on standard input, /reset clears the history, /exit quits.");
        endpoint.AddTo(command);
        command.Options.Add(system);
        command.SetAction(CommandAction.Run(context, Name, async (result, cancellationToken) =>
        {
            var settings = await endpoint.ReadAsync(result, context, cancellationToken);
            return await RunAsync(context, settings, result.GetValue(system), cancellationToken);
        }));
        return command;
    }

    private static async Task<int> RunAsync(CliContext context, EndpointSettings settings, string? systemPrompt, CancellationToken cancellationToken)
    {
        await using var target = await EndpointTarget.OpenAsync(settings, embeddingModel: null, realEmbeddings: false, cancellationToken);
        var status = context.Error;
        status.MarkupLine(target.Local is not null
            ? "[grey]No endpoint set: chatting with the local scripted model (local-scripted: fixed rules, not a language model; it echoes what it has no rule for). Set CUSTOM_BASE_URL and CUSTOM_MODEL, or --endpoint and --model, for a real one.[/]"
            : $"[grey]Chatting with {Markup.Escape(target.ChatModel!)} at {Markup.Escape(EndpointSettings.Describe(target.Endpoint))}.[/]");
        status.MarkupLine("[grey]One message per line; /reset clears the history, /exit quits.[/]");

        IChatCompletionService chat;
        try
        {
            chat = Kernel.CreateBuilder().AddCustomChatCompletion(settings.ChatOptions(target.Endpoint, target.ChatModel!)).Build().GetRequiredService<IChatCompletionService>();
        }
        catch (ArgumentException ex)
        {
            throw new UsageException(ex.Message);
        }

        var keep = string.IsNullOrWhiteSpace(systemPrompt) ? 0 : 1;
        var history = keep == 0 ? new ChatHistory() : new ChatHistory(systemPrompt!);
        while (true)
        {
            if (context.IsInteractive)
            {
                status.Markup("[bold]you>[/] ");
            }

            var line = await context.Input.ReadLineAsync(cancellationToken);
            if (line is null || line.Trim() == "/exit")
            {
                return ExitCodes.Success;
            }

            if (line.Trim() == "/reset")
            {
                history.RemoveRange(keep, history.Count - keep);
                status.MarkupLine("[grey]History cleared.[/]");
                continue;
            }

            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }

            history.AddUserMessage(line);
            history.AddAssistantMessage(await ReplyAsync(context, chat, history, cancellationToken));
        }
    }

    /// <summary>Streams one answer to standard output and returns it.</summary>
    private static async Task<string> ReplyAsync(CliContext context, IChatCompletionService chat, ChatHistory history, CancellationToken cancellationToken)
    {
        if (context.IsInteractive)
        {
            context.Error.Markup("[bold]assistant>[/] ");
        }

        var answer = new System.Text.StringBuilder();
        try
        {
            await foreach (var update in chat.GetStreamingChatMessageContentsAsync(history, cancellationToken: cancellationToken))
            {
                if (!string.IsNullOrEmpty(update.Content))
                {
                    answer.Append(update.Content);
                    context.Out.Write(update.Content);
                }
            }
        }
        finally
        {
            context.Out.WriteLine();
        }

        return answer.ToString();
    }
}
