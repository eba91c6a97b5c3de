using System.Text.Json;
using Microsoft.Extensions.AI;

namespace Connectors.Custom;

/// <summary>Reads and maps <c>finish_reason</c> values, including the non-OpenAI ones providers send.</summary>
internal static class FinishReasons
{
    public const string Stop = "stop";
    public const string Length = "length";
    public const string ToolCalls = "tool_calls";
    public const string ContentFilter = "content_filter";
    public const string Error = "error";

    /// <summary>Reads a finish reason, reusing constant strings for the common values.</summary>
    public static string? Read(ref Utf8JsonReader reader)
    {
        if (reader.TokenType != JsonTokenType.String)
        {
            return JsonReading.ReadString(ref reader);
        }

        return reader.ValueTextEquals("stop"u8) ? Stop
            : reader.ValueTextEquals("length"u8) ? Length
            : reader.ValueTextEquals("tool_calls"u8) ? ToolCalls
            : reader.ValueTextEquals("content_filter"u8) ? ContentFilter
            : reader.ValueTextEquals("error"u8) ? Error
            : reader.GetString();
    }

    /// <summary>
    /// Maps a wire value to M.E.AI's type. <c>eos</c> (Together) is a stop, <c>model_length</c> (Mistral) a length,
    /// <c>function_call</c> (legacy, LocalAI) a tool call; unknown values are kept as they are rather than rejected.
    /// </summary>
    public static ChatFinishReason? ToChatFinishReason(string? value) => value switch
    {
        null or "" => null,
        Stop or "eos" or "end_turn" => ChatFinishReason.Stop,
        Length or "model_length" or "max_tokens" => ChatFinishReason.Length,
        ToolCalls or "function_call" or "tool_use" => ChatFinishReason.ToolCalls,
        ContentFilter => ChatFinishReason.ContentFilter,
        _ => new ChatFinishReason(value),
    };
}
