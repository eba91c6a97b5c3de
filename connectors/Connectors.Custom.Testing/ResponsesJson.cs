using System;
using System.Text.Json;

namespace Connectors.Custom.Testing;

/// <summary>The bodies of Responses API answers: the response object, its output items, and stream events (each a
/// JSON object with its <c>type</c> and <c>sequence_number</c>, sent after an <c>event:</c> line of the same name).</summary>
internal static class ResponsesJson
{
    /// <summary>The whole response object, as a non-streamed answer and inside <c>response.completed</c>.</summary>
    public static byte[] Response(ResponsesAnswer answer) =>
        WireJson.Write(answer, static (writer, a) => WriteResponse(writer, a, a.Incomplete ? "incomplete" : "completed", withOutput: true, failure: null));

    /// <summary>One stream event named <paramref name="type"/>, with the fields <paramref name="fields"/> writes.</summary>
    public static StreamEvent Event<TState>(string type, int sequence, TState state, Action<Utf8JsonWriter, TState> fields) =>
        StreamEvent.Named(type, WireJson.Write((type, sequence, state, fields), static (writer, s) =>
        {
            writer.WriteStartObject();
            writer.WriteString("type", s.type);
            writer.WriteNumber("sequence_number", s.sequence);
            s.fields(writer, s.state);
            writer.WriteEndObject();
        }));

    /// <summary>The response object. <paramref name="withOutput"/> false writes it as <c>response.created</c> does:
    /// no output and no usage yet.</summary>
    public static void WriteResponse(Utf8JsonWriter writer, ResponsesAnswer a, string status, bool withOutput, string? failure)
    {
        var request = a.Request;
        writer.WriteStartObject();
        writer.WriteString("id", a.Id);
        writer.WriteString("object", "response");
        writer.WriteNumber("created_at", a.CreatedAt);
        writer.WriteString("status", status);
        writer.WriteBoolean("background", false);
        if (failure is null)
        {
            writer.WriteNull("error");
        }
        else
        {
            writer.WriteStartObject("error");
            writer.WriteString("code", "server_error");
            writer.WriteString("message", failure);
            writer.WriteEndObject();
        }

        if (status == "incomplete")
        {
            writer.WriteStartObject("incomplete_details");
            writer.WriteString("reason", "max_output_tokens");
            writer.WriteEndObject();
        }
        else
        {
            writer.WriteNull("incomplete_details");
        }

        WriteNullable(writer, "instructions", request.Instructions);
        if (request.MaxOutputTokens is { } max)
        {
            writer.WriteNumber("max_output_tokens", max);
        }
        else
        {
            writer.WriteNull("max_output_tokens");
        }

        writer.WriteString("model", request.Model);
        writer.WriteStartArray("output");
        if (withOutput)
        {
            WriteOutput(writer, a);
        }

        writer.WriteEndArray();
        writer.WriteBoolean("parallel_tool_calls", true);
        WriteNullable(writer, "previous_response_id", request.PreviousResponseId);
        writer.WriteStartObject("reasoning");
        WriteNullable(writer, "effort", request.ReasoningEffort);
        writer.WriteNull("summary");
        writer.WriteEndObject();
        writer.WriteBoolean("store", a.Stored);
        writer.WriteStartObject("text");
        writer.WriteStartObject("format");
        writer.WriteString("type", request.Format?.Type ?? "text");
        writer.WriteEndObject();
        writer.WriteEndObject();
        writer.WriteString("tool_choice", request.ToolChoice is null or "function" ? "auto" : request.ToolChoice);
        WriteTools(writer, request);
        writer.WriteString("truncation", "disabled");
        if (withOutput)
        {
            WriteUsage(writer, a.Usage);
        }
        else
        {
            writer.WriteNull("usage");
        }

        writer.WriteEndObject();
    }

    /// <summary>The output items in order: reasoning, message, function calls.</summary>
    private static void WriteOutput(Utf8JsonWriter writer, ResponsesAnswer a)
    {
        if (a.Reasoning is { } reasoning)
        {
            WriteReasoningItem(writer, a, reasoning);
        }

        if (a.HasMessage)
        {
            WriteMessageItem(writer, a, a.Text);
        }

        for (var i = 0; i < a.Calls.Count; i++)
        {
            WriteCallItem(writer, a, i, a.Calls[i].Arguments, "completed");
        }
    }

    /// <summary>A reasoning item; <paramref name="text"/> null writes it as <c>response.output_item.added</c> does, empty.</summary>
    public static void WriteReasoningItem(Utf8JsonWriter writer, ResponsesAnswer a, string? text)
    {
        writer.WriteStartObject();
        writer.WriteString("id", a.ReasoningItemId);
        writer.WriteString("type", "reasoning");
        writer.WriteStartArray("summary");
        if (text is not null && a.Style.Reasoning == ResponsesReasoning.Summary)
        {
            WriteTextPart(writer, "summary_text", text);
        }

        writer.WriteEndArray();
        if (a.Style.Reasoning == ResponsesReasoning.Text)
        {
            writer.WriteStartArray("content");
            if (text is not null)
            {
                WriteTextPart(writer, "reasoning_text", text);
            }

            writer.WriteEndArray();
        }

        writer.WriteEndObject();
    }

    /// <summary>The assistant message; <paramref name="text"/> null writes it as <c>response.output_item.added</c> does,
    /// in progress and without content.</summary>
    public static void WriteMessageItem(Utf8JsonWriter writer, ResponsesAnswer a, string? text)
    {
        writer.WriteStartObject();
        writer.WriteString("id", a.MessageItemId);
        writer.WriteString("type", "message");
        writer.WriteString("status", text is null ? "in_progress" : a.Incomplete ? "incomplete" : "completed");
        writer.WriteString("role", "assistant");
        writer.WriteStartArray("content");
        if (text is not null)
        {
            WriteOutputText(writer, text);
        }

        writer.WriteEndArray();
        writer.WriteEndObject();
    }

    /// <summary>An <c>output_text</c> content part.</summary>
    public static void WriteOutputText(Utf8JsonWriter writer, string text)
    {
        writer.WriteStartObject();
        writer.WriteString("type", "output_text");
        writer.WriteString("text", text);
        writer.WriteStartArray("annotations");
        writer.WriteEndArray();
        writer.WriteStartArray("logprobs");
        writer.WriteEndArray();
        writer.WriteEndObject();
    }

    /// <summary>A function call item, with the arguments so far and its status.</summary>
    public static void WriteCallItem(Utf8JsonWriter writer, ResponsesAnswer a, int index, string arguments, string status)
    {
        var call = a.Calls[index];
        writer.WriteStartObject();
        writer.WriteString("id", a.CallItemId(index));
        writer.WriteString("type", "function_call");
        writer.WriteString("status", status);
        writer.WriteString("arguments", arguments);
        writer.WriteString("call_id", call.Id);
        writer.WriteString("name", call.Name);
        writer.WriteEndObject();
    }

    /// <summary>A <c>{"type","text"}</c> part (summary or reasoning text).</summary>
    public static void WriteTextPart(Utf8JsonWriter writer, string type, string text)
    {
        writer.WriteStartObject();
        writer.WriteString("type", type);
        writer.WriteString("text", text);
        writer.WriteEndObject();
    }

    private static void WriteTools(Utf8JsonWriter writer, ResponsesRequest request)
    {
        writer.WriteStartArray("tools");
        foreach (var tool in request.Tools ?? [])
        {
            writer.WriteStartObject();
            writer.WriteString("type", "function");
            writer.WriteString("name", tool.Name);
            WriteNullable(writer, "description", tool.Description);
            writer.WritePropertyName("parameters");
            if (tool.ParametersJson is { } parameters)
            {
                // Re-written, not copied raw: clients may send an indented schema (M.E.AI.OpenAI does), and a line
                // break inside a streamed event's data line would end the event mid-JSON.
                using var schema = JsonDocument.Parse(parameters);
                schema.RootElement.WriteTo(writer);
            }
            else
            {
                writer.WriteNullValue();
            }

            writer.WriteNull("strict");
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
    }

    private static void WriteUsage(Utf8JsonWriter writer, ResponsesUsage usage)
    {
        writer.WriteStartObject("usage");
        writer.WriteNumber("input_tokens", usage.Input);
        writer.WriteStartObject("input_tokens_details");
        writer.WriteNumber("cached_tokens", usage.Cached);
        writer.WriteEndObject();
        writer.WriteNumber("output_tokens", usage.Output);
        writer.WriteStartObject("output_tokens_details");
        writer.WriteNumber("reasoning_tokens", usage.Reasoning);
        writer.WriteEndObject();
        writer.WriteNumber("total_tokens", usage.Total);
        writer.WriteEndObject();
    }

    private static void WriteNullable(Utf8JsonWriter writer, string name, string? value)
    {
        if (value is null)
        {
            writer.WriteNull(name);
        }
        else
        {
            writer.WriteString(name, value);
        }
    }
}
