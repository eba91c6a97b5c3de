namespace Connectors.Custom.Tests.Infrastructure;

/// <summary>Builders for wire payloads in the documented OpenAI shape, so tests state only what they vary.</summary>
public static class Wire
{
    public const string Model = "test-model";

    public static string Completion(string content = "Hello!", string finishReason = "stop", string usage = """{"prompt_tokens":10,"completion_tokens":5,"total_tokens":15}""") => $$$"""
        {"id":"chatcmpl-1","object":"chat.completion","created":1700000000,"model":"{{{Model}}}","choices":[{"index":0,"message":{"role":"assistant","content":"{{{content}}}"},"finish_reason":"{{{finishReason}}}"}],"usage":{{{usage}}}}
        """;

    /// <summary>A non-streaming completion whose message asks for the given tool calls (JSON array text).</summary>
    public static string ToolCallCompletion(string toolCallsJson) => $$$"""
        {"id":"chatcmpl-2","object":"chat.completion","created":1700000001,"model":"{{{Model}}}","choices":[{"index":0,"message":{"role":"assistant","content":null,"tool_calls":{{{toolCallsJson}}}},"finish_reason":"tool_calls"}],"usage":{"prompt_tokens":20,"completion_tokens":7,"total_tokens":27}}
        """;

    public static string Chunk(string delta, string? finishReason = null, string id = "chatcmpl-s")
    {
        var finish = finishReason is null ? "null" : $"\"{finishReason}\"";
        return $$$"""{"id":"{{{id}}}","object":"chat.completion.chunk","created":1700000002,"model":"{{{Model}}}","choices":[{"index":0,"delta":{{{delta}}},"finish_reason":{{{finish}}}}]}""";
    }

    public static string TextChunk(string text, string? finishReason = null) => Chunk($$"""{"content":"{{text}}"}""", finishReason);

    public static string UsageChunk(int prompt = 10, int completion = 5) =>
        $$$"""{"id":"chatcmpl-s","object":"chat.completion.chunk","created":1700000002,"model":"{{{Model}}}","choices":[],"usage":{"prompt_tokens":{{{prompt}}},"completion_tokens":{{{completion}}},"total_tokens":{{{prompt + completion}}}}}""";
}
