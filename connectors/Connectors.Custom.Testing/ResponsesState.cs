namespace Connectors.Custom.Testing;

/// <summary>How a <see cref="WireProfile"/> serves the Responses API (<c>POST /v1/responses</c>) on the local server,
/// as the provider it reproduces does: whether it keeps responses for <c>previous_response_id</c>.</summary>
public enum ResponsesState
{
    /// <summary>Responses are kept unless the request sends <c>store: false</c>, and <c>previous_response_id</c>
    /// continues from them; an unknown id is refused (OpenAI, LM Studio).</summary>
    Stored = 0,

    /// <summary>The server could keep responses but is configured not to (vLLM's default): <c>store: true</c> is
    /// ignored and every <c>previous_response_id</c> is answered as not found.</summary>
    StoreOff = 1,

    /// <summary>Nothing is kept, and <c>previous_response_id</c> is refused outright (Ollama, OpenRouter, Groq, Together).</summary>
    Stateless = 2,

    /// <summary>The provider has no Responses API (DeepSeek, Mistral): <c>/v1/responses</c> is answered with 404.</summary>
    NotServed = 3,
}
