using System;
using System.Text.Json;

namespace Connectors.Custom;

/// <summary>
/// Parses a Responses API <c>response</c> object and its stream events in one forward pass with
/// <see cref="Utf8JsonReader"/>, tolerating what servers differ on: field order (<c>type</c> may come last), missing
/// or null fields, <c>arguments</c> as a string or an object, and item and event types the connector does not know
/// (skipped).
/// </summary>
internal static class ResponsesParser
{
    private static readonly JsonRootReader<ResponsesPayload> s_readResponse = static (ref Utf8JsonReader reader, ReadOnlySpan<byte> json, ResponsesPayload payload) => ReadResponse(ref reader, json, payload, readOutput: true, untilIdentified: false);
    private static readonly JsonRootReader<ResponsesEvent> s_readEvent = ReadEvent;

    /// <summary>Parses a whole (non-streamed) response body.</summary>
    /// <exception cref="CustomProtocolException">The text is not a JSON object or is malformed.</exception>
    public static ResponsesPayload ParseResponse(ReadOnlySpan<byte> json)
    {
        var payload = new ResponsesPayload();
        JsonObjectParser.Parse(json, payload, s_readResponse);
        return payload;
    }

    /// <summary>Parses one stream event's data into <paramref name="streamEvent"/> (which is reset first).</summary>
    /// <exception cref="CustomProtocolException">The text is not a JSON object or is malformed.</exception>
    public static void ParseEvent(ReadOnlySpan<byte> json, ResponsesEvent streamEvent)
    {
        streamEvent.Reset();
        JsonObjectParser.Parse(json, streamEvent, s_readEvent);
    }

    /// <summary>Whether an event, by its SSE <c>event:</c> name, is one the client never reads (its kind would be
    /// <see cref="ResponsesEventKind.Other"/>): passing over it unparsed saves tokenizing the whole response that
    /// <c>response.in_progress</c> repeats and the text that the <c>.done</c> events repeat. An event without a name is
    /// parsed and judged by its <c>type</c>.</summary>
    public static bool IsUnread(ReadOnlySpan<byte> eventName) =>
        eventName.SequenceEqual("response.in_progress"u8)
        || eventName.SequenceEqual("response.output_text.done"u8)
        || eventName.StartsWith("response.content_part."u8)
        || (eventName.StartsWith("response.reasoning_"u8) && (eventName.EndsWith(".done"u8) || eventName.EndsWith(".added"u8)));

    private static void ReadEvent(ref Utf8JsonReader reader, ReadOnlySpan<byte> json, ResponsesEvent streamEvent)
    {
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (JsonReading.AtMember(ref reader, "type"u8))
            {
                streamEvent.Kind = reader.TokenType == JsonTokenType.String ? KindOf(ref reader) : ResponsesEventKind.Other;
            }
            else if (reader.ValueTextEquals("sequence_number"u8))
            {
                // On every event and never read: passed over before the names that are.
                reader.Read();
            }
            else if (JsonReading.AtMember(ref reader, "delta"u8))
            {
                streamEvent.Delta = JsonReading.ReadString(ref reader);
            }
            else if (JsonReading.AtMember(ref reader, "output_index"u8))
            {
                streamEvent.OutputIndex = JsonReading.ReadInt64(ref reader) is { } index and >= 0 and <= int.MaxValue ? (int)index : null;
            }
            else if (JsonReading.AtMember(ref reader, "item_id"u8))
            {
                // Only reasoning keeps its item's id (for replay); a text or argument delta, the bulk of a stream, would
                // allocate one string per delta for nothing. "type" comes first on every server seen; when it does not,
                // the id is read anyway.
                if (streamEvent.Kind is ResponsesEventKind.TextDelta or ResponsesEventKind.ArgumentsDelta)
                {
                    reader.Skip();
                }
                else
                {
                    streamEvent.ItemId = JsonReading.ReadString(ref reader);
                }
            }
            else if (JsonReading.AtMember(ref reader, "arguments"u8))
            {
                streamEvent.Arguments = JsonReading.ReadStringOrRawJson(ref reader, json);
            }
            else if (JsonReading.AtMember(ref reader, "item"u8))
            {
                // A call's item repeats its whole arguments when it is done; once they have streamed they are not read.
                var argumentsStreamed = streamEvent.Kind == ResponsesEventKind.OutputItemDone && streamEvent.OutputIndex is { } index && streamEvent.ArgumentsStreamed(index);
                streamEvent.Item = ReadItem(ref reader, json, readArguments: !argumentsStreamed);
            }
            else if (JsonReading.AtMember(ref reader, "response"u8))
            {
                var start = (int)reader.TokenStartIndex;
                if (reader.TokenType == JsonTokenType.StartObject)
                {
                    // A stream's answer arrives as its own events: the output a response event repeats (the whole text
                    // and every call's arguments, again, in response.completed) is passed over without being read.
                    // response.created is read only as far as the response's id, model and creation time: the rest
                    // echoes the request (instructions, tools) and is passed over unread.
                    var response = new ResponsesPayload();
                    var untilIdentified = streamEvent.Kind == ResponsesEventKind.Created;
                    ReadResponse(ref reader, json, response, readOutput: false, untilIdentified);
                    streamEvent.Response = response;
                    if (untilIdentified && response.IsIdentified)
                    {
                        return;
                    }
                }
                else
                {
                    reader.Skip();
                }

                streamEvent.ResponseRange = (start, (int)reader.BytesConsumed - start);
            }
            else
            {
                JsonReading.SkipMember(ref reader);
            }
        }
    }

    private static ResponsesEventKind KindOf(ref Utf8JsonReader reader) =>
        reader.ValueTextEquals("response.output_text.delta"u8) ? ResponsesEventKind.TextDelta
        : reader.ValueTextEquals("response.function_call_arguments.delta"u8) ? ResponsesEventKind.ArgumentsDelta
        : reader.ValueTextEquals("response.reasoning_summary_text.delta"u8) || reader.ValueTextEquals("response.reasoning_text.delta"u8) ? ResponsesEventKind.ReasoningDelta
        : reader.ValueTextEquals("response.function_call_arguments.done"u8) ? ResponsesEventKind.ArgumentsDone
        : reader.ValueTextEquals("response.output_item.added"u8) ? ResponsesEventKind.OutputItemAdded
        : reader.ValueTextEquals("response.output_item.done"u8) ? ResponsesEventKind.OutputItemDone
        : reader.ValueTextEquals("response.refusal.delta"u8) ? ResponsesEventKind.RefusalDelta
        : reader.ValueTextEquals("response.created"u8) ? ResponsesEventKind.Created
        : reader.ValueTextEquals("response.completed"u8) ? ResponsesEventKind.Completed
        : reader.ValueTextEquals("response.incomplete"u8) ? ResponsesEventKind.Incomplete
        : reader.ValueTextEquals("response.failed"u8) ? ResponsesEventKind.Failed
        : reader.ValueTextEquals("error"u8) ? ResponsesEventKind.Error
        : ResponsesEventKind.Other;

    /// <summary>Reads the members of a response object (the reader is on its start), its output items only when
    /// <paramref name="readOutput"/> is set: a stream event's response passes over them. With
    /// <paramref name="untilIdentified"/> it stops, inside the object, as soon as the id, model and creation time are read.</summary>
    private static void ReadResponse(ref Utf8JsonReader reader, ReadOnlySpan<byte> json, ResponsesPayload payload, bool readOutput, bool untilIdentified)
    {
        while (!(untilIdentified && payload.IsIdentified) && reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (readOutput && JsonReading.AtMember(ref reader, "output"u8))
            {
                ReadOutput(ref reader, json, payload);
            }
            else if (JsonReading.AtMember(ref reader, "id"u8))
            {
                payload.Id = JsonReading.ReadString(ref reader);
            }
            else if (JsonReading.AtMember(ref reader, "model"u8))
            {
                payload.Model = JsonReading.ReadString(ref reader);
            }
            else if (JsonReading.AtMember(ref reader, "created_at"u8))
            {
                payload.CreatedAt = JsonReading.ReadInt64(ref reader);
            }
            else if (JsonReading.AtMember(ref reader, "status"u8))
            {
                payload.Status = JsonReading.ReadString(ref reader);
            }
            else if (JsonReading.AtMember(ref reader, "usage"u8))
            {
                payload.Usage = UsageParser.Read(ref reader);
            }
            else if (JsonReading.AtMember(ref reader, "incomplete_details"u8))
            {
                payload.IncompleteReason = JsonReading.ReadStringMember(ref reader, "reason"u8) ?? payload.IncompleteReason;
            }
            else if (JsonReading.AtMember(ref reader, "error"u8))
            {
                payload.HasError = reader.TokenType != JsonTokenType.Null;
                reader.Skip();
            }
            else if (JsonReading.AtMember(ref reader, "object"u8))
            {
                payload.HasErrorHints |= reader.TokenType == JsonTokenType.String && reader.ValueTextEquals("error"u8);
            }
            else if (reader.ValueTextEquals("detail"u8) || reader.ValueTextEquals("message"u8))
            {
                reader.Read();
                payload.HasErrorHints |= reader.TokenType != JsonTokenType.Null;
                reader.Skip();
            }
            else
            {
                JsonReading.SkipMember(ref reader);
            }
        }
    }

    private static void ReadOutput(ref Utf8JsonReader reader, ReadOnlySpan<byte> json, ResponsesPayload payload)
    {
        if (reader.TokenType != JsonTokenType.StartArray)
        {
            reader.Skip();
            return;
        }

        payload.HasOutput = true;
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            if (ReadItem(ref reader, json, readArguments: true) is { } item)
            {
                payload.Output.Add(item);
            }
        }
    }

    /// <summary>Reads an output item (its arguments only when <paramref name="readArguments"/> is set); null when the
    /// value is not an object.</summary>
    private static ResponsesOutputItem? ReadItem(ref Utf8JsonReader reader, ReadOnlySpan<byte> json, bool readArguments)
    {
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            reader.Skip();
            return null;
        }

        var item = new ResponsesOutputItem();
        string? contentText = null;
        string? summary = null;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (JsonReading.AtMember(ref reader, "type"u8))
            {
                item.Type = JsonReading.ReadString(ref reader);
            }
            else if (JsonReading.AtMember(ref reader, "id"u8))
            {
                item.Id = JsonReading.ReadString(ref reader);
            }
            else if (JsonReading.AtMember(ref reader, "call_id"u8))
            {
                item.CallId = JsonReading.ReadString(ref reader);
            }
            else if (JsonReading.AtMember(ref reader, "name"u8))
            {
                item.Name = JsonReading.ReadString(ref reader);
            }
            else if (readArguments && JsonReading.AtMember(ref reader, "arguments"u8))
            {
                item.Arguments = JsonReading.ReadStringOrRawJson(ref reader, json);
            }
            else if (JsonReading.AtMember(ref reader, "encrypted_content"u8))
            {
                item.EncryptedContent = JsonReading.ReadString(ref reader);
            }
            else if (JsonReading.AtMember(ref reader, "content"u8))
            {
                if (reader.TokenType == JsonTokenType.String)
                {
                    // A few servers write a message's text as a plain string.
                    contentText = reader.GetString();
                }
                else
                {
                    ReadParts(ref reader, ref contentText, item);
                }
            }
            else if (JsonReading.AtMember(ref reader, "summary"u8))
            {
                ReadParts(ref reader, ref summary, refusal: null);
            }
            else
            {
                JsonReading.SkipMember(ref reader);
            }
        }

        if (item.IsReasoning)
        {
            // gpt-oss servers send the raw reasoning as content, OpenAI a summary; both would say the same twice.
            item.Reasoning = contentText ?? summary;
        }
        else
        {
            item.Text = contentText;
        }

        return item;
    }

    /// <summary>Joins the <c>text</c> of an array of parts; <c>refusal</c> parts go to the item's refusal.</summary>
    private static void ReadParts(ref Utf8JsonReader reader, ref string? text, ResponsesOutputItem? refusal)
    {
        if (reader.TokenType != JsonTokenType.StartArray)
        {
            reader.Skip();
            return;
        }

        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            if (reader.TokenType != JsonTokenType.StartObject)
            {
                reader.Skip();
                continue;
            }

            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                if (JsonReading.AtMember(ref reader, "text"u8))
                {
                    text = JsonReading.Concat(text, JsonReading.ReadString(ref reader));
                }
                else if (refusal is not null && reader.ValueTextEquals("refusal"u8))
                {
                    reader.Read();
                    refusal.Refusal = JsonReading.Concat(refusal.Refusal, JsonReading.ReadString(ref reader));
                }
                else
                {
                    JsonReading.SkipMember(ref reader);
                }
            }
        }
    }
}
