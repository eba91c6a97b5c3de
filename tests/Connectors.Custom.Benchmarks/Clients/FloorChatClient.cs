using System.Buffers;
using System.Net.Http.Headers;
using System.Net.ServerSentEvents;
using System.Text.Json;
using Connectors.Custom.Benchmarks.Data;
using Connectors.Custom.Benchmarks.Harness;

namespace Connectors.Custom.Benchmarks.Clients;

/// <summary>
/// The floor for chat: the least work a .NET client can do. It writes the request with <see cref="Utf8JsonWriter"/>,
/// sends it with <see cref="HttpClient"/>, and reads the answer with <see cref="Utf8JsonReader"/>: a non-streaming
/// body from a pooled buffer, a stream through <see cref="SseParser"/> with an item parser that pulls out only the
/// content string or the tool-call fragment of each chunk (a struct, so nothing but that string is allocated per
/// event). No abstractions, retries, telemetry, usage or validation beyond what it needs to find those values.
/// </summary>
internal sealed class FloorChatClient(HttpClient httpClient, Uri chatAddress)
{
    private static readonly MediaTypeHeaderValue Json = new("application/json");

    private static readonly byte[] s_tools = CreateTools();

    /// <summary>One non-streaming call: hands the answer's content to <paramref name="sink"/>.</summary>
    public async Task CompleteAsync(string model, ChatSink sink, CancellationToken cancellationToken)
    {
        using var request = CreateRequest(model, stream: false, tools: false);
        using var response = await httpClient.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        response.EnsureSuccessStatusCode();

        // Read inline, not through a shared async helper: a second async method would add its own boxed state machine
        // and task to every call and lift the floor the other clients are measured against.
        var buffer = ArrayPool<byte>.Shared.Rent((int)(response.Content.Headers.ContentLength ?? 16 * 1024));
        try
        {
            var length = 0;
            await using (var stream = await response.Content.ReadAsStreamAsync(cancellationToken))
            {
                int read;
                while ((read = await stream.ReadAsync(buffer.AsMemory(length), cancellationToken)) > 0)
                {
                    length += read;
                    if (length == buffer.Length)
                    {
                        var larger = ArrayPool<byte>.Shared.Rent(buffer.Length * 2);
                        buffer.AsSpan(0, length).CopyTo(larger);
                        ArrayPool<byte>.Shared.Return(buffer);
                        buffer = larger;
                    }
                }
            }

            sink.Text(ReadMessageContent(buffer.AsSpan(0, length)));
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>One streaming call: hands each content delta or tool-call fragment to <paramref name="sink"/>.</summary>
    public async Task StreamAsync(string model, bool tools, ChatSink sink, CancellationToken cancellationToken)
    {
        using var request = CreateRequest(model, stream: true, tools);
        using var response = await httpClient.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        response.EnsureSuccessStatusCode();
        await using var stream = await response.Content.ReadAsStreamAsync(cancellationToken);
        await foreach (var item in SseParser.Create(stream, ParseChunk).EnumerateAsync(cancellationToken))
        {
            var delta = item.Data;
            if (delta.Done)
            {
                break;
            }

            if (delta.Content is not null)
            {
                sink.Text(delta.Content);
            }

            if (delta.HasToolCall)
            {
                sink.ToolCall(delta.ToolCallId, delta.ToolName, delta.Arguments);
            }
        }
    }

    private HttpRequestMessage CreateRequest(string model, bool stream, bool tools)
    {
        var buffer = new ArrayBufferWriter<byte>(512);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("model"u8, model);
            writer.WriteStartArray("messages"u8);
            writer.WriteStartObject();
            writer.WriteString("role"u8, "system"u8);
            writer.WriteString("content"u8, ChatScript.SystemPrompt);
            writer.WriteEndObject();
            writer.WriteStartObject();
            writer.WriteString("role"u8, "user"u8);
            writer.WriteString("content"u8, tools ? ChatScript.ToolUserPrompt : ChatScript.UserPrompt);
            writer.WriteEndObject();
            writer.WriteEndArray();
            if (tools)
            {
                writer.WritePropertyName("tools"u8);
                writer.WriteRawValue(s_tools, skipInputValidation: true);
            }

            if (stream)
            {
                writer.WriteBoolean("stream"u8, true);
                writer.WriteStartObject("stream_options"u8);
                writer.WriteBoolean("include_usage"u8, true);
                writer.WriteEndObject();
            }

            writer.WriteEndObject();
        }

        var content = new ReadOnlyMemoryContent(buffer.WrittenMemory);
        content.Headers.ContentType = Json;
        return new HttpRequestMessage(HttpMethod.Post, chatAddress) { Content = content };
    }

    private static byte[] CreateTools()
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartArray();
            writer.WriteStartObject();
            writer.WriteString("type"u8, "function"u8);
            writer.WriteStartObject("function"u8);
            writer.WriteString("name"u8, ChatScript.ToolName);
            writer.WriteString("description"u8, ChatScript.ToolDescription);
            writer.WritePropertyName("parameters"u8);
            writer.WriteRawValue(ChatScript.ToolParametersSchema);
            writer.WriteEndObject();
            writer.WriteEndObject();
            writer.WriteEndArray();
        }

        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>Finds <c>choices[0].message.content</c>.</summary>
    private static string? ReadMessageContent(ReadOnlySpan<byte> body)
    {
        var reader = new Utf8JsonReader(body);
        reader.Read();
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var isChoices = reader.ValueTextEquals("choices"u8);
            reader.Read();
            if (!isChoices || reader.TokenType != JsonTokenType.StartArray || !reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                reader.Skip();
                continue;
            }

            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var isMessage = reader.ValueTextEquals("message"u8);
                reader.Read();
                if (isMessage && reader.TokenType == JsonTokenType.StartObject)
                {
                    while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
                    {
                        var isContent = reader.ValueTextEquals("content"u8);
                        reader.Read();
                        if (isContent)
                        {
                            return reader.GetString();
                        }

                        reader.Skip();
                    }
                }
                else
                {
                    reader.Skip();
                }
            }
        }

        return null;
    }

    /// <summary>The <see cref="SseItemParser{T}"/>: <c>choices[0].delta</c>'s content, or its first tool call's id, name
    /// and argument fragment; <c>[DONE]</c> ends the stream.</summary>
    private static FloorDelta ParseChunk(string eventType, ReadOnlySpan<byte> data)
    {
        if (data.SequenceEqual("[DONE]"u8))
        {
            return new FloorDelta { Done = true };
        }

        var delta = default(FloorDelta);
        var reader = new Utf8JsonReader(data);
        reader.Read();
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var isChoices = reader.ValueTextEquals("choices"u8);
            reader.Read();
            if (!isChoices || reader.TokenType != JsonTokenType.StartArray || !reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                reader.Skip();
                continue;
            }

            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var isDelta = reader.ValueTextEquals("delta"u8);
                reader.Read();
                if (isDelta && reader.TokenType == JsonTokenType.StartObject)
                {
                    ReadDelta(ref reader, ref delta);
                }
                else
                {
                    reader.Skip();
                }
            }

            // Leave the rest of the choices array and the chunk unread: nothing else in it is needed.
            return delta;
        }

        return delta;
    }

    private static void ReadDelta(ref Utf8JsonReader reader, ref FloorDelta delta)
    {
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("content"u8))
            {
                reader.Read();
                delta.Content = reader.TokenType == JsonTokenType.String && !reader.ValueSpan.IsEmpty ? reader.GetString() : null;
            }
            else if (reader.ValueTextEquals("tool_calls"u8))
            {
                reader.Read();
                if (reader.TokenType == JsonTokenType.StartArray && reader.Read() && reader.TokenType == JsonTokenType.StartObject)
                {
                    ReadToolCall(ref reader, ref delta);
                    while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
                    {
                        reader.Skip();
                    }
                }
                else
                {
                    reader.Skip();
                }
            }
            else
            {
                reader.Read();
                reader.Skip();
            }
        }
    }

    private static void ReadToolCall(ref Utf8JsonReader reader, ref FloorDelta delta)
    {
        delta.HasToolCall = true;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("id"u8))
            {
                reader.Read();
                delta.ToolCallId = reader.GetString();
            }
            else if (reader.ValueTextEquals("function"u8))
            {
                reader.Read();
                while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
                {
                    var isName = reader.ValueTextEquals("name"u8);
                    var isArguments = !isName && reader.ValueTextEquals("arguments"u8);
                    reader.Read();
                    if (isName)
                    {
                        delta.ToolName = reader.GetString();
                    }
                    else if (isArguments)
                    {
                        delta.Arguments = reader.ValueSpan.IsEmpty ? null : reader.GetString();
                    }
                    else
                    {
                        reader.Skip();
                    }
                }
            }
            else
            {
                reader.Read();
                reader.Skip();
            }
        }
    }

    /// <summary>What the floor takes from one chunk.</summary>
    private struct FloorDelta
    {
        public bool Done;
        public string? Content;
        public bool HasToolCall;
        public string? ToolCallId;
        public string? ToolName;
        public string? Arguments;
    }
}
