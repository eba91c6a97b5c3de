namespace Connectors.Custom.Testing;

/// <summary>Which provider's wire style the local server reproduces: how it streams (chunk layout, tool-call deltas,
/// where usage and the finish reason go, keep-alive comments), where reasoning goes, and how errors look. Each follows
/// the documented behaviour of that provider's OpenAI-compatible API (see <c>docs/providers.md</c>).</summary>
public enum WireProfile
{
    /// <summary>OpenAI: a role chunk, content chunks, a finish chunk with an empty delta, and a usage chunk with no
    /// choices when <c>stream_options.include_usage</c> is set. Tool calls stream as a first delta with id, type, name
    /// and empty arguments, then argument fragments, each with its <c>index</c>. No reasoning field. Errors are
    /// <c>{"error":{"message","type","param","code"}}</c>.</summary>
    OpenAI = 0,

    /// <summary>Ollama (<c>/v1</c>): the role rides on the first content chunk, reasoning in a <c>reasoning</c> field
    /// (in its own chunks), every tool call whole in one chunk, <c>system_fingerprint</c> <c>fp_ollama</c>; errors
    /// with <c>code: null</c>.</summary>
    Ollama = 1,

    /// <summary>vLLM: a <c>stop_reason</c> on every choice, reasoning in <c>reasoning</c>, a first tool-call delta with
    /// the name but no <c>arguments</c> key and an extra empty-arguments delta after the finish chunk; usage on every
    /// chunk with <c>stream_options.continuous_usage_stats</c>; errors with an integer <c>code</c> and types like
    /// <c>BadRequestError</c>. Tool schemas are checked as a grammar-constrained server checks them: <c>anyOf</c>,
    /// <c>oneOf</c>, <c>allOf</c>, <c>$ref</c>, <c>$defs</c>, <c>pattern</c> and formats other than date, time, date-time and uuid
    /// are refused with 400 and llama.cpp's <c>JSON schema conversion failed: Unrecognized schema</c> text.</summary>
    Vllm = 2,

    /// <summary>DeepSeek: a <c>: keep-alive</c> comment first, reasoning in <c>reasoning_content</c> (with
    /// <c>content: null</c>), <c>usage: null</c> on every chunk and the usage on the finish chunk itself (no separate
    /// usage chunk), tool-call arguments in small fragments, <c>content: ""</c> beside tool calls, cache-hit usage
    /// fields, and blank lines before non-streamed JSON bodies.</summary>
    DeepSeek = 3,

    /// <summary>Mistral: tool calls whole in one delta without <c>index</c> or <c>type</c>, with
    /// <c>finish_reason</c> and usage in that same chunk (usage always, without <c>stream_options</c>), nine-character
    /// tool-call ids, and the flat error shape <c>{"object":"error","message","type","param","code"}</c>.</summary>
    Mistral = 4,

    /// <summary>Groq: an <c>x_groq</c> object with a request id on the first chunk, tool calls whole in one chunk, and
    /// the stream's usage (with Groq's timing fields) only inside <c>x_groq</c> on the finish chunk; non-streamed tool
    /// calls have no <c>content</c> key at all.</summary>
    Groq = 5,

    /// <summary>OpenRouter: <c>: OPENROUTER PROCESSING</c> comment lines before and between chunks, <c>gen-</c> ids,
    /// <c>provider</c> and <c>native_finish_reason</c> fields, reasoning in <c>reasoning</c>, usage with a
    /// <c>cost</c>, and errors during a stream as a chunk with a top-level <c>error</c> and
    /// <c>finish_reason: "error"</c>, after which the stream ends.</summary>
    OpenRouter = 6,

    /// <summary>LM Studio: errors are <c>{"error":"text"}</c>, and an unknown route (such as a doubled <c>/v1/v1</c>)
    /// is answered with HTTP 200 and such an error; reasoning in <c>reasoning_content</c>.</summary>
    LMStudio = 7,

    /// <summary>llama.cpp's <c>llama-server</c>: a role chunk with <c>content: null</c>, reasoning in
    /// <c>reasoning_content</c>, a <c>system_fingerprint</c> that is the build (<c>b1234-…</c>), a <c>timings</c>
    /// object on the last chunk and on whole answers, 32-character tool-call ids, and errors as
    /// <c>{"error":{"code":&lt;status&gt;,"message","type"}}</c>. Tool schemas are converted as its
    /// <c>json-schema-to-grammar</c> converts them: a <c>$ref</c> that does not resolve or is not local, a
    /// <c>pattern</c> not anchored with <c>^…$</c>, and a <c>type</c> that is not a JSON type are refused with 400 and its
    /// <c>JSON schema conversion failed:</c> text (<c>Error resolving ref …</c>, <c>Unsupported ref: …</c>,
    /// <c>Pattern must start with '^' and end with '$'</c>, <c>Unrecognized schema: {…}</c>); <c>anyOf</c>,
    /// <c>oneOf</c>, <c>allOf</c>, local <c>$ref</c> and other formats are accepted, as there.</summary>
    LlamaCpp = 8,
    /// <summary>Together AI: OpenAI's chunk layout, with a reasoning model's thinking written inline at the start of the
    /// text as <c>&lt;think&gt;…&lt;/think&gt;</c> rather than in a field of its own, on chat completions and on the
    /// Responses API alike.</summary>
    Together = 9,
}
