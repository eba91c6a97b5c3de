using System.Buffers;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using Connectors.Custom.Benchmarks.Data;

namespace Connectors.Custom.Benchmarks.Server;

/// <summary>
/// The chat answers, built once before the server listens and then served as bytes: a non-streaming completion, a
/// 200-delta stream (as one body, and as events to flush one by one) and a streamed tool call, all in the shape
/// OpenAI sends today (<c>id</c>, <c>object</c>, <c>created</c>, <c>model</c>, <c>system_fingerprint</c>,
/// <c>choices[0].delta</c>, <c>finish_reason: null</c> and <c>usage: null</c> until the end, a usage-only chunk with
/// <c>choices: []</c>, then <c>data: [DONE]</c>).
/// </summary>
internal sealed class ChatResponses
{
    /// <summary>The model each scenario is asked for by: the server picks the answer by the request's <c>model</c>.</summary>
    public const string ChatModel = "bench-chat";

    public const string StreamModel = "bench-stream";

    public const string FlushedStreamModel = "bench-stream-flushed";

    public const string ToolStreamModel = "bench-tool-stream";

    private const string CompletionId = "chatcmpl-BkR2ZtwqYbYPcEGqjrVaQXTHq3nLw";
    private const long Created = 1_764_075_600;
    private const string Fingerprint = "fp_34a54ae93c";
    private const int PromptTokens = 58;

    private static readonly JsonWriterOptions s_writerOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public ChatResponses()
    {
        Completion = BuildCompletion();
        StreamEvents = BuildTextStream(StreamModel);
        StreamBody = Join(StreamEvents);
        FlushedStreamEvents = BuildTextStream(FlushedStreamModel);
        ToolStreamBody = Join(BuildToolStream());
    }

    /// <summary>Gets the non-streaming body (about 1.3 KB, with usage).</summary>
    public byte[] Completion { get; }

    /// <summary>Gets the text stream's events, each <c>data: {...}\n\n</c>, <c>[DONE]</c> last.</summary>
    public IReadOnlyList<byte[]> StreamEvents { get; }

    /// <summary>Gets the text stream as one body, written in one go.</summary>
    public byte[] StreamBody { get; }

    /// <summary>Gets the same stream (under its own model id) as events the server flushes one at a time.</summary>
    public IReadOnlyList<byte[]> FlushedStreamEvents { get; }

    /// <summary>Gets the tool-call stream as one body.</summary>
    public byte[] ToolStreamBody { get; }

    private static byte[] BuildCompletion()
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer, s_writerOptions))
        {
            writer.WriteStartObject();
            writer.WriteString("id"u8, CompletionId);
            writer.WriteString("object"u8, "chat.completion"u8);
            writer.WriteNumber("created"u8, Created);
            writer.WriteString("model"u8, ChatModel);
            writer.WriteStartArray("choices"u8);
            writer.WriteStartObject();
            writer.WriteNumber("index"u8, 0);
            writer.WriteStartObject("message"u8);
            writer.WriteString("role"u8, "assistant"u8);
            writer.WriteString("content"u8, ChatScript.Answer);
            writer.WriteNull("refusal"u8);
            writer.WriteStartArray("annotations"u8);
            writer.WriteEndArray();
            writer.WriteEndObject();
            writer.WriteNull("logprobs"u8);
            writer.WriteString("finish_reason"u8, "stop"u8);
            writer.WriteEndObject();
            writer.WriteEndArray();
            WriteUsage(writer, CompletionTokens(ChatScript.Answer));
            writer.WriteString("service_tier"u8, "default"u8);
            writer.WriteString("system_fingerprint"u8, Fingerprint);
            writer.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }

    private static List<byte[]> BuildTextStream(string model)
    {
        var events = new List<byte[]>(ChatScript.StreamDeltas + 4)
        {
            // OpenAI's first chunk names the role and carries empty content.
            Chunk(model, delta => { delta.WriteString("role"u8, "assistant"u8); delta.WriteString("content"u8, string.Empty); delta.WriteNull("refusal"u8); }),
        };
        foreach (var text in ChatScript.Deltas)
        {
            events.Add(Chunk(model, delta => delta.WriteString("content"u8, text)));
        }

        events.Add(Chunk(model, _ => { }, finishReason: "stop"));
        events.Add(UsageChunk(model, ChatScript.StreamDeltas));
        events.Add("data: [DONE]\n\n"u8.ToArray());
        return events;
    }

    private static List<byte[]> BuildToolStream()
    {
        var model = ToolStreamModel;
        var events = new List<byte[]>(ChatScript.ToolArgumentFragments + 4)
        {
            Chunk(model, delta =>
            {
                delta.WriteString("role"u8, "assistant"u8);
                delta.WriteNull("content"u8);
                delta.WriteStartArray("tool_calls"u8);
                delta.WriteStartObject();
                delta.WriteNumber("index"u8, 0);
                delta.WriteString("id"u8, ChatScript.ToolCallId);
                delta.WriteString("type"u8, "function"u8);
                delta.WriteStartObject("function"u8);
                delta.WriteString("name"u8, ChatScript.ToolName);
                delta.WriteString("arguments"u8, string.Empty);
                delta.WriteEndObject();
                delta.WriteEndObject();
                delta.WriteEndArray();
                delta.WriteNull("refusal"u8);
            }),
        };
        foreach (var fragment in ChatScript.ToolArgumentPieces)
        {
            events.Add(Chunk(model, delta =>
            {
                delta.WriteStartArray("tool_calls"u8);
                delta.WriteStartObject();
                delta.WriteNumber("index"u8, 0);
                delta.WriteStartObject("function"u8);
                delta.WriteString("arguments"u8, fragment);
                delta.WriteEndObject();
                delta.WriteEndObject();
                delta.WriteEndArray();
            }));
        }

        events.Add(Chunk(model, _ => { }, finishReason: "tool_calls"));
        events.Add(UsageChunk(model, ChatScript.ToolArgumentFragments + 3));
        events.Add("data: [DONE]\n\n"u8.ToArray());
        return events;
    }

    /// <summary>One <c>chat.completion.chunk</c> event with one choice.</summary>
    private static byte[] Chunk(string model, Action<Utf8JsonWriter> writeDelta, string? finishReason = null) => Event(model, writer =>
    {
        writer.WriteStartArray("choices"u8);
        writer.WriteStartObject();
        writer.WriteNumber("index"u8, 0);
        writer.WriteStartObject("delta"u8);
        writeDelta(writer);
        writer.WriteEndObject();
        writer.WriteNull("logprobs"u8);
        if (finishReason is null)
        {
            writer.WriteNull("finish_reason"u8);
        }
        else
        {
            writer.WriteString("finish_reason"u8, finishReason);
        }

        writer.WriteEndObject();
        writer.WriteEndArray();
        writer.WriteNull("usage"u8);
    });

    /// <summary>The usage-only chunk OpenAI sends last when <c>stream_options.include_usage</c> is set.</summary>
    private static byte[] UsageChunk(string model, int completionTokens) => Event(model, writer =>
    {
        writer.WriteStartArray("choices"u8);
        writer.WriteEndArray();
        WriteUsage(writer, completionTokens);
    });

    private static byte[] Event(string model, Action<Utf8JsonWriter> writeBody)
    {
        var buffer = new ArrayBufferWriter<byte>();
        buffer.Write("data: "u8);
        using (var writer = new Utf8JsonWriter(buffer, s_writerOptions))
        {
            writer.WriteStartObject();
            writer.WriteString("id"u8, CompletionId);
            writer.WriteString("object"u8, "chat.completion.chunk"u8);
            writer.WriteNumber("created"u8, Created);
            writer.WriteString("model"u8, model);
            writer.WriteString("service_tier"u8, "default"u8);
            writer.WriteString("system_fingerprint"u8, Fingerprint);
            writeBody(writer);
            writer.WriteEndObject();
        }

        buffer.Write("\n\n"u8);
        return buffer.WrittenSpan.ToArray();
    }

    private static void WriteUsage(Utf8JsonWriter writer, int completionTokens)
    {
        writer.WriteStartObject("usage"u8);
        writer.WriteNumber("prompt_tokens"u8, PromptTokens);
        writer.WriteNumber("completion_tokens"u8, completionTokens);
        writer.WriteNumber("total_tokens"u8, PromptTokens + completionTokens);
        writer.WriteStartObject("prompt_tokens_details"u8);
        writer.WriteNumber("cached_tokens"u8, 0);
        writer.WriteNumber("audio_tokens"u8, 0);
        writer.WriteEndObject();
        writer.WriteStartObject("completion_tokens_details"u8);
        writer.WriteNumber("reasoning_tokens"u8, 0);
        writer.WriteNumber("audio_tokens"u8, 0);
        writer.WriteNumber("accepted_prediction_tokens"u8, 0);
        writer.WriteNumber("rejected_prediction_tokens"u8, 0);
        writer.WriteEndObject();
        writer.WriteEndObject();
    }

    /// <summary>About four characters per token, as OpenAI's tokenizers average on English.</summary>
    private static int CompletionTokens(string text) => Math.Max(1, Encoding.UTF8.GetByteCount(text) / 4);

    private static byte[] Join(IReadOnlyList<byte[]> events)
    {
        var body = new byte[events.Sum(e => e.Length)];
        var offset = 0;
        foreach (var e in events)
        {
            e.CopyTo(body, offset);
            offset += e.Length;
        }

        return body;
    }
}
