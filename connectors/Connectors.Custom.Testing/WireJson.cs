using System;
using System.Buffers;
using System.Text.Json;

namespace Connectors.Custom.Testing;

/// <summary>Writes response bodies with <see cref="Utf8JsonWriter"/> (no reflection), in the shapes OpenAI uses.</summary>
internal static class WireJson
{
    public static byte[] Write<TState>(TState state, Action<Utf8JsonWriter, TState> write)
    {
        var buffer = new ArrayBufferWriter<byte>(1024);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            write(writer, state);
        }

        return buffer.WrittenSpan.ToArray();
    }

    public static void WriteUsage(Utf8JsonWriter writer, TokenUsage usage, bool embeddings = false)
    {
        writer.WriteStartObject("usage");
        writer.WriteNumber("prompt_tokens", usage.PromptTokens);
        if (!embeddings)
        {
            writer.WriteNumber("completion_tokens", usage.CompletionTokens);
        }

        writer.WriteNumber("total_tokens", usage.TotalTokens);
        writer.WriteEndObject();
    }
}
