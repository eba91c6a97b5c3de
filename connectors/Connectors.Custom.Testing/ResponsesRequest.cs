using System.Collections.Generic;

namespace Connectors.Custom.Testing;

/// <summary>A <c>POST /v1/responses</c> request, read into what the chat script and the response store need.</summary>
/// <param name="Model">The model named, or the server's chat model.</param>
/// <param name="Instructions">The <c>instructions</c> (a system message for the script; never carried over by
/// <c>previous_response_id</c>, as on OpenAI), or null.</param>
/// <param name="Input">The <c>input</c> items as chat messages: messages, <c>function_call</c> items as assistant tool
/// calls, <c>function_call_output</c> items as tool messages; <c>reasoning</c> items carry nothing the script reads.</param>
/// <param name="Tools">The function tools offered, or null.</param>
/// <param name="ToolChoice">The <c>tool_choice</c> string, <c>function</c> when it named one, or null.</param>
/// <param name="ForcedToolName">The function <c>tool_choice</c> named, or null.</param>
/// <param name="Format">The <c>text.format</c>, or null.</param>
/// <param name="Stream">Whether the request asked for a stream.</param>
/// <param name="Store">The <c>store</c> flag, or null when absent (the profile's default applies).</param>
/// <param name="PreviousResponseId">The <c>previous_response_id</c>, or null.</param>
/// <param name="MaxOutputTokens">The <c>max_output_tokens</c>, or null.</param>
/// <param name="ReasoningEffort">The <c>reasoning.effort</c>, echoed in the response, or null.</param>
/// <param name="Body">The raw body, for scripts that read more.</param>
internal sealed record ResponsesRequest(
    string Model,
    string? Instructions,
    IReadOnlyList<ChatScriptMessage> Input,
    IReadOnlyList<ChatScriptTool>? Tools,
    string? ToolChoice,
    string? ForcedToolName,
    ChatScriptResponseFormat? Format,
    bool Stream,
    bool? Store,
    string? PreviousResponseId,
    int? MaxOutputTokens,
    string? ReasoningEffort,
    string Body)
{
    /// <summary>The request as the chat script sees it: instructions, then the stored conversation
    /// <paramref name="history"/> continues from, then this request's input.</summary>
    public ChatScriptRequest ToScriptRequest(IReadOnlyList<ChatScriptMessage> history)
    {
        var messages = new List<ChatScriptMessage>(history.Count + Input.Count + 1);
        if (Instructions is { } instructions)
        {
            messages.Add(new ChatScriptMessage("system", instructions));
        }

        messages.AddRange(history);
        messages.AddRange(Input);
        return new ChatScriptRequest(Model, messages, Stream, Body, Tools, ToolChoice, ForcedToolName, Format);
    }
}
