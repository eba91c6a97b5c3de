using System;
using System.Collections.Generic;
using System.Diagnostics.CodeAnalysis;
using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.SemanticKernel;

namespace Connectors.Custom;

/// <summary>
/// Execution settings for <see cref="CustomChatCompletionService"/>: the OpenAI chat parameters as typed properties,
/// plus <see cref="PromptExecutionSettings.ExtensionData"/> for anything else a provider accepts.
/// </summary>
/// <remarks>
/// Keys in <see cref="PromptExecutionSettings.ExtensionData"/> that have no typed property here (<c>top_k</c>,
/// <c>repetition_penalty</c>, <c>min_p</c>, <c>chat_template_kwargs</c>, ...) are sent in the request body unchanged.
/// Prompt files (YAML/JSON) and other connectors' settings are converted with <see cref="FromExecutionSettings"/>.
/// </remarks>
public sealed class CustomPromptExecutionSettings : PromptExecutionSettings
{
    /// <summary>Gets or sets the sampling temperature (<c>temperature</c>).</summary>
    [JsonPropertyName("temperature")]
    public double? Temperature
    {
        get => field;
        set { ThrowIfFrozen(); field = value; }
    }

    /// <summary>Gets or sets nucleus sampling (<c>top_p</c>).</summary>
    [JsonPropertyName("top_p")]
    public double? TopP
    {
        get => field;
        set { ThrowIfFrozen(); field = value; }
    }

    /// <summary>Gets or sets the most tokens to generate, sent as <c>max_tokens</c>.</summary>
    [JsonPropertyName("max_tokens")]
    public int? MaxTokens
    {
        get => field;
        set { ThrowIfFrozen(); field = value; }
    }

    /// <summary>Gets or sets the sequences that stop generation (<c>stop</c>).</summary>
    [JsonPropertyName("stop")]
    public IList<string>? StopSequences
    {
        get => field;
        set { ThrowIfFrozen(); field = value; }
    }

    /// <summary>Gets or sets the seed for deterministic sampling where supported (<c>seed</c>).</summary>
    [JsonPropertyName("seed")]
    public long? Seed
    {
        get => field;
        set { ThrowIfFrozen(); field = value; }
    }

    /// <summary>Gets or sets the presence penalty (<c>presence_penalty</c>).</summary>
    [JsonPropertyName("presence_penalty")]
    public double? PresencePenalty
    {
        get => field;
        set { ThrowIfFrozen(); field = value; }
    }

    /// <summary>Gets or sets the frequency penalty (<c>frequency_penalty</c>).</summary>
    [JsonPropertyName("frequency_penalty")]
    public double? FrequencyPenalty
    {
        get => field;
        set { ThrowIfFrozen(); field = value; }
    }

    /// <summary>
    /// Gets or sets the response format (<c>response_format</c>): <c>"json_object"</c> or <c>"text"</c>; a
    /// <see cref="Microsoft.Extensions.AI.ChatResponseFormat"/>; a .NET <see cref="System.Type"/> whose JSON schema the
    /// answer must follow; or a <see cref="JsonElement"/> holding either the protocol's own object
    /// (<c>{"type":"json_schema","json_schema":{..}}</c>) or a bare JSON schema.
    /// </summary>
    [JsonPropertyName("response_format")]
    public object? ResponseFormat
    {
        get => field;
        set { ThrowIfFrozen(); field = value; }
    }

    /// <summary>Gets or sets the end-user id some providers use for abuse monitoring (<c>user</c>).</summary>
    [JsonPropertyName("user")]
    public string? User
    {
        get => field;
        set { ThrowIfFrozen(); field = value; }
    }

    /// <summary>Gets or sets how hard a reasoning model thinks (<c>reasoning_effort</c>): for example <c>minimal</c>,
    /// <c>low</c>, <c>medium</c>, <c>high</c>; sent as given.</summary>
    [JsonPropertyName("reasoning_effort")]
    public string? ReasoningEffort
    {
        get => field;
        set { ThrowIfFrozen(); field = value; }
    }

    /// <summary>Gets or sets whether the model may ask for several tool calls at once (<c>parallel_tool_calls</c>);
    /// sent only when functions are offered.</summary>
    [JsonPropertyName("parallel_tool_calls")]
    public bool? ParallelToolCalls
    {
        get => field;
        set { ThrowIfFrozen(); field = value; }
    }

    /// <summary>Gets or sets a system prompt placed before the chat history.</summary>
    [JsonPropertyName("chat_system_prompt")]
    public string? ChatSystemPrompt
    {
        get => field;
        set { ThrowIfFrozen(); field = value; }
    }

    /// <inheritdoc />
    public override PromptExecutionSettings Clone() => new CustomPromptExecutionSettings
    {
        ModelId = ModelId,
        ServiceId = ServiceId,
        FunctionChoiceBehavior = FunctionChoiceBehavior,
        ExtensionData = ExtensionData is null ? null : new Dictionary<string, object>(ExtensionData),
        Temperature = Temperature,
        TopP = TopP,
        MaxTokens = MaxTokens,
        StopSequences = StopSequences is null ? null : new List<string>(StopSequences),
        Seed = Seed,
        PresencePenalty = PresencePenalty,
        FrequencyPenalty = FrequencyPenalty,
        ResponseFormat = ResponseFormat,
        User = User,
        ReasoningEffort = ReasoningEffort,
        ParallelToolCalls = ParallelToolCalls,
        ChatSystemPrompt = ChatSystemPrompt,
    };

    /// <summary>
    /// Converts any <see cref="PromptExecutionSettings"/> to <see cref="CustomPromptExecutionSettings"/>: instances of
    /// this class are returned as they are; plain settings (from prompt YAML/JSON files) have their
    /// <see cref="PromptExecutionSettings.ExtensionData"/> keys mapped to the typed properties; other connectors'
    /// settings classes are read through their JSON property names.
    /// </summary>
    /// <param name="executionSettings">The settings to convert, or null for defaults.</param>
    /// <returns>The converted settings. Keys with no typed property stay in <see cref="PromptExecutionSettings.ExtensionData"/>.</returns>
    /// <exception cref="ArgumentException">A known key has a value of the wrong type; the message names the key.</exception>
    public static CustomPromptExecutionSettings FromExecutionSettings(PromptExecutionSettings? executionSettings)
    {
        switch (executionSettings)
        {
            case null:
                return new CustomPromptExecutionSettings();
            case CustomPromptExecutionSettings custom:
                return custom;
        }

        var values = executionSettings.GetType() == typeof(PromptExecutionSettings)
            ? executionSettings.ExtensionData
            : ReadForeignSettings(executionSettings);

        var result = new CustomPromptExecutionSettings
        {
            ModelId = executionSettings.ModelId,
            ServiceId = executionSettings.ServiceId,
            FunctionChoiceBehavior = executionSettings.FunctionChoiceBehavior,
        };

        if (values is not null)
        {
            ExecutionSettingsReader.Apply(values, result);
        }

        return result;
    }

    /// <summary>Reads another connector's settings (for example OpenAI's) through their JSON names, as SK does.</summary>
    [UnconditionalSuppressMessage("Trimming", "IL2026", Justification = "Foreign settings types are user types kept by their use; a trimmed property is simply not read.")]
    [UnconditionalSuppressMessage("AOT", "IL3050", Justification = "Only reached for settings classes of other connectors; source-generated paths cover ours.")]
    private static Dictionary<string, object>? ReadForeignSettings(PromptExecutionSettings settings)
    {
        if (!JsonSerializer.IsReflectionEnabledByDefault)
        {
            return settings.ExtensionData is null ? null : new Dictionary<string, object>(settings.ExtensionData);
        }

        // Only the parameters this connector models are taken from the typed properties; the rest of a foreign class
        // (SK bookkeeping, OpenAI-only switches) would make strict providers reject the request.
        var element = JsonSerializer.SerializeToElement(settings, settings.GetType(), ExecutionSettingsReader.ForeignSettingsOptions);
        var values = new Dictionary<string, object>(StringComparer.OrdinalIgnoreCase);
        foreach (var property in element.EnumerateObject())
        {
            if (property.Value.ValueKind != JsonValueKind.Null && ExecutionSettingsReader.IsKnownKey(property.Name))
            {
                values[property.Name] = property.Value;
            }
        }

        if (settings.ExtensionData is not null)
        {
            foreach (var entry in settings.ExtensionData)
            {
                values[entry.Key] = entry.Value;
            }
        }

        return values;
    }
}
