using System;
using System.Collections.Frozen;
using System.Collections.Generic;
using System.Linq;

namespace Connectors.Custom;

/// <summary>
/// Presets for the providers the connector knows, each with its documented differences from OpenAI's API (see
/// <c>docs/providers.md</c>). An unknown name gets <see cref="Generic"/>, the tolerant default.
/// </summary>
public static class CustomProviders
{
    /// <summary>Gets the generic profile: OpenAI's wire format, read tolerantly.</summary>
    public static CustomProvider Generic { get; } = new("Generic", "openai-compatible", null, null, static () => new CustomQuirkProfile());

    /// <summary>Gets OpenAI: <c>max_completion_tokens</c>, the <c>developer</c> role kept.</summary>
    public static CustomProvider OpenAI { get; } = new("OpenAI", "openai", new Uri("https://api.openai.com/v1"), "OPENAI_API_KEY", static () => new CustomQuirkProfile
    {
        MaxTokensParameter = MaxTokensParameter.MaxCompletionTokens,
        MapDeveloperToSystem = false,
        ToolSchemaFeatures = ToolSchemaFeatures.All,
        Responses = ResponsesSupport.Stateful,
    });

    /// <summary>Gets DeepSeek: reasoning in <c>reasoning_content</c>, never replayed to the reasoner.</summary>
    public static CustomProvider DeepSeek { get; } = new("DeepSeek", "deepseek", new Uri("https://api.deepseek.com/v1"), "DEEPSEEK_API_KEY", static () => new CustomQuirkProfile { Responses = ResponsesSupport.NotSupported });

    /// <summary>Gets Groq: rejects <c>logprobs</c>, <c>top_logprobs</c>, <c>logit_bias</c>, <c>n</c> and <c>name</c>.</summary>
    public static CustomProvider Groq { get; } = new("Groq", "groq", new Uri("https://api.groq.com/openai/v1"), "GROQ_API_KEY", static () => Drop(new CustomQuirkProfile(), "logprobs", "top_logprobs", "logit_bias", "n", "name"));

    /// <summary>Gets Together AI: reasoning models may write <c>&lt;think&gt;</c> into the answer, which is split off.</summary>
    public static CustomProvider Together { get; } = new("Together", "together_ai", new Uri("https://api.together.xyz/v1"), "TOGETHER_API_KEY", static () => new CustomQuirkProfile { SplitThinkTags = true });

    /// <summary>Gets Mistral: <c>random_seed</c>, <c>tool_choice: any</c>, nine-character tool-call ids,
    /// <c>output_dimension</c>, 32 embedding inputs per request, float embeddings only.</summary>
    public static CustomProvider Mistral { get; } = new("Mistral", "mistral_ai", new Uri("https://api.mistral.ai/v1"), "MISTRAL_API_KEY", static () => Drop(
        new CustomQuirkProfile
        {
            SeedParameter = "random_seed",
            RequiredToolChoice = "any",
            SupportsStreamOptions = false,
            ToolCallIdFormat = ToolCallIdFormat.NineAlphanumerics,
            EmbeddingDimensionsParameter = "output_dimension",
            SupportsBase64Embeddings = false,
            MaxEmbeddingInputs = 32,
            Responses = ResponsesSupport.NotSupported,
        },
        "name",
        "n",
        "logit_bias"));

    /// <summary>Gets Fireworks AI.</summary>
    public static CustomProvider Fireworks { get; } = new("Fireworks", "fireworks", new Uri("https://api.fireworks.ai/inference/v1"), "FIREWORKS_API_KEY", static () => new CustomQuirkProfile());

    /// <summary>Gets OpenRouter: keep-alive comments and in-stream errors are handled by the protocol layer.</summary>
    public static CustomProvider OpenRouter { get; } = new("OpenRouter", "openrouter", new Uri("https://openrouter.ai/api/v1"), "OPENROUTER_API_KEY", static () => new CustomQuirkProfile());

    /// <summary>Gets xAI: <c>max_completion_tokens</c>; the Responses API with stored responses; images shaped by
    /// <c>aspect_ratio</c> instead of <c>size</c>.</summary>
    public static CustomProvider XAI { get; } = new("xAI", "x_ai", new Uri("https://api.x.ai/v1"), "XAI_API_KEY", static () => new CustomQuirkProfile
    {
        MaxTokensParameter = MaxTokensParameter.MaxCompletionTokens,
        Responses = ResponsesSupport.Stateful,
        ImageSizeParameter = ImageSizeParameter.AspectRatio,
        SupportedImageSizes = XaiAspectRatios,
    });

    /// <summary>Gets Perplexity: no tools, no <c>seed</c> or <c>stop</c>, 512 embedding inputs per request. Its chat has
    /// no <c>/v1</c> segment while its embeddings do, so use separate base addresses for the two.</summary>
    public static CustomProvider Perplexity { get; } = new("Perplexity", "perplexity", new Uri("https://api.perplexity.ai"), "PERPLEXITY_API_KEY", static () => Drop(new CustomQuirkProfile { MaxEmbeddingInputs = 512, SplitThinkTags = true, Responses = ResponsesSupport.NotSupported }, "seed", "stop", "tools", "parallel_tool_calls"));

    /// <summary>Gets NVIDIA NIM (hosted): asymmetric embedders get <c>input_type: passage</c> unless a call sets it.</summary>
    public static CustomProvider NvidiaNim { get; } = new("NvidiaNim", "nvidia_nim", new Uri("https://integrate.api.nvidia.com/v1"), "NVIDIA_API_KEY", static () => new CustomQuirkProfile { EmbeddingInputType = "passage", Responses = ResponsesSupport.NotSupported });

    /// <summary>Gets Azure OpenAI's v1 API: the key goes in <c>api-key</c>; the address is your resource's
    /// <c>https://{resource}.openai.azure.com/openai/v1</c>.</summary>
    public static CustomProvider AzureOpenAI { get; } = new("AzureOpenAI", "azure.ai.openai", null, "AZURE_OPENAI_API_KEY", static () => new CustomQuirkProfile { MaxTokensParameter = MaxTokensParameter.MaxCompletionTokens, MapDeveloperToSystem = false, ToolSchemaFeatures = ToolSchemaFeatures.All, Responses = ResponsesSupport.Stateful }, apiKeyHeader: "api-key", apiKeyScheme: null);

    /// <summary>Gets Ollama on this machine: reasoning in <c>reasoning</c> (replayed in tool loops), tool calls
    /// written into text recognised, tool schemas reduced to what its tool types keep.</summary>
    public static CustomProvider Ollama { get; } = new("Ollama", "ollama", new Uri("http://localhost:11434/v1"), null, static () => new CustomQuirkProfile { ReasoningReplay = ReasoningReplay.ReasoningInToolLoop, ParseToolCallsInText = true, SplitThinkTags = true, ToolSchemaFeatures = ToolSchemaFeatures.None });

    /// <summary>Gets vLLM on this machine: inline think tags split, tool calls written into text recognised, tool
    /// schemas reduced to what guided decoding converts.</summary>
    public static CustomProvider Vllm { get; } = new("vLLM", "vllm", new Uri("http://localhost:8000/v1"), null, static () => new CustomQuirkProfile { SplitThinkTags = true, ParseToolCallsInText = true, ToolSchemaFeatures = ToolSchemaFeatures.None });

    /// <summary>Gets the llama.cpp server on this machine: tool schemas reduced to what its grammar converter accepts.</summary>
    public static CustomProvider LlamaCpp { get; } = new("LlamaCpp", "llama_cpp", new Uri("http://localhost:8080/v1"), null, static () => new CustomQuirkProfile { SplitThinkTags = true, ParseToolCallsInText = true, ToolSchemaFeatures = ToolSchemaFeatures.None });

    /// <summary>Gets LM Studio on this machine (0.3.29 and later keep Responses state).</summary>
    public static CustomProvider LMStudio { get; } = new("LMStudio", "lm_studio", new Uri("http://localhost:1234/v1"), null, static () => new CustomQuirkProfile { SplitThinkTags = true, ParseToolCallsInText = true, ToolSchemaFeatures = ToolSchemaFeatures.None, Responses = ResponsesSupport.Stateful });

    /// <summary>Gets LocalAI on this machine.</summary>
    public static CustomProvider LocalAI { get; } = new("LocalAI", "localai", new Uri("http://localhost:8080/v1"), "LOCALAI_API_KEY", static () => new CustomQuirkProfile { ParseToolCallsInText = true, SplitThinkTags = true, ToolSchemaFeatures = ToolSchemaFeatures.None, Responses = ResponsesSupport.NotSupported });

    /// <summary>The aspect ratios xAI's image API documents (read by the preset's factory, so declared before use at run time).</summary>
    private static readonly string[] XaiAspectRatios = ["1:1", "3:4", "4:3", "9:16", "16:9", "2:3", "3:2", "9:19.5", "19.5:9", "9:20", "20:9", "1:2", "2:1", "auto"];

    private static readonly FrozenDictionary<string, CustomProvider> s_byName = new[]
    {
        Generic, OpenAI, DeepSeek, Groq, Together, Mistral, Fireworks, OpenRouter, XAI, Perplexity, NvidiaNim, AzureOpenAI, Ollama, Vllm, LlamaCpp, LMStudio, LocalAI,
    }.ToFrozenDictionary(p => p.Name, StringComparer.OrdinalIgnoreCase);

    /// <summary>Gets every preset.</summary>
    public static IReadOnlyCollection<CustomProvider> All => s_byName.Values;

    /// <summary>Finds a preset by name (case-insensitive); an unknown name gets <see cref="Generic"/>.</summary>
    /// <param name="name">The preset's name, for example <c>Groq</c>.</param>
    /// <returns>The preset.</returns>
    public static CustomProvider FromName(string? name) =>
        name is not null && s_byName.TryGetValue(name.Trim(), out var provider) ? provider : Generic;

    private static CustomQuirkProfile Drop(CustomQuirkProfile profile, params string[] parameters)
    {
        foreach (var parameter in parameters.Where(p => !profile.DroppedParameters.Contains(p)))
        {
            profile.DroppedParameters.Add(parameter);
        }

        return profile;
    }
}
