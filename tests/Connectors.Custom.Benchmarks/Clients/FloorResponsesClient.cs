using System.Buffers;
using System.Net.Http.Headers;
using System.Net.ServerSentEvents;
using System.Text.Json;
using Connectors.Custom.Benchmarks.Data;
using Connectors.Custom.Benchmarks.Harness;

namespace Connectors.Custom.Benchmarks.Clients;

/// <summary>
/// The floor for the Responses API: the least work a .NET client can do over the same events. It writes the request
/// with <see cref="Utf8JsonWriter"/> (full input, <c>store: false</c>), sends it with <see cref="HttpClient"/>, and
/// reads the stream through <see cref="SseParser"/>, using each event's <c>event:</c> name to skip every event it does
/// not need without parsing it; from the rest a <see cref="Utf8JsonReader"/> pulls out only the text delta, the call's
/// id and name, or the argument fragment. No abstractions, retries, telemetry, usage or validation.
/// </summary>
internal sealed class FloorResponsesClient(HttpClient httpClient, Uri responsesAddress)
{
    private static readonly MediaTypeHeaderValue Json = new("application/json");

    private static readonly byte[] s_tools = CreateTools();

    /// <summary>One streaming call: hands each text delta or tool-call fragment to <paramref name="sink"/>.</summary>
    public async Task StreamAsync(string model, bool tools, ChatSink sink, CancellationToken cancellationToken)
    {
        using var request = CreateRequest(model, tools);
        using var response = await httpClient.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        response.EnsureSuccessStatusCode();
        await using var stream = await response.Content.ReadAsStreamAsync(cancellationToken);
        await foreach (var item in SseParser.Create(stream, ParseEvent).EnumerateAsync(cancellationToken))
        {
            var delta = item.Data;
            switch (delta.Kind)
            {
                case EventKind.Text:
                    sink.Text(delta.Text);
                    break;
                case EventKind.ToolCall:
                    sink.ToolCall(delta.CallId, delta.Name, delta.Text);
                    break;
                case EventKind.End:
                    return;
                case EventKind.Failed:
                    throw new InvalidOperationException("The response failed.");
            }
        }
    }

    private HttpRequestMessage CreateRequest(string model, bool tools)
    {
        var buffer = new ArrayBufferWriter<byte>(512);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("model"u8, model);
            writer.WriteString("instructions"u8, ChatScript.SystemPrompt);
            writer.WriteStartArray("input"u8);
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

            writer.WriteBoolean("stream"u8, true);
            writer.WriteBoolean("store"u8, false);
            writer.WriteEndObject();
        }

        var content = new ByteArrayContent(buffer.WrittenSpan.ToArray());
        content.Headers.ContentType = Json;
        return new HttpRequestMessage(HttpMethod.Post, responsesAddress) { Content = content };
    }

    /// <summary>Reads an event by its name: only the three that carry what the caller wants are parsed.</summary>
    private static FloorEvent ParseEvent(string eventType, ReadOnlySpan<byte> data) => eventType switch
    {
        "response.output_text.delta" => new FloorEvent(EventKind.Text, ReadTopLevelString(data, "delta"u8), null, null),
        "response.function_call_arguments.delta" => new FloorEvent(EventKind.ToolCall, ReadTopLevelString(data, "delta"u8), null, null),
        "response.output_item.added" => ReadAddedCall(data),
        "response.completed" or "response.incomplete" => new FloorEvent(EventKind.End, null, null, null),
        "response.failed" or "error" => new FloorEvent(EventKind.Failed, null, null, null),
        _ => default,
    };

    private static string? ReadTopLevelString(ReadOnlySpan<byte> data, ReadOnlySpan<byte> name)
    {
        var reader = new Utf8JsonReader(data);
        while (reader.Read())
        {
            if (reader.TokenType == JsonTokenType.PropertyName && reader.CurrentDepth == 1 && reader.ValueTextEquals(name))
            {
                reader.Read();
                return reader.GetString();
            }
        }

        return null;
    }

    /// <summary>The <c>call_id</c> and <c>name</c> of an added <c>function_call</c> item (other items give nothing).</summary>
    private static FloorEvent ReadAddedCall(ReadOnlySpan<byte> data)
    {
        var reader = new Utf8JsonReader(data);
        string? callId = null;
        string? name = null;
        while (reader.Read())
        {
            if (reader.TokenType != JsonTokenType.PropertyName || reader.CurrentDepth != 2)
            {
                continue;
            }

            if (reader.ValueTextEquals("call_id"u8))
            {
                reader.Read();
                callId = reader.GetString();
            }
            else if (reader.ValueTextEquals("name"u8))
            {
                reader.Read();
                name = reader.GetString();
            }
            else
            {
                reader.Skip();
            }
        }

        return callId is null ? default : new FloorEvent(EventKind.ToolCall, null, callId, name);
    }

    private static byte[] CreateTools()
    {
        var buffer = new ArrayBufferWriter<byte>(512);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartArray();
            writer.WriteStartObject();
            writer.WriteString("type"u8, "function"u8);
            writer.WriteString("name"u8, ChatScript.ToolName);
            writer.WriteString("description"u8, ChatScript.ToolDescription);
            writer.WritePropertyName("parameters"u8);
            writer.WriteRawValue(ChatScript.ToolParametersSchema);
            writer.WriteEndObject();
            writer.WriteEndArray();
        }

        return buffer.WrittenSpan.ToArray();
    }

    private enum EventKind
    {
        Skipped = 0,
        Text,
        ToolCall,
        End,
        Failed,
    }

    /// <summary>What one event gave: a struct, so nothing but its strings is allocated per event.</summary>
    private readonly record struct FloorEvent(EventKind Kind, string? Text, string? CallId, string? Name);
}
