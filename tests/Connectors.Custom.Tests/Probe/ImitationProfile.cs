namespace Connectors.Custom.Tests.Probe;

/// <summary>How a provider imitated by <see cref="ImitationServer"/> behaves.</summary>
public sealed record ImitationProfile
{
    public string[] Models { get; init; } = ["chat-model", "embed-model"];

    /// <summary>Lists models as a bare JSON array instead of <c>{"data": [...]}</c>.</summary>
    public bool ModelsAsBareArray { get; init; }

    /// <summary>Rejects <c>stream_options</c> with Mistral's 422 (pydantic <c>extra_forbidden</c>).</summary>
    public bool RejectStreamOptions { get; init; }

    /// <summary>Sends a usage chunk when <c>stream_options.include_usage</c> asks for one.</summary>
    public bool StreamUsage { get; init; } = true;

    /// <summary>Rejects <c>max_tokens</c> the way OpenAI's reasoning models do.</summary>
    public bool RequireMaxCompletionTokens { get; init; }

    public ToolStyle Tools { get; init; } = ToolStyle.OpenAI;

    /// <summary>Answers two calls when two functions are offered.</summary>
    public bool ParallelCalls { get; init; } = true;

    public bool EnforceJsonSchema { get; init; } = true;

    public ReasoningStyle Reasoning { get; init; } = ReasoningStyle.None;

    public Base64Style Base64 { get; init; } = Base64Style.Supported;

    /// <summary>The field that shortens vectors, or null when none does.</summary>
    public string? DimensionsField { get; init; } = "dimensions";

    /// <summary>Rejects unknown request fields with 422, as Mistral's strict validation does.</summary>
    public bool RejectUnknownFields { get; init; }

    public int NativeDimensions { get; init; } = 64;

    public int MaxEmbeddingInputs { get; init; } = 2048;

    /// <summary>Headers added to every response.</summary>
    public Dictionary<string, string> Headers { get; init; } = [];
}

public enum ToolStyle
{
    /// <summary>Native <c>tool_calls</c> with <c>index</c> and <c>type</c>, arguments streamed in pieces.</summary>
    OpenAI,

    /// <summary>Native <c>tool_calls</c> without <c>index</c> or <c>type</c>, each call whole in one chunk.</summary>
    Mistral,

    /// <summary>No tool parser: Hermes <c>&lt;tool_call&gt;</c> blocks in the answer text.</summary>
    InText,
}

public enum ReasoningStyle
{
    None,

    /// <summary>Reasoning in <c>reasoning_content</c> (DeepSeek, vLLM's parser).</summary>
    Field,

    /// <summary><c>&lt;think&gt;</c> inline in the answer text.</summary>
    InlineThink,
}

public enum Base64Style
{
    Supported,

    /// <summary>400 naming <c>encoding_format</c>.</summary>
    Rejected,

    /// <summary>Accepted, but vectors come back as numbers.</summary>
    Ignored,
}
