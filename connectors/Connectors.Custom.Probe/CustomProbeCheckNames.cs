namespace Connectors.Custom;

/// <summary>The names of the checks a <see cref="CustomEndpointProbe"/> runs, in the order it runs them.</summary>
public static class CustomProbeCheckNames
{
    /// <summary><c>GET {endpoint}/models</c>: the list of models.</summary>
    public const string Models = "models";

    /// <summary>A non-streaming chat turn.</summary>
    public const string Chat = "chat";

    /// <summary>A streamed chat turn without <c>stream_options</c>.</summary>
    public const string Streaming = "streaming";

    /// <summary>A streamed chat turn asking for usage with <c>stream_options.include_usage</c>: did usage arrive.</summary>
    public const string StreamingUsage = "streaming-usage";

    /// <summary>A non-streaming turn offering one function and asking for it to be called.</summary>
    public const string ToolCalling = "tool-calling";

    /// <summary>The same, streamed.</summary>
    public const string ToolCallingStreaming = "tool-calling-streaming";

    /// <summary>A turn offering two functions and asking for both at once: did two calls come back.</summary>
    public const string ParallelToolCalls = "parallel-tool-calls";

    /// <summary>JSON mode (<c>response_format: json_object</c>): is the answer a JSON object.</summary>
    public const string JsonMode = "json-mode";

    /// <summary>Structured output (<c>response_format: json_schema</c>): does the answer follow the schema.</summary>
    public const string JsonSchema = "json-schema";

    /// <summary>Reasoning: did reasoning arrive in its own field, or inline in <c>&lt;think&gt;</c> tags.</summary>
    public const string Reasoning = "reasoning";

    /// <summary>A non-streaming turn on the Responses API (<c>POST {endpoint}/responses</c>, <c>store: false</c>):
    /// does the server serve it.</summary>
    public const string Responses = "responses";

    /// <summary>Two Responses turns, the second continuing the first by <c>previous_response_id</c> with only the new
    /// message: does the server keep responses (and so may <see cref="CustomChatCompletionOptions.UseServerState"/> be
    /// used).</summary>
    public const string ResponsesState = "responses-state";

    /// <summary>Embeddings asked for as JSON numbers.</summary>
    public const string EmbeddingsFloat = "embeddings-float";

    /// <summary>Embeddings asked for as base64.</summary>
    public const string EmbeddingsBase64 = "embeddings-base64";

    /// <summary>Embeddings asked for with a smaller size: is the size honoured.</summary>
    public const string EmbeddingDimensions = "embeddings-dimensions";

    /// <summary>The most inputs one embeddings request may carry, found by doubling then bisection up to the cap.</summary>
    public const string EmbeddingBatchSize = "embeddings-batch-size";

    /// <summary>Whether any response carried rate-limit headers (<c>x-ratelimit-*</c>, <c>ratelimit-*</c>,
    /// <c>retry-after*</c>).</summary>
    public const string RateLimitHeaders = "rate-limit-headers";
}
