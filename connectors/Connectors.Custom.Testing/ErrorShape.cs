namespace Connectors.Custom.Testing;

/// <summary>The shape of a profile's error bodies.</summary>
internal enum ErrorShape
{
    /// <summary><c>{"error":{"message","type","param","code"}}</c> with a string or null code.</summary>
    OpenAI = 0,

    /// <summary>The OpenAI shape with <c>code</c> always null (Ollama).</summary>
    OpenAINullCode = 1,

    /// <summary>The OpenAI shape with the HTTP status as an integer <c>code</c> (vLLM).</summary>
    IntegerCode = 2,

    /// <summary><c>{"object":"error","message","type","param","code"}</c> without a wrapper (Mistral).</summary>
    Flat = 3,

    /// <summary><c>{"error":{"code":&lt;status&gt;,"message"}}</c> (OpenRouter).</summary>
    OpenRouter = 4,

    /// <summary><c>{"error":"message"}</c> (LM Studio).</summary>
    Text = 5,

    /// <summary><c>{"error":{"code":&lt;status&gt;,"message","type"}}</c> without <c>param</c> (llama.cpp).</summary>
    StatusCodeAndType = 6,
}
