namespace Connectors.Custom;

/// <summary>The request field that carries the output-token limit.</summary>
public enum MaxTokensParameter
{
    /// <summary><c>max_tokens</c>: what nearly every compatible server reads.</summary>
    MaxTokens = 0,

    /// <summary><c>max_completion_tokens</c>: OpenAI's current name (required by its reasoning models), xAI, Cerebras.</summary>
    MaxCompletionTokens = 1,
}
