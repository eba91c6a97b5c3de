using System.Text.Json;

namespace Connectors.Custom.Testing;

/// <summary>The bodies of chat completions answers: the whole completion, and the chunks of a stream.</summary>
internal static class ChatCompletionJson
{
    private const string Fingerprint = "fp_local_echo";

    public static byte[] Completion(ResponseIdentity identity, ChatReply reply, TokenUsage usage) => WireJson.Write((identity, reply, usage), static (writer, s) =>
    {
        writer.WriteStartObject();
        WriteHeader(writer, s.identity, "chat.completion");
        writer.WriteStartArray("choices");
        writer.WriteStartObject();
        writer.WriteNumber("index", 0);
        writer.WriteStartObject("message");
        writer.WriteString("role", "assistant");
        writer.WriteString("content", s.reply.Text);
        writer.WriteNull("refusal");
        writer.WriteEndObject();
        writer.WriteNull("logprobs");
        writer.WriteString("finish_reason", s.reply.FinishReason);
        writer.WriteEndObject();
        writer.WriteEndArray();
        WireJson.WriteUsage(writer, s.usage);
        writer.WriteEndObject();
    });

    /// <summary>One chunk with one choice; <paramref name="role"/> and <paramref name="content"/> go into the delta
    /// when not null, and <paramref name="finishReason"/> is null until the last chunk.</summary>
    public static byte[] Chunk(ResponseIdentity identity, string? role, string? content, string? finishReason) => WireJson.Write((identity, role, content, finishReason), static (writer, s) =>
    {
        writer.WriteStartObject();
        WriteHeader(writer, s.identity, "chat.completion.chunk");
        writer.WriteStartArray("choices");
        writer.WriteStartObject();
        writer.WriteNumber("index", 0);
        writer.WriteStartObject("delta");
        if (s.role is not null)
        {
            writer.WriteString("role", s.role);
        }

        if (s.content is not null)
        {
            writer.WriteString("content", s.content);
        }

        writer.WriteEndObject();
        writer.WriteNull("logprobs");
        if (s.finishReason is null)
        {
            writer.WriteNull("finish_reason");
        }
        else
        {
            writer.WriteString("finish_reason", s.finishReason);
        }

        writer.WriteEndObject();
        writer.WriteEndArray();
        writer.WriteEndObject();
    });

    /// <summary>The chunk OpenAI sends before <c>[DONE]</c> when <c>stream_options.include_usage</c> is set: no choices, only usage.</summary>
    public static byte[] UsageChunk(ResponseIdentity identity, TokenUsage usage) => WireJson.Write((identity, usage), static (writer, s) =>
    {
        writer.WriteStartObject();
        WriteHeader(writer, s.identity, "chat.completion.chunk");
        writer.WriteStartArray("choices");
        writer.WriteEndArray();
        WireJson.WriteUsage(writer, s.usage);
        writer.WriteEndObject();
    });

    private static void WriteHeader(Utf8JsonWriter writer, ResponseIdentity identity, string type)
    {
        writer.WriteString("id", identity.Id);
        writer.WriteString("object", type);
        writer.WriteNumber("created", identity.Created);
        writer.WriteString("model", identity.Model);
        writer.WriteString("system_fingerprint", Fingerprint);
    }
}
