using System;
using System.Text.Json;
using Microsoft.Extensions.AI;

namespace Connectors.Custom;

/// <summary>Writes <c>tools</c>, <c>tool_choice</c> and <c>parallel_tool_calls</c>, in the shape of chat completions
/// (the function nested under <c>function</c>) or of the Responses API (its fields on the tool itself).</summary>
internal static class ToolsWriter
{
    /// <summary>Writes the tool fields when at least one function is offered.</summary>
    /// <returns>True when <c>tools</c> was written.</returns>
    public static bool Write(Utf8JsonWriter writer, ChatOptions options, CustomQuirkProfile quirks, bool responsesShape = false)
    {
        if (options.Tools is not { Count: > 0 } tools)
        {
            return false;
        }

        writer.WriteStartArray("tools");
        foreach (var tool in tools)
        {
            if (tool is not AIFunctionDeclaration function)
            {
                throw new NotSupportedException($"The tool '{tool.Name}' ({tool.GetType().Name}) is not a function; OpenAI-compatible chat endpoints accept function tools only.");
            }

            writer.WriteStartObject();
            writer.WriteString("type", "function");
            if (!responsesShape)
            {
                writer.WriteStartObject("function");
            }

            writer.WriteString("name", function.Name);
            if (!string.IsNullOrEmpty(function.Description))
            {
                writer.WriteString("description", function.Description);
            }

            writer.WritePropertyName("parameters");
            WriteParameters(writer, function.JsonSchema, quirks.ToolSchemaFeatures);
            if (AsksForStrict(function) && quirks.ToolSchemaFeatures.HasFlag(ToolSchemaFeatures.Strict) && !quirks.DroppedParameters.Contains("strict"))
            {
                writer.WriteBoolean("strict", true);
            }

            if (!responsesShape)
            {
                writer.WriteEndObject();
            }

            writer.WriteEndObject();
        }

        writer.WriteEndArray();

        switch (options.ToolMode)
        {
            case NoneChatToolMode:
                writer.WriteString("tool_choice", "none");
                break;
            case AutoChatToolMode:
                writer.WriteString("tool_choice", "auto");
                break;
            case RequiredChatToolMode { RequiredFunctionName: { } name } when quirks.RequiredToolChoice == "required":
                writer.WriteStartObject("tool_choice");
                writer.WriteString("type", "function");
                if (responsesShape)
                {
                    writer.WriteString("name", name);
                }
                else
                {
                    writer.WriteStartObject("function");
                    writer.WriteString("name", name);
                    writer.WriteEndObject();
                }

                writer.WriteEndObject();
                break;
            case RequiredChatToolMode:
                writer.WriteString("tool_choice", quirks.RequiredToolChoice);
                break;
        }

        if (options.AllowMultipleToolCalls is { } parallel && !quirks.DroppedParameters.Contains("parallel_tool_calls"))
        {
            writer.WriteBoolean("parallel_tool_calls", parallel);
        }

        return true;
    }

    /// <summary>Whether the declaration asks for strict mode, under the key M.E.AI's OpenAI client reads.</summary>
    private static bool AsksForStrict(AIFunctionDeclaration function) =>
        function.AdditionalProperties.TryGetValue("strict", out var strict) && strict is true;

    /// <summary>A function without parameters still needs an object schema: several servers reject an empty one. The
    /// schema is rewritten into what the server accepts (<see cref="ToolSchemaAdapter"/>).</summary>
    private static void WriteParameters(Utf8JsonWriter writer, JsonElement schema, ToolSchemaFeatures features)
    {
        if (schema.ValueKind == JsonValueKind.Object && schema.TryGetProperty("type", out _))
        {
            ToolSchemaAdapter.Write(writer, schema, features);
            return;
        }

        writer.WriteStartObject();
        writer.WriteString("type", "object");
        writer.WriteStartObject("properties");
        writer.WriteEndObject();
        writer.WriteEndObject();
    }
}
