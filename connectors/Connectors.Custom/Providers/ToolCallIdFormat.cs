namespace Connectors.Custom;

/// <summary>Constraints a server puts on the tool-call ids it is sent back.</summary>
public enum ToolCallIdFormat
{
    /// <summary>Any id (the default).</summary>
    Any = 0,

    /// <summary>Exactly nine letters or digits, as Mistral's tokenizer requires (Mistral, and vLLM serving Mistral
    /// models): ids are rewritten consistently in <c>tool_calls[].id</c> and <c>tool_call_id</c>.</summary>
    NineAlphanumerics = 1,
}
