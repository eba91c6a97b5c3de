using System.CommandLine;
using Connectors.Custom.Testing;
using Microsoft.SemanticKernel;
using Microsoft.SemanticKernel.ChatCompletion;
using Spectre.Console;

namespace Connectors.Custom.Cli.Commands;

/// <summary>
/// <c>chat</c>: an interactive streaming chat that keeps the conversation's history. Reads one message per line from
/// standard input (so scripts can pipe messages in); <c>/exit</c> or the end of input quits, <c>/reset</c> clears the
/// history. Without an endpoint it talks to the local scripted model.
/// </summary>
internal static class ChatCommand
{
    public static Command Create(CliContext context)
    {
        var endpoint = new EndpointOptions("CUSTOM_MODEL", "Chat model id");
        var system = new Option<string?>("--system") { Description = "A system prompt for the conversation" };
        var command = new Command("chat", "Interactive streaming chat with history; one message per line on standard input, /exit to quit.");
        endpoint.AddTo(command);
        command.Options.Add(system);
        command.SetAction(async (result, cancellationToken) =>
        {
            var settings = endpoint.Read(result, out var error);
            if (error is not null)
            {
                context.Console.MarkupLine($"[red]chat:[/] {Markup.Escape(error)}");
                context.Console.WriteLine("Usage: chat [--endpoint URL --model M [--api-key K]] [--system TEXT] [--retries N]");
                return ExitCodes.BadConfiguration;
            }

            return await RunAsync(context, settings, result.GetValue(system), cancellationToken);
        });
        return command;
    }

    private static async Task<int> RunAsync(CliContext context, EndpointSettings settings, string? systemPrompt, CancellationToken cancellationToken)
    {
        var console = context.Console;
        LocalModel? local = null;
        try
        {
            if (settings.IsLocal)
            {
                local = await LocalModel.StartAsync(realEmbeddings: false, port: null, WireProfile.OpenAI, cancellationToken);
                console.MarkupLine("[grey]No endpoint set: chatting with the local scripted model (local-scripted: fixed rules, not a language model; it echoes what it has no rule for). Set CUSTOM_BASE_URL and CUSTOM_MODEL, or --endpoint and --model, for a real one.[/]");
            }
            else
            {
                console.MarkupLine($"[grey]Chatting with {Markup.Escape(settings.Model!)} at {Markup.Escape(EndpointSettings.Describe(settings.Endpoint!))}.[/]");
            }

            console.MarkupLine("[grey]One message per line; /reset clears the history, /exit quits.[/]");
            IChatCompletionService chat;
            try
            {
                var options = settings.ChatOptions(local?.Endpoint ?? settings.Endpoint!, local?.ChatModelId ?? settings.Model!);
                chat = Kernel.CreateBuilder().AddCustomChatCompletion(options).Build().GetRequiredService<IChatCompletionService>();
            }
            catch (ArgumentException ex)
            {
                console.MarkupLine($"[red]chat:[/] {Markup.Escape(ex.Message)}");
                return ExitCodes.BadConfiguration;
            }

            var history = string.IsNullOrWhiteSpace(systemPrompt) ? new ChatHistory() : new ChatHistory(systemPrompt);
            while (!cancellationToken.IsCancellationRequested)
            {
                if (context.IsInteractive)
                {
                    console.Markup("[bold]you>[/] ");
                }

                var line = await context.Input.ReadLineAsync(cancellationToken);
                if (line is null || line.Trim() == "/exit")
                {
                    break;
                }

                if (line.Trim() == "/reset")
                {
                    history.RemoveRange(string.IsNullOrWhiteSpace(systemPrompt) ? 0 : 1, history.Count - (string.IsNullOrWhiteSpace(systemPrompt) ? 0 : 1));
                    console.MarkupLine("[grey]History cleared.[/]");
                    continue;
                }

                if (string.IsNullOrWhiteSpace(line))
                {
                    continue;
                }

                history.AddUserMessage(line);
                if (!await ReplyAsync(console, chat, history, cancellationToken))
                {
                    return ExitCodes.EndpointFailed;
                }
            }

            return ExitCodes.Success;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
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

    /// <summary>Streams one answer and adds it to the history; false when the endpoint failed.</summary>
    private static async Task<bool> ReplyAsync(IAnsiConsole console, IChatCompletionService chat, ChatHistory history, CancellationToken cancellationToken)
    {
        console.Markup("[bold]assistant>[/] ");
        var answer = new System.Text.StringBuilder();
        try
        {
            await foreach (var update in chat.GetStreamingChatMessageContentsAsync(history, cancellationToken: cancellationToken))
            {
                if (!string.IsNullOrEmpty(update.Content))
                {
                    answer.Append(update.Content);
                    console.Write(update.Content);
                }
            }
        }
        catch (Exception ex) when (EndpointFailures.IsEndpointFailure(ex))
        {
            console.WriteLine();
            console.MarkupLine($"[red]The endpoint failed:[/] {Markup.Escape(ex.Message)}");
            return false;
        }

        console.WriteLine();
        history.AddAssistantMessage(answer.ToString());
        return true;
    }
}
