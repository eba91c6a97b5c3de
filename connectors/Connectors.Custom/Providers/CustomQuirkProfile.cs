using System;
using System.Collections.Generic;
using System.Linq;

namespace Connectors.Custom;

/// <summary>
/// How one provider's wire format differs from OpenAI's, and how the connector shapes requests and reads responses
/// for it. Presets (<see cref="CustomProviders"/>) come with one; on <see cref="CustomEndpointOptions.Quirks"/> each
/// field set in code or configuration (<c>"Quirks": { "MaxTokensParameter": "MaxCompletionTokens" }</c>) overrides the
/// preset's value, and every field left unset takes it, whatever the order of the settings. The defaults are the
/// tolerant generic profile.
/// </summary>
/// <remarks>A field reads as its default until it is set: the preset of <see cref="CustomEndpointOptions.Provider"/>
/// is merged in when the service is registered or constructed, not here.</remarks>
public sealed class CustomQuirkProfile
{
    private Overridable<MaxTokensParameter> _maxTokensParameter;
    private Overridable<string> _seedParameter;
    private Overridable<string> _requiredToolChoice;
    private Overridable<bool> _supportsStreamOptions;
    private Overridable<bool> _supportsToolCallsWhenStreaming;
    private Overridable<ToolCallIdFormat> _toolCallIdFormat;
    private Overridable<bool> _mapDeveloperToSystem;
    private Overridable<ReasoningReplay> _reasoningReplay;
    private Overridable<bool> _splitThinkTags;
    private Overridable<bool> _replyMayStartInThink;
    private Overridable<bool> _parseToolCallsInText;
    private Overridable<ToolSchemaFeatures> _toolSchemaFeatures;
    private Overridable<string> _embeddingDimensionsParameter;
    private Overridable<string?> _embeddingInputType;
    private Overridable<bool> _supportsBase64Embeddings;
    private Overridable<int?> _maxEmbeddingInputs;
    private Overridable<ResponsesSupport> _responses;
    private Overridable<ImageSizeParameter> _imageSizeParameter;
    private Overridable<IReadOnlyList<string>?> _supportedImageSizes;
    private Overridable<RerankApi> _rerankApi;

    /// <summary>Gets or sets the field that carries the output-token limit.</summary>
    /// <value>Default: <see cref="MaxTokensParameter.MaxTokens"/>.</value>
    public MaxTokensParameter MaxTokensParameter { get => _maxTokensParameter.ValueOr(MaxTokensParameter.MaxTokens); set => _maxTokensParameter = new(value); }

    /// <summary>Gets or sets the name of the seed field (<c>seed</c>; Mistral: <c>random_seed</c>).</summary>
    /// <value>Default: <c>seed</c>.</value>
    public string SeedParameter { get => _seedParameter.ValueOr("seed"); set => _seedParameter = new(value); }

    /// <summary>Gets or sets the <c>tool_choice</c> value that forces a tool call (<c>required</c>; Mistral and older
    /// Fireworks: <c>any</c>).</summary>
    /// <value>Default: <c>required</c>.</value>
    public string RequiredToolChoice { get => _requiredToolChoice.ValueOr("required"); set => _requiredToolChoice = new(value); }

    /// <summary>Gets or sets whether <c>stream_options</c> may be sent.</summary>
    /// <value>Default: true.</value>
    public bool SupportsStreamOptions { get => _supportsStreamOptions.ValueOr(true); set => _supportsStreamOptions = new(value); }

    /// <summary>Gets or sets whether the server returns tool calls in streamed answers. When false, a streamed request
    /// that offers tools is sent without streaming and the answer is replayed to the caller as a stream (its first
    /// update then arrives when the whole answer has, within the attempt timeout). Learned at run time from errors such
    /// as llama.cpp's "Cannot use tools with stream".</summary>
    /// <value>Default: true.</value>
    public bool SupportsToolCallsWhenStreaming { get => _supportsToolCallsWhenStreaming.ValueOr(true); set => _supportsToolCallsWhenStreaming = new(value); }

    /// <summary>Gets the request fields this provider rejects; they are never sent, whatever the caller set
    /// (for example Groq: <c>logprobs</c>, <c>top_logprobs</c>, <c>logit_bias</c>, <c>n</c>). Fields listed here are
    /// dropped in addition to the preset's.</summary>
    public IList<string> DroppedParameters { get; } = new List<string>();

    /// <summary>Gets or sets the format tool-call ids must have when sent back.</summary>
    /// <value>Default: <see cref="ToolCallIdFormat.Any"/>.</value>
    public ToolCallIdFormat ToolCallIdFormat { get => _toolCallIdFormat.ValueOr(ToolCallIdFormat.Any); set => _toolCallIdFormat = new(value); }

    /// <summary>Gets or sets whether the <c>developer</c> role is sent as <c>system</c> (most non-OpenAI servers do not know it).</summary>
    /// <value>Default: true.</value>
    public bool MapDeveloperToSystem { get => _mapDeveloperToSystem.ValueOr(true); set => _mapDeveloperToSystem = new(value); }

    /// <summary>Gets or sets whether reasoning from earlier turns is sent back, and under which name.</summary>
    /// <value>Default: <see cref="ReasoningReplay.None"/>.</value>
    public ReasoningReplay ReasoningReplay { get => _reasoningReplay.ValueOr(ReasoningReplay.None); set => _reasoningReplay = new(value); }

    /// <summary>Gets or sets whether <c>&lt;think&gt;…&lt;/think&gt;</c> at the start of an answer is split off as
    /// reasoning (servers without a reasoning parser: vLLM, llama.cpp with <c>--reasoning-format none</c>, LM Studio,
    /// Groq's raw format). Tags split across chunks and answers that begin inside a think block are handled.</summary>
    /// <value>Default: false.</value>
    public bool SplitThinkTags { get => _splitThinkTags.ValueOr(false); set => _splitThinkTags = new(value); }

    /// <summary>Gets or sets whether a reply may begin inside a think block whose opening tag the chat template put in
    /// the prompt (Qwen3 and DeepSeek-R1 templates): the reply then holds reasoning up to a lone closing tag. Streaming
    /// holds back the start of each reply (up to 4096 characters) to find out, so it is off unless needed.</summary>
    /// <value>Default: false.</value>
    public bool ReplyMayStartInThink { get => _replyMayStartInThink.ValueOr(false); set => _replyMayStartInThink = new(value); }

    /// <summary>Gets or sets whether tool calls a model wrote into its text (Hermes/Qwen <c>&lt;tool_call&gt;</c>,
    /// Llama <c>&lt;function=…&gt;</c>, a bare JSON object with <c>name</c> and <c>arguments</c>) are turned into real
    /// function calls, for servers without a tool parser. Only when the request offered functions.</summary>
    /// <value>Default: false (on for the local-server presets).</value>
    public bool ParseToolCallsInText { get => _parseToolCallsInText.ValueOr(false); set => _parseToolCallsInText = new(value); }

    /// <summary>Gets or sets the JSON Schema constructs the server accepts in tool parameter schemas; the others are
    /// rewritten when tools are written (nullable <c>anyOf</c> to a nullable type, <c>$ref</c> inlined, <c>format</c>
    /// and <c>pattern</c> moved into the description, empty <c>properties</c> added to free-form objects, strict mode
    /// left out). In configuration: <c>"ToolSchemaFeatures": "Composition, References"</c>. Learned at run time from a
    /// schema-conversion error (llama.cpp's <c>Unrecognized schema</c>, <c>failed to parse grammar</c>).</summary>
    /// <value>Default: <see cref="ToolSchemaFeatures.Standard"/> (everything but strict mode); <see cref="ToolSchemaFeatures.None"/>
    /// for the local-server presets, <see cref="ToolSchemaFeatures.All"/> for OpenAI and Azure OpenAI.</value>
    public ToolSchemaFeatures ToolSchemaFeatures { get => _toolSchemaFeatures.ValueOr(ToolSchemaFeatures.Standard); set => _toolSchemaFeatures = new(value); }

    /// <summary>Gets or sets the name of the embeddings size field (<c>dimensions</c>; Mistral: <c>output_dimension</c>).</summary>
    /// <value>Default: <c>dimensions</c>.</value>
    public string EmbeddingDimensionsParameter { get => _embeddingDimensionsParameter.ValueOr("dimensions"); set => _embeddingDimensionsParameter = new(value); }

    /// <summary>Gets or sets an <c>input_type</c> sent with every embeddings request unless the call sets one
    /// (NVIDIA NIM's asymmetric embedders require <c>query</c> or <c>passage</c>).</summary>
    /// <value>Default: null (not sent).</value>
    public string? EmbeddingInputType { get => _embeddingInputType.ValueOr(null); set => _embeddingInputType = new(value); }

    /// <summary>Gets or sets whether the server accepts <c>encoding_format: base64</c> for embeddings.</summary>
    /// <value>Default: true.</value>
    public bool SupportsBase64Embeddings { get => _supportsBase64Embeddings.ValueOr(true); set => _supportsBase64Embeddings = new(value); }

    /// <summary>Gets or sets the provider's limit on inputs per embeddings request, if lower than the connector's.</summary>
    /// <value>Default: null.</value>
    public int? MaxEmbeddingInputs { get => _maxEmbeddingInputs.ValueOr(null); set => _maxEmbeddingInputs = new(value); }

    /// <summary>Gets or sets whether the server serves the Responses API and keeps responses (see
    /// <see cref="ChatApi.Responses"/> and <see cref="CustomChatCompletionOptions.UseServerState"/>).</summary>
    /// <value>Default: <see cref="ResponsesSupport.Stateless"/>; each preset says what its server does.</value>
    public ResponsesSupport Responses { get => _responses.ValueOr(ResponsesSupport.Stateless); set => _responses = new(value); }
    /// <summary>Gets or sets how an image request gives the image's shape (<c>size</c>, or xAI's <c>aspect_ratio</c>).</summary>
    /// <value>Default: <see cref="ImageSizeParameter.Size"/>; <see cref="ImageSizeParameter.AspectRatio"/> for xAI.</value>
    public ImageSizeParameter ImageSizeParameter { get => _imageSizeParameter.ValueOr(ImageSizeParameter.Size); set => _imageSizeParameter = new(value); }

    /// <summary>Gets or sets the image sizes (<c>1024x1024</c>) or aspect ratios (<c>16:9</c>), per
    /// <see cref="ImageSizeParameter"/>, the provider accepts; a request for another is refused before it is sent.</summary>
    /// <value>Default: null (any size is sent); xAI's aspect ratios for xAI.</value>
    public IReadOnlyList<string>? SupportedImageSizes { get => _supportedImageSizes.ValueOr(null); set => _supportedImageSizes = new(value); }

    /// <summary>Gets or sets which reranking API the server offers.</summary>
    /// <value>Default: <see cref="RerankApi.Rerank"/>.</value>
    public RerankApi RerankApi { get => _rerankApi.ValueOr(RerankApi.Rerank); set => _rerankApi = new(value); }

    /// <summary>Creates an independent copy that keeps which fields were set.</summary>
    /// <returns>The copy.</returns>
    public CustomQuirkProfile Clone() => OverridesOver(new CustomQuirkProfile());

    /// <summary>Returns the profile a service uses: every field set on this profile, and the <paramref name="preset"/>'s
    /// value for every other field; the dropped parameters of both.</summary>
    /// <remarks>The one list of fields: <see cref="Clone"/> is a merge over an empty profile, and a test fails when a
    /// new property is not carried here.</remarks>
    internal CustomQuirkProfile OverridesOver(CustomQuirkProfile preset)
    {
        var merged = new CustomQuirkProfile
        {
            _maxTokensParameter = _maxTokensParameter.Or(preset._maxTokensParameter),
            _seedParameter = _seedParameter.Or(preset._seedParameter),
            _requiredToolChoice = _requiredToolChoice.Or(preset._requiredToolChoice),
            _supportsStreamOptions = _supportsStreamOptions.Or(preset._supportsStreamOptions),
            _supportsToolCallsWhenStreaming = _supportsToolCallsWhenStreaming.Or(preset._supportsToolCallsWhenStreaming),
            _toolCallIdFormat = _toolCallIdFormat.Or(preset._toolCallIdFormat),
            _mapDeveloperToSystem = _mapDeveloperToSystem.Or(preset._mapDeveloperToSystem),
            _reasoningReplay = _reasoningReplay.Or(preset._reasoningReplay),
            _splitThinkTags = _splitThinkTags.Or(preset._splitThinkTags),
            _replyMayStartInThink = _replyMayStartInThink.Or(preset._replyMayStartInThink),
            _parseToolCallsInText = _parseToolCallsInText.Or(preset._parseToolCallsInText),
            _toolSchemaFeatures = _toolSchemaFeatures.Or(preset._toolSchemaFeatures),
            _embeddingDimensionsParameter = _embeddingDimensionsParameter.Or(preset._embeddingDimensionsParameter),
            _embeddingInputType = _embeddingInputType.Or(preset._embeddingInputType),
            _supportsBase64Embeddings = _supportsBase64Embeddings.Or(preset._supportsBase64Embeddings),
            _maxEmbeddingInputs = _maxEmbeddingInputs.Or(preset._maxEmbeddingInputs),
            _responses = _responses.Or(preset._responses),
            _imageSizeParameter = _imageSizeParameter.Or(preset._imageSizeParameter),
            _supportedImageSizes = CopyOf(_supportedImageSizes.Or(preset._supportedImageSizes)),
            _rerankApi = _rerankApi.Or(preset._rerankApi),
        };

        foreach (var parameter in preset.DroppedParameters.Concat(DroppedParameters).Distinct(StringComparer.Ordinal))
        {
            merged.DroppedParameters.Add(parameter);
        }

        return merged;
    }

    /// <summary>A merged profile owns its list: a caller changing the array it set must not change a running service.</summary>
    private static Overridable<IReadOnlyList<string>?> CopyOf(Overridable<IReadOnlyList<string>?> sizes) =>
        sizes.IsSet ? new(sizes.ValueOr(null)?.ToArray()) : sizes;
}
