using System;
using System.Globalization;

namespace Connectors.Custom.Testing;

/// <summary>The wire details of one <see cref="WireProfile"/>, as switches the writers read.</summary>
internal sealed class WireStyle
{
    // Built on each lookup: servers start rarely, and a switch (no table indexed by position, no discard arm) makes a
    // new WireProfile fail to compile (CS8509) until its style is written here.
#pragma warning disable CS8524 // Undefined values are refused by LocalServerOptions validation.
    public static WireStyle For(WireProfile profile) => profile switch
    {
        WireProfile.OpenAI => new() { Fingerprint = "fp_local_scripted", Refusal = true },
        WireProfile.Ollama => new()
        {
            Fingerprint = "fp_ollama",
            ModelOwner = "library",
            ReasoningField = "reasoning",
            RoleRidesOnFirstChunk = true,
            ToolDeltas = ToolDeltaStyle.Whole,
            Errors = ErrorShape.OpenAINullCode,
            CallId = static (sequence, index) => "call_" + Hex(sequence, index),
        },
        WireProfile.Vllm => new()
        {
            ModelOwner = "vllm",
            ModelCardExtras = true,
            ReasoningField = "reasoning",
            ToolDeltas = ToolDeltaStyle.NameFirstThenTrailingEmpty,
            StopReason = true,
            ContinuousUsage = true,
            Errors = ErrorShape.IntegerCode,
            CallId = static (sequence, index) => string.Create(CultureInfo.InvariantCulture, $"chatcmpl-tool-local{sequence}x{index}"),
        },
        WireProfile.DeepSeek => new()
        {
            Fingerprint = "fp_local_scripted",
            ReasoningField = "reasoning_content",
            ArgumentFragmentLength = 3,
            Usage = StreamUsage.OnFinishChunk,
            NullUsageOnEveryChunk = true,
            NullContentBesideReasoning = true,
            KeepAlive = "keep-alive",
            ToolCallContent = ToolCallContent.Empty,
            IndexInMessageToolCalls = true,
            LeadingBlankLines = true,
            CacheUsageFields = true,
            CallId = static (sequence, index) => string.Create(CultureInfo.InvariantCulture, $"call_{index:00}_local{sequence}"),
        },
        WireProfile.Mistral => new()
        {
            ToolDeltas = ToolDeltaStyle.WholeWithoutIndexOrType,
            FinishOnLastDelta = true,
            Usage = StreamUsage.AlwaysOnFinishChunk,
            ToolCallContent = ToolCallContent.Empty,
            Errors = ErrorShape.Flat,
            CallId = static (sequence, index) => MistralId(sequence, index),
        },
        WireProfile.Groq => new()
        {
            Fingerprint = "fp_local_scripted",
            ReasoningField = "reasoning",
            ToolDeltas = ToolDeltaStyle.Whole,
            Usage = StreamUsage.InXGroq,
            ToolCallContent = ToolCallContent.Absent,
            GroqExtras = true,
        },
        WireProfile.OpenRouter => new()
        {
            IdPrefix = "gen-local-",
            ReasoningField = "reasoning",
            Provider = "LocalScripted",
            KeepAlive = "OPENROUTER PROCESSING",
            KeepAliveBetweenChunks = true,
            UsageCost = true,
            Errors = ErrorShape.OpenRouter,
        },
        WireProfile.LMStudio => new()
        {
            Fingerprint = "fp_local_scripted",
            ReasoningField = "reasoning_content",
            Errors = ErrorShape.Text,
            UnknownRouteIsOk = true,
        },
        WireProfile.LlamaCpp => new()
        {
            Fingerprint = "b6915-local",
            ModelOwner = "llamacpp",
            ReasoningField = "reasoning_content",
            NullContentInRoleChunk = true,
            Timings = true,
            Errors = ErrorShape.StatusCodeAndType,
            CallId = static (sequence, index) => Alphanumerics(sequence, index, 32),
        },
        WireProfile.Together => new()
        {
            IdPrefix = "local-together-",
            InlineReasoning = true,
        },
    };
#pragma warning restore CS8524

    /// <summary>The <c>owned_by</c> of the models <c>GET /v1/models</c> lists.</summary>
    public string ModelOwner { get; private init; } = "connectors-custom-testing";

    /// <summary>Whether listed models carry vLLM's model card fields: <c>root</c>, <c>parent</c>,
    /// <c>max_model_len</c> and <c>permission</c>.</summary>
    public bool ModelCardExtras { get; private init; }

    /// <summary>The prefix of response ids.</summary>
    public string IdPrefix { get; private init; } = "chatcmpl-local-";

    /// <summary>The <c>system_fingerprint</c>, or null to leave it out.</summary>
    public string? Fingerprint { get; private init; }

    /// <summary>Whether messages carry <c>"refusal": null</c> (OpenAI).</summary>
    public bool Refusal { get; private init; }

    /// <summary>The field reasoning goes in, or null when the profile carries none.</summary>
    public string? ReasoningField { get; private init; }

    /// <summary>Whether the role chunk carries <c>"content": null</c> instead of an empty string (llama.cpp).</summary>
    public bool NullContentInRoleChunk { get; private init; }

    /// <summary>Whether the last chunk and whole answers carry llama.cpp's <c>timings</c> object.</summary>
    public bool Timings { get; private init; }
    /// <summary>Whether reasoning is written at the start of the text inside <c>&lt;think&gt;</c> tags (Together), so
    /// a client must split it off itself; <see cref="ReasoningField"/> is then null.</summary>
    public bool InlineReasoning { get; private init; }

    /// <summary>Whether the role comes with the first content chunk instead of an empty role chunk of its own.</summary>
    public bool RoleRidesOnFirstChunk { get; private init; }

    public ToolDeltaStyle ToolDeltas { get; private init; }

    /// <summary>How long each streamed argument fragment is; 0 splits the arguments in two halves.</summary>
    public int ArgumentFragmentLength { get; private init; }

    /// <summary>Whether the tool calls of non-streamed messages carry their <c>index</c> (DeepSeek).</summary>
    public bool IndexInMessageToolCalls { get; private init; }

    /// <summary>Whether the finish reason rides on the last delta instead of a chunk of its own.</summary>
    public bool FinishOnLastDelta { get; private init; }

    public StreamUsage Usage { get; private init; }

    /// <summary>Whether every chunk carries <c>"usage": null</c> until the one that has it.</summary>
    public bool NullUsageOnEveryChunk { get; private init; }

    /// <summary>Whether reasoning deltas carry <c>"content": null</c> (DeepSeek's reasoner, which also opens with
    /// empty reasoning instead of empty content).</summary>
    public bool NullContentBesideReasoning { get; private init; }

    /// <summary>Whether choices carry vLLM's <c>stop_reason</c>.</summary>
    public bool StopReason { get; private init; }

    /// <summary>Whether <c>stream_options.continuous_usage_stats</c> puts usage on every chunk.</summary>
    public bool ContinuousUsage { get; private init; }

    /// <summary>The <c>provider</c> field (and <c>native_finish_reason</c>) of routed answers, or null.</summary>
    public string? Provider { get; private init; }

    /// <summary>The text of the SSE comment sent before the first chunk, or null.</summary>
    public string? KeepAlive { get; private init; }

    /// <summary>Whether the keep-alive comment is repeated between chunks too.</summary>
    public bool KeepAliveBetweenChunks { get; private init; }

    public ErrorShape Errors { get; private init; }

    /// <summary>Whether unknown routes get HTTP 200 with an error body (LM Studio).</summary>
    public bool UnknownRouteIsOk { get; private init; }

    /// <summary>What <c>content</c> is beside tool calls.</summary>
    public ToolCallContent ToolCallContent { get; private init; }

    /// <summary>Whether non-streamed bodies start with blank lines (DeepSeek while a request is queued).</summary>
    public bool LeadingBlankLines { get; private init; }

    /// <summary>Whether usage carries DeepSeek's cache-hit fields.</summary>
    public bool CacheUsageFields { get; private init; }

    /// <summary>Whether answers carry Groq's <c>x_groq</c>, timing usage fields and service tier.</summary>
    public bool GroqExtras { get; private init; }

    /// <summary>Whether usage carries OpenRouter's <c>cost</c>.</summary>
    public bool UsageCost { get; private init; }

    /// <summary>Makes the id of call <c>index</c> in the answer to request <c>sequence</c>.</summary>
    public Func<long, int, string> CallId { get; private init; } = static (sequence, index) => string.Create(CultureInfo.InvariantCulture, $"call_local_{sequence}_{index}");

    /// <summary>Eight hex digits mixed from the request and call position: random-looking, but reproducible.</summary>
    private static string Hex(long sequence, int index)
    {
        var mixed = unchecked((ulong)sequence * 0x9E3779B97F4A7C15UL + (ulong)index * 0xBF58476D1CE4E5B9UL + 0x94D049BB133111EBUL);
        return (mixed >> 32).ToString("x8", CultureInfo.InvariantCulture);
    }

    /// <summary>Mistral's ids are exactly nine letters and digits.</summary>
    private static string MistralId(long sequence, int index) => Alphanumerics(sequence, index, 9);

    /// <summary>An id of <paramref name="length"/> letters and digits, starting with <c>L</c> (for local), unique
    /// per request and call position.</summary>
    private static string Alphanumerics(long sequence, int index, int length)
    {
        const string Digits = "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";
        var value = unchecked((ulong)sequence * 64 + (ulong)index);
        var id = new char[length];
        id[0] = 'L';
        for (var i = length - 1; i >= 1; i--)
        {
            id[i] = Digits[(int)(value % (ulong)Digits.Length)];
            value /= (ulong)Digits.Length;
        }

        return new string(id);
    }
}
