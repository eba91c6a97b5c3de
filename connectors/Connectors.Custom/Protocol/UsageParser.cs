using System.Text.Json;

namespace Connectors.Custom;

/// <summary>Reads a <c>usage</c> object. Every field is optional; unknown integer fields are kept by name.</summary>
internal static class UsageParser
{
    /// <summary>Reads the usage object the reader is positioned on; returns null for JSON null or a non-object.</summary>
    public static UsagePayload? Read(ref Utf8JsonReader reader)
    {
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            reader.Skip();
            return null;
        }

        var usage = new UsagePayload();
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            // The Responses API names the same counts input_tokens and output_tokens, with details to match.
            if (reader.ValueTextEquals("prompt_tokens"u8) || reader.ValueTextEquals("input_tokens"u8))
            {
                reader.Read();
                usage.PromptTokens = JsonReading.ReadInt64(ref reader);
            }
            else if (reader.ValueTextEquals("completion_tokens"u8) || reader.ValueTextEquals("output_tokens"u8))
            {
                reader.Read();
                usage.CompletionTokens = JsonReading.ReadInt64(ref reader);
            }
            else if (reader.ValueTextEquals("total_tokens"u8))
            {
                reader.Read();
                usage.TotalTokens = JsonReading.ReadInt64(ref reader);
            }
            else if (reader.ValueTextEquals("prompt_tokens_details"u8) || reader.ValueTextEquals("input_tokens_details"u8))
            {
                reader.Read();
                usage.CachedTokens = ReadNested(ref reader, "cached_tokens"u8) ?? usage.CachedTokens;
            }
            else if (reader.ValueTextEquals("completion_tokens_details"u8) || reader.ValueTextEquals("output_tokens_details"u8))
            {
                reader.Read();
                usage.ReasoningTokens = ReadNested(ref reader, "reasoning_tokens"u8);
            }
            else if (reader.ValueTextEquals("prompt_cache_hit_tokens"u8))
            {
                // DeepSeek reports cache hits at the top level as well; the details object wins when both exist.
                reader.Read();
                usage.CachedTokens ??= JsonReading.ReadInt64(ref reader);
            }
            else
            {
                var name = reader.GetString()!;
                reader.Read();
                if (reader.TokenType == JsonTokenType.Number && reader.TryGetInt64(out var count))
                {
                    (usage.Additional ??= []).TryAdd(name, count);
                }
                else
                {
                    // Floats (Groq's queue_time), nested objects and strings are not token counts.
                    reader.Skip();
                }
            }
        }

        return usage;
    }

    private static long? ReadNested(ref Utf8JsonReader reader, System.ReadOnlySpan<byte> field)
    {
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            reader.Skip();
            return null;
        }

        long? value = null;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var match = reader.ValueTextEquals(field);
            reader.Read();
            if (match)
            {
                value = JsonReading.ReadInt64(ref reader);
            }
            else
            {
                reader.Skip();
            }
        }

        return value;
    }
}
