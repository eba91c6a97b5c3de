namespace Connectors.Custom;

/// <summary>Whether a server serves the Responses API (<c>/responses</c>), and whether it keeps responses so that a
/// request may continue one by <c>previous_response_id</c>.</summary>
public enum ResponsesSupport
{
    /// <summary>Served, without state the connector may rely on (the default): every request carries the whole
    /// conversation. Ollama, vLLM (store off by default), OpenRouter, Groq, Together, llama.cpp.</summary>
    Stateless = 0,

    /// <summary>Served, and responses are kept: with <see cref="CustomChatCompletionOptions.UseServerState"/> a request
    /// sends <c>previous_response_id</c> and only what is new. OpenAI, Azure OpenAI, xAI, LM Studio.</summary>
    Stateful = 1,

    /// <summary>Not served: a connector set to <see cref="ChatApi.Responses"/> is refused when it is built, naming
    /// the preset, rather than failing with a 404 on its first call.</summary>
    NotSupported = 2,
}
