using System.Collections.Generic;

namespace Connectors.Custom;

/// <summary>
/// How one provider's wire format differs from OpenAI's, and how the connector shapes requests and reads responses
/// for it. Presets (<see cref="CustomProviders"/>) set one; every field can be overridden in code or configuration
/// (<c>"Quirks": { "MaxTokensParameter": "MaxCompletionTokens" }</c>). The defaults are the tolerant generic profile.
/// </summary>
public sealed class CustomQuirkProfile
{
    /// <summary>Gets or sets the field that carries the output-token limit.</summary>
    /// <value>Default: <see cref="MaxTokensParameter.MaxTokens"/>.</value>
    public MaxTokensParameter MaxTokensParameter { get; set; }

    /// <summary>Gets or sets the name of the seed field (<c>seed</c>; Mistral: <c>random_seed</c>).</summary>
    /// <value>Default: <c>seed</c>.</value>
    public string SeedParameter { get; set; } = "seed";

    /// <summary>Gets or sets the <c>tool_choice</c> value that forces a tool call (<c>required</c>; Mistral and older
    /// Fireworks: <c>any</c>).</summary>
    /// <value>Default: <c>required</c>.</value>
    public string RequiredToolChoice { get; set; } = "required";

    /// <summary>Gets or sets whether <c>stream_options</c> may be sent.</summary>
    /// <value>Default: true.</value>
    public bool SupportsStreamOptions { get; set; } = true;

    /// <summary>Gets or sets whether the server returns tool calls in streamed answers. When false, a streamed request
    /// that offers tools is sent without streaming and the answer is replayed to the caller as a stream (its first
    /// update then arrives when the whole answer has, within the attempt timeout). Learned at run time from errors such
    /// as llama.cpp's "Cannot use tools with stream".</summary>
    /// <value>Default: true.</value>
    public bool SupportsToolCallsWhenStreaming { get; set; } = true;

    /// <summary>Gets the request fields this provider rejects; they are never sent, whatever the caller set
    /// (for example Groq: <c>logprobs</c>, <c>top_logprobs</c>, <c>logit_bias</c>, <c>n</c>).</summary>
    public IList<string> DroppedParameters { get; } = new List<string>();

    /// <summary>Gets or sets the format tool-call ids must have when sent back.</summary>
    /// <value>Default: <see cref="ToolCallIdFormat.Any"/>.</value>
    public ToolCallIdFormat ToolCallIdFormat { get; set; }

    /// <summary>Gets or sets whether the <c>developer</c> role is sent as <c>system</c> (most non-OpenAI servers do not know it).</summary>
    /// <value>Default: true.</value>
    public bool MapDeveloperToSystem { get; set; } = true;

    /// <summary>Gets or sets whether reasoning from earlier turns is sent back, and under which name.</summary>
    /// <value>Default: <see cref="ReasoningReplay.None"/>.</value>
    public ReasoningReplay ReasoningReplay { get; set; }

    /// <summary>Gets or sets whether <c>&lt;think&gt;…&lt;/think&gt;</c> at the start of an answer is split off as
    /// reasoning (servers without a reasoning parser: vLLM, llama.cpp with <c>--reasoning-format none</c>, LM Studio,
    /// Groq's raw format). Tags split across chunks and answers that begin inside a think block are handled.</summary>
    /// <value>Default: false.</value>
    public bool SplitThinkTags { get; set; }

    /// <summary>Gets or sets whether a reply may begin inside a think block whose opening tag the chat template put in
    /// the prompt (Qwen3 and DeepSeek-R1 templates): the reply then holds reasoning up to a lone closing tag. Streaming
    /// holds back the start of each reply (up to 4096 characters) to find out, so it is off unless needed.</summary>
    /// <value>Default: false.</value>
    public bool ReplyMayStartInThink { get; set; }

    /// <summary>Gets or sets whether tool calls a model wrote into its text are turned into real function calls, for
    /// servers without a tool parser: Hermes/Qwen <c>&lt;tool_call&gt;</c>, Qwen3-Coder's
    /// <c>&lt;function=…&gt;&lt;parameter=…&gt;</c>, Llama <c>&lt;function=…&gt;</c> and <c>&lt;|python_tag|&gt;</c>, Mistral
    /// <c>[TOOL_CALLS]</c> (JSON array or <c>name[ARGS]{…}</c>), DeepSeek's <c>&lt;｜tool▁calls▁begin｜&gt;</c> block,
    /// Granite <c>&lt;|tool_call|&gt;</c>, and an answer that is only a JSON object with <c>name</c> and <c>arguments</c>.
    /// Only calls of functions the request offered are taken; while streaming, text that may begin a call is held back
    /// and the text before it is delivered as it arrives.</summary>
    /// <value>Default: false (on for the local-server presets).</value>
    public bool ParseToolCallsInText { get; set; }

    /// <summary>Gets or sets the JSON Schema constructs the server accepts in tool parameter schemas; the others are
    /// rewritten when tools are written (nullable <c>anyOf</c> to a nullable type, <c>$ref</c> inlined, <c>format</c>
    /// and <c>pattern</c> moved into the description, empty <c>properties</c> added to free-form objects, strict mode
    /// left out). In configuration: <c>"ToolSchemaFeatures": "Composition, References"</c>. Learned at run time from a
    /// schema-conversion error (llama.cpp's <c>Unrecognized schema</c>, <c>failed to parse grammar</c>).</summary>
    /// <value>Default: <see cref="ToolSchemaFeatures.Standard"/> (everything but strict mode); <see cref="ToolSchemaFeatures.None"/>
    /// for the local-server presets, <see cref="ToolSchemaFeatures.All"/> for OpenAI and Azure OpenAI.</value>
    public ToolSchemaFeatures ToolSchemaFeatures { get; set; } = ToolSchemaFeatures.Standard;

    /// <summary>Gets or sets the name of the embeddings size field (<c>dimensions</c>; Mistral: <c>output_dimension</c>).</summary>
    /// <value>Default: <c>dimensions</c>.</value>
    public string EmbeddingDimensionsParameter { get; set; } = "dimensions";

    /// <summary>Gets or sets an <c>input_type</c> sent with every embeddings request unless the call sets one
    /// (NVIDIA NIM's asymmetric embedders require <c>query</c> or <c>passage</c>).</summary>
    /// <value>Default: null (not sent).</value>
    public string? EmbeddingInputType { get; set; }

    /// <summary>Gets or sets whether the server accepts <c>encoding_format: base64</c> for embeddings.</summary>
    /// <value>Default: true.</value>
    public bool SupportsBase64Embeddings { get; set; } = true;

    /// <summary>Gets or sets the provider's limit on inputs per embeddings request, if lower than the connector's.</summary>
    /// <value>Default: null.</value>
    public int? MaxEmbeddingInputs { get; set; }

    /// <summary>Creates an independent copy.</summary>
    /// <returns>The copy.</returns>
    public CustomQuirkProfile Clone()
    {
        var copy = new CustomQuirkProfile
        {
            MaxTokensParameter = MaxTokensParameter,
            SeedParameter = SeedParameter,
            RequiredToolChoice = RequiredToolChoice,
            SupportsStreamOptions = SupportsStreamOptions,
            SupportsToolCallsWhenStreaming = SupportsToolCallsWhenStreaming,
            ToolCallIdFormat = ToolCallIdFormat,
            MapDeveloperToSystem = MapDeveloperToSystem,
            ReasoningReplay = ReasoningReplay,
            SplitThinkTags = SplitThinkTags,
            ReplyMayStartInThink = ReplyMayStartInThink,
            ParseToolCallsInText = ParseToolCallsInText,
            ToolSchemaFeatures = ToolSchemaFeatures,
            EmbeddingDimensionsParameter = EmbeddingDimensionsParameter,
            EmbeddingInputType = EmbeddingInputType,
            SupportsBase64Embeddings = SupportsBase64Embeddings,
            MaxEmbeddingInputs = MaxEmbeddingInputs,
        };

        foreach (var parameter in DroppedParameters)
        {
            copy.DroppedParameters.Add(parameter);
        }

        return copy;
    }
}
