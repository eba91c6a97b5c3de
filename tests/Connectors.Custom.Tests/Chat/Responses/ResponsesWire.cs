using System.Text;

namespace Connectors.Custom.Tests.Chat.Responses;

/// <summary>Builders for Responses API wire payloads in OpenAI's documented shape, so tests state only what they vary.</summary>
public static class ResponsesWire
{
    public const string Model = "test-model";

    public const string Usage = """{"input_tokens":12,"input_tokens_details":{"cached_tokens":4},"output_tokens":6,"output_tokens_details":{"reasoning_tokens":2},"total_tokens":18}""";

    public static string Message(string text) =>
        $$"""{"type":"message","id":"msg_1","status":"completed","role":"assistant","content":[{"type":"output_text","text":"{{text}}","annotations":[]}]}""";

    public static string FunctionCall(string callId, string name, string argumentsJson) =>
        $$"""{"type":"function_call","id":"fc_{{callId}}","call_id":"{{callId}}","name":"{{name}}","arguments":{{System.Text.Json.JsonSerializer.Serialize(argumentsJson)}},"status":"completed"}""";

    public static string Reasoning(string summary, string? encrypted = null) =>
        $$"""{"type":"reasoning","id":"rs_1","summary":[{"type":"summary_text","text":"{{summary}}"}]{{(encrypted is null ? "" : $",\"encrypted_content\":\"{encrypted}\"")}}}""";

    public static string Response(string id = "resp_1", string status = "completed", string usage = Usage, string? incompleteReason = null, params string[] output) =>
        $$"""{"id":"{{id}}","object":"response","created_at":1700000000,"status":"{{status}}","model":"{{Model}}","output":[{{string.Join(",", output)}}],"incomplete_details":{{IncompleteDetails(incompleteReason)}},"error":null,"usage":{{usage}}}""";

    /// <summary>A named-event SSE stream (<c>event:</c> and <c>data:</c> lines), as OpenAI writes it.</summary>
    public static string Stream(params string[] events)
    {
        var text = new StringBuilder();
        var sequence = 0;
        foreach (var data in events)
        {
            var type = System.Text.Json.JsonDocument.Parse(data).RootElement.GetProperty("type").GetString();
            var numbered = data.Insert(data.Length - 1, $",\"sequence_number\":{sequence++}");
            text.Append("event: ").Append(type).Append('\n').Append("data: ").Append(numbered).Append("\n\n");
        }

        return text.ToString();
    }

    public static string Created(string id = "resp_s") =>
        $$$"""{"type":"response.created","response":{"id":"{{{id}}}","object":"response","created_at":1700000002,"status":"in_progress","model":"{{{Model}}}","output":[],"usage":null}}""";

    public static string TextDelta(string delta, int outputIndex = 0) =>
        $$"""{"type":"response.output_text.delta","item_id":"msg_1","output_index":{{outputIndex}},"content_index":0,"delta":"{{delta}}"}""";

    public static string Completed(string id = "resp_s", string usage = Usage, string status = "completed", string? incompleteReason = null) =>
        $$$"""{"type":"response.{{{status}}}","response":{"id":"{{{id}}}","object":"response","created_at":1700000002,"status":"{{{status}}}","model":"{{{Model}}}","output":[],"incomplete_details":{{{IncompleteDetails(incompleteReason)}}},"usage":{{{usage}}}}}""";

    private static string IncompleteDetails(string? reason) => reason is null ? "null" : $"{{\"reason\":\"{reason}\"}}";
}
