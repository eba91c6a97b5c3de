using System.Globalization;

namespace Connectors.Custom.Testing;

/// <summary>How one <see cref="WireProfile"/> serves <c>POST /v1/responses</c>: whether it keeps responses for
/// <c>previous_response_id</c>, how it refuses an id it cannot continue from, and how it sends reasoning. Everything
/// else (error body shape, call ids, schema checks) comes from the profile's chat <see cref="WireStyle"/>.</summary>
internal sealed class ResponsesWireStyle
{
    // One row per profile, in a switch without a discard arm: a new WireProfile fails to compile (CS8509) until it
    // says how it serves the Responses API (or that it does not).
#pragma warning disable CS8524 // Undefined values are refused by LocalServerOptions validation.
    /// <summary>The profile's Responses behaviour (<see cref="ResponsesState.NotServed"/> when the provider does not
    /// serve <c>/v1/responses</c>: the local server then answers 404 there, as those providers do).</summary>
    public static ResponsesWireStyle For(WireProfile profile) => profile switch
    {
        // OpenAI keeps responses (store defaults to true) and reports an id it does not know as a 400.
        WireProfile.OpenAI => new()
        {
            State = ResponsesState.Stored,
            UnknownPrevious = new(400, "Previous response with id '{0}' not found.", "previous_response_not_found"),
            Reasoning = ResponsesReasoning.Summary,
        },

        // LM Studio 0.3.29+ keeps responses in memory, like OpenAI.
        WireProfile.LMStudio => new()
        {
            State = ResponsesState.Stored,
            UnknownPrevious = new(400, "Previous response with id '{0}' not found.", "previous_response_not_found"),
            Reasoning = ResponsesReasoning.Text,
        },

        // vLLM stores nothing unless VLLM_ENABLE_RESPONSES_API_STORE is set (store: true is then silently ignored), so
        // every previous_response_id misses, with its 404 "Response with id ... not found."
        WireProfile.Vllm => new()
        {
            State = ResponsesState.StoreOff,
            UnknownPrevious = new(404, "Response with id '{0}' not found.", null),
            Reasoning = ResponsesReasoning.Text,
        },

        // Ollama 0.13.3+: stateless only.
        WireProfile.Ollama => new()
        {
            State = ResponsesState.Stateless,
            UnknownPrevious = new(400, "previous_response_id is not supported", null),
            Reasoning = ResponsesReasoning.Text,
        },

        // OpenRouter's Responses API (beta) is stateless: the whole conversation goes in every request.
        WireProfile.OpenRouter => new()
        {
            State = ResponsesState.Stateless,
            UnknownPrevious = new(400, "previous_response_id is not supported: the Responses API here is stateless; send the full conversation in input.", null),
            Reasoning = ResponsesReasoning.Summary,
        },

        // Groq's Responses API (beta) is stateless.
        WireProfile.Groq => new()
        {
            State = ResponsesState.Stateless,
            UnknownPrevious = new(400, "previous_response_id is not supported", "unsupported_parameter"),
            Reasoning = ResponsesReasoning.Text,
        },

        // Together (beta): no stored responses, reasoning inline in the text.
        WireProfile.Together => new()
        {
            State = ResponsesState.Stateless,
            UnknownPrevious = new(400, "previous_response_id is not supported", null),
            Reasoning = ResponsesReasoning.InlineThinkTags,
        },

        // llama.cpp's llama-server serves /v1/responses by converting it to chat completions: stateless, reasoning as
        // raw text; an id it was asked to continue is refused like Ollama's.
        WireProfile.LlamaCpp => new()
        {
            State = ResponsesState.Stateless,
            UnknownPrevious = new(400, "previous_response_id is not supported", null),
            Reasoning = ResponsesReasoning.Text,
        },

        // DeepSeek and Mistral serve chat completions only.
        WireProfile.DeepSeek => new() { State = ResponsesState.NotServed },
        WireProfile.Mistral => new() { State = ResponsesState.NotServed },
    };
#pragma warning restore CS8524

    /// <summary>Whether responses are kept, and so whether <c>previous_response_id</c> can be honoured.</summary>
    public ResponsesState State { get; private init; }

    /// <summary>The error for a <c>previous_response_id</c> the server cannot continue from: unknown (stateful
    /// servers), never stored (store off) or not supported at all (stateless servers).</summary>
    public PreviousResponseError UnknownPrevious { get; private init; } = new(404, "Unknown request URL.", null);

    /// <summary>How reasoning is sent.</summary>
    public ResponsesReasoning Reasoning { get; private init; }

    /// <summary>Whether a response is kept when the request says nothing about <c>store</c>.</summary>
    public bool StoresByDefault => State == ResponsesState.Stored;
}

/// <summary>How reasoning goes out on the Responses API.</summary>
internal enum ResponsesReasoning
{
    /// <summary>A <c>reasoning</c> item with <c>summary</c> parts, streamed as <c>response.reasoning_summary_text.delta</c> (OpenAI).</summary>
    Summary = 0,

    /// <summary>A <c>reasoning</c> item with <c>reasoning_text</c> content, streamed as <c>response.reasoning_text.delta</c>
    /// (open-weight servers that show the raw reasoning).</summary>
    Text = 1,

    /// <summary>No reasoning item: <c>&lt;think&gt;…&lt;/think&gt;</c> at the start of the output text (Together).</summary>
    InlineThinkTags = 2,
}

/// <summary>The answer to a <c>previous_response_id</c> the server cannot continue from.</summary>
/// <param name="Status">The HTTP status.</param>
/// <param name="MessageFormat">The message, with <c>{0}</c> for the id.</param>
/// <param name="Code">The error <c>code</c>, or null.</param>
internal sealed record PreviousResponseError(int Status, string MessageFormat, string? Code)
{
    public string Message(string id) => string.Format(CultureInfo.InvariantCulture, MessageFormat, id);
}
