using System;
using System.Net;

namespace Connectors.Custom;

/// <summary>
/// Learns from a 400/422 that names a field or value the server rejects (or any 400/422/500 saying a tool schema could
/// not be turned into the server's grammar), and adapts the request once: the adapted
/// profile is then kept for that endpoint and model. Never loops (one adaptation per call), never adapts on other errors.
/// </summary>
internal static class QuirkNegotiator
{
    /// <summary>Tries to derive a profile that avoids what the server rejected.</summary>
    /// <param name="error">The server's answer.</param>
    /// <param name="current">The profile the request was written with.</param>
    /// <param name="requestBody">The request that was rejected: a field is only blamed if the request had it, so an
    /// error that merely mentions a word such as 'user' changes nothing.</param>
    /// <param name="adapted">The adapted profile.</param>
    /// <param name="change">What changed, for the log.</param>
    /// <returns>True with the adapted profile and a description of the change; false when the error is not one to learn from.</returns>
    public static bool TryAdapt(CustomEndpointException error, CustomQuirkProfile current, ReadOnlySpan<byte> requestBody, out CustomQuirkProfile adapted, out string change)
    {
        adapted = current;
        change = string.Empty;
        if (error.IsInBandError)
        {
            return false;
        }

        var text = $"{error.ProviderError?.Message} {error.ProviderError?.Param} {error.ProviderError?.Code}";

        // Older llama.cpp servers answer a schema they cannot convert with 500, but the text says exactly what failed.
        var schemaRejected = IsToolSchemaRejection(text);
        if (error.StatusCode is not (HttpStatusCode.BadRequest or HttpStatusCode.UnprocessableEntity)
            && !(schemaRejected && error.StatusCode == HttpStatusCode.InternalServerError))
        {
            return false;
        }

        var next = current.Clone();
        if (schemaRejected && current.ToolSchemaFeatures != ToolSchemaFeatures.None && HasField(requestBody, "tools"))
        {
            // One step to the plainest schemas: adaptation happens once per call, so a construct at a time could
            // leave the next rejection unanswered.
            next.ToolSchemaFeatures = ToolSchemaFeatures.None;
            change = "tool schemas are reduced to plain types (no anyOf/oneOf, $ref, format or pattern; free-form objects get properties; no strict)";
        }
        else if (current.SupportsToolCallsWhenStreaming && Mentions(text, "stream") && Mentions(text, "tools")
            && (Mentions(text, "cannot use tools") || Mentions(text, "not supported")) && HasField(requestBody, "tools") && StreamsRequest(requestBody))
        {
            next.SupportsToolCallsWhenStreaming = false;
            change = "requests that offer tools are sent without streaming and replayed as a stream";
        }
        else if (Mentions(text, "stream_options") && current.SupportsStreamOptions && HasField(requestBody, "stream_options"))
        {
            next.SupportsStreamOptions = false;
            change = "stream_options is no longer sent";
        }
        else if (Mentions(text, "max_completion_tokens") && Mentions(text, "max_tokens") && (HasField(requestBody, "max_tokens") || HasField(requestBody, "max_completion_tokens")))
        {
            // "Use 'max_completion_tokens' instead" (OpenAI reasoning models) or the reverse: switch to the other one.
            var wantsCompletion = text.Contains("use 'max_completion_tokens'", StringComparison.OrdinalIgnoreCase)
                || text.Contains("use \"max_completion_tokens\"", StringComparison.OrdinalIgnoreCase)
                || current.MaxTokensParameter == MaxTokensParameter.MaxTokens;
            next.MaxTokensParameter = wantsCompletion ? MaxTokensParameter.MaxCompletionTokens : MaxTokensParameter.MaxTokens;
            if (next.MaxTokensParameter == current.MaxTokensParameter)
            {
                return false;
            }

            change = $"the token limit is sent as {(wantsCompletion ? "max_completion_tokens" : "max_tokens")}";
        }
        else if (Mentions(text, "max_completion_tokens") && current.MaxTokensParameter == MaxTokensParameter.MaxCompletionTokens && HasField(requestBody, "max_completion_tokens"))
        {
            next.MaxTokensParameter = MaxTokensParameter.MaxTokens;
            change = "the token limit is sent as max_tokens";
        }
        else if ((Mentions(text, "tool call id") || (Mentions(text, "a-z, A-Z, 0-9") && Mentions(text, "length of 9"))) && HasField(requestBody, "tool_call_id"))
        {
            if (current.ToolCallIdFormat == ToolCallIdFormat.NineAlphanumerics)
            {
                return false;
            }

            next.ToolCallIdFormat = ToolCallIdFormat.NineAlphanumerics;
            change = "tool-call ids are rewritten to nine letters or digits";
        }
        else if (FindDroppable(text, current, requestBody) is { } field)
        {
            next.DroppedParameters.Add(field);
            change = $"{field} is no longer sent";
        }
        else
        {
            return false;
        }

        adapted = next;
        return true;
    }

    /// <summary>Whether the error says the server could not turn a tool schema into its grammar (llama.cpp's converter,
    /// vLLM's guided-decoding backends).</summary>
    private static bool IsToolSchemaRejection(string text)
    {
        foreach (var phrase in (ReadOnlySpan<string>)["Unrecognized schema", "JSON schema conversion failed", "failed to parse grammar", "Unrecognized ref", "Error resolving ref", "not supported by xgrammar", "Unsupported JSON schema"])
        {
            if (Mentions(text, phrase))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>A request field the error names that can simply be left out.</summary>
    private static string? FindDroppable(string text, CustomQuirkProfile current, ReadOnlySpan<byte> requestBody)
    {
        foreach (var field in (ReadOnlySpan<string>)["parallel_tool_calls", "logprobs", "top_logprobs", "logit_bias", "strict", "seed", "user", "n", "name", "reasoning_effort", "top_k", "frequency_penalty", "presence_penalty"])
        {
            if (!current.DroppedParameters.Contains(field) && HasField(requestBody, field) && MentionsField(text, field))
            {
                return field;
            }
        }

        return null;
    }

    private static bool StreamsRequest(ReadOnlySpan<byte> body) => body.IndexOf("\"stream\":true"u8) >= 0;

    /// <summary>Whether the request JSON has a property of that name anywhere (top level or in a message).</summary>
    private static bool HasField(ReadOnlySpan<byte> body, string field) =>
        body.IndexOf(System.Text.Encoding.UTF8.GetBytes($"\"{field}\":")) >= 0;

    private static bool IsCommonWord(string field) => field is "n" or "name" or "user" or "seed" or "strict";

    private static bool Mentions(string text, string phrase) => text.Contains(phrase, StringComparison.OrdinalIgnoreCase);

    /// <summary>Whether the text names the field as a word ('n' must not match every "n" in a sentence).</summary>
    private static bool MentionsField(string text, string field)
    {
        var start = 0;
        while ((start = text.IndexOf(field, start, StringComparison.OrdinalIgnoreCase)) >= 0)
        {
            var before = start == 0 ? ' ' : text[start - 1];
            var afterIndex = start + field.Length;
            var after = afterIndex >= text.Length ? ' ' : text[afterIndex];
            if (!char.IsLetterOrDigit(before) && before != '_' && !char.IsLetterOrDigit(after) && after != '_')
            {
                // Distinctive names count as words; common words ('name', 'user', 'seed', 'n') only when quoted or
                // dotted ('name', messages.0.name), so "invalid function name" does not blame the name field.
                if (!IsCommonWord(field) || before is '\'' or '"' or '.' or '`')
                {
                    return true;
                }
            }

            start = afterIndex;
        }

        return false;
    }
}
