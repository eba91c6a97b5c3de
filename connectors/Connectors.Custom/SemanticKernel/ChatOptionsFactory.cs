using System;
using System.Collections.Generic;
using System.Text.Json;
using Microsoft.Extensions.AI;
using Microsoft.SemanticKernel;

namespace Connectors.Custom;

/// <summary>Turns Semantic Kernel execution settings into the <see cref="ChatOptions"/> our chat client reads.</summary>
internal static class ChatOptionsFactory
{
    public static ChatOptions Create(PromptExecutionSettings? executionSettings, Kernel? kernel)
    {
        if (executionSettings is null)
        {
            return new ChatOptions();
        }

        var settings = CustomPromptExecutionSettings.FromExecutionSettings(executionSettings);

        // SK's own conversion turns FunctionChoiceBehavior into tools and, given a kernel, returns the ChatOptions
        // subtype through which SK's function-invocation layer finds the kernel and runs its filters. It is given
        // only what it needs, so it does not re-serialize our settings; the typed parameters are mapped below.
        // Without a function choice there is nothing for it to do.
        var options = settings.FunctionChoiceBehavior is null
            ? new ChatOptions()
            : new PromptExecutionSettings
            {
                ModelId = settings.ModelId,
                ServiceId = settings.ServiceId,
                FunctionChoiceBehavior = settings.FunctionChoiceBehavior,
            }.ToChatOptions(kernel) ?? new ChatOptions();

        options.ModelId = settings.ModelId;
        options.Temperature = ToFloat(settings.Temperature);
        options.TopP = ToFloat(settings.TopP);
        options.MaxOutputTokens = settings.MaxTokens;
        options.StopSequences = settings.StopSequences is { Count: > 0 } stop ? new List<string>(stop) : null;
        options.Seed = settings.Seed;
        options.PresencePenalty = ToFloat(settings.PresencePenalty);
        options.FrequencyPenalty = ToFloat(settings.FrequencyPenalty);
        options.ResponseFormat = ToResponseFormat(settings.ResponseFormat);
        options.Instructions = settings.ChatSystemPrompt;
        if (settings.ParallelToolCalls is { } parallel)
        {
            options.AllowMultipleToolCalls = parallel;
        }

        var extra = options.AdditionalProperties ??= [];
        if (settings.User is { } user)
        {
            extra["user"] = user;
        }

        if (settings.ReasoningEffort is { } effort)
        {
            extra["reasoning_effort"] = effort;
        }

        if (settings.ExtensionData is { } passThrough)
        {
            foreach (var (key, value) in passThrough)
            {
                extra[key] = value;
            }
        }

        if (extra.Count == 0)
        {
            options.AdditionalProperties = null;
        }

        return options;
    }

    // The writer prints floats in shortest round-trip form, so 0.7 goes out as 0.7 (a test pins this).
    private static float? ToFloat(double? value) => value is { } v ? (float)v : null;

    private static ChatResponseFormat? ToResponseFormat(object? format)
    {
        switch (format)
        {
            case null:
                return null;
            case ChatResponseFormat chatFormat:
                return chatFormat;
            case string text:
                return FromName(text);
            case Type type:
                return ChatResponseFormat.ForJsonSchema(type, AIJsonUtilities.DefaultOptions);
            case JsonElement { ValueKind: JsonValueKind.String } element:
                return FromName(element.GetString()!);
            case JsonElement { ValueKind: JsonValueKind.Object } element:
                return FromObject(element);
            default:
                throw new ArgumentException($"The execution setting 'response_format' cannot be a {format.GetType().Name}; use \"json_object\", \"text\", a Type, a ChatResponseFormat or a JSON object.");
        }
    }

    private static ChatResponseFormat FromName(string name) => name switch
    {
        "json_object" or "json" or "json_schema" => ChatResponseFormat.Json,
        "text" => ChatResponseFormat.Text,
        _ => throw new ArgumentException($"The execution setting 'response_format' has the unknown value \"{name}\"; use \"json_object\" or \"text\"."),
    };

    /// <summary>Accepts the protocol's own object or a bare JSON schema.</summary>
    private static ChatResponseFormat FromObject(JsonElement element)
    {
        if (!element.TryGetProperty("type", out var type) || type.ValueKind != JsonValueKind.String)
        {
            return ChatResponseFormat.ForJsonSchema(element);
        }

        switch (type.GetString())
        {
            case "json_object":
                return ChatResponseFormat.Json;
            case "text":
                return ChatResponseFormat.Text;
            case "json_schema" when element.TryGetProperty("json_schema", out var wrapper) && wrapper.TryGetProperty("schema", out var schema):
                return ChatResponseFormat.ForJsonSchema(
                    schema,
                    wrapper.TryGetProperty("name", out var name) ? name.GetString() : null,
                    wrapper.TryGetProperty("description", out var description) ? description.GetString() : null);
            default:
                // Any other object with a string "type" is itself a schema, such as {"type":"object","properties":..}.
                return ChatResponseFormat.ForJsonSchema(element);
        }
    }
}
