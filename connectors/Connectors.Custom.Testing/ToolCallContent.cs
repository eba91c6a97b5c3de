namespace Connectors.Custom.Testing;

/// <summary>What a profile's non-streamed message has as <c>content</c> beside tool calls.</summary>
internal enum ToolCallContent
{
    /// <summary><c>"content": null</c> (OpenAI).</summary>
    Null = 0,

    /// <summary><c>"content": ""</c> (DeepSeek, Mistral).</summary>
    Empty = 1,

    /// <summary>No <c>content</c> key at all (Groq).</summary>
    Absent = 2,
}
