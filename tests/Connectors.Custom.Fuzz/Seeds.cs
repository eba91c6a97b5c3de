using System.Text;

namespace Connectors.Custom.Fuzz;

/// <summary>Valid inputs in the shapes real providers send (shared/provider-quirks.md), which the mutator breaks.</summary>
public static class Seeds
{
    public static readonly string[] ChatBodies =
    [
        """{"id":"chatcmpl-1","object":"chat.completion","created":1700000000,"model":"gpt-4o-mini","system_fingerprint":"fp_1","choices":[{"index":0,"message":{"role":"assistant","content":"Hello!","refusal":null},"logprobs":null,"finish_reason":"stop"}],"usage":{"prompt_tokens":10,"completion_tokens":5,"total_tokens":15,"prompt_tokens_details":{"cached_tokens":2},"completion_tokens_details":{"reasoning_tokens":1}}}""",
        """{"id":"c2","object":"chat.completion","created":1700000000,"model":"m","choices":[{"index":0,"message":{"role":"assistant","content":null,"tool_calls":[{"id":"call_1","type":"function","function":{"name":"get_weather","arguments":"{\"city\":\"Paris\"}"}},{"id":"","type":"function","function":{"name":"add","arguments":{"a":1,"b":2}}}]},"finish_reason":"tool_calls"}]}""",
        """{"id":"c3","model":"deepseek-reasoner","choices":[{"index":0,"message":{"role":"assistant","content":"42","reasoning_content":"Think \u00e9 \ud83d\ude00"},"finish_reason":"stop"}],"usage":{"prompt_tokens":"12","completion_tokens":3.0}}""",
        """{"id":"c4","model":"magistral","choices":[{"index":0,"message":{"role":"assistant","content":[{"type":"thinking","thinking":[{"type":"text","text":"hmm"}]},{"type":"text","text":"Answer"}]},"finish_reason":"stop"}]}""",
        """{"id":"c5","object":"chat.completion.chunk","created":1,"model":"m","choices":[{"index":0,"delta":{"role":"assistant","content":"Hel"},"finish_reason":null}],"x_groq":{"usage":{"prompt_tokens":1,"completion_tokens":1}}}""",
        """{"id":"c6","object":"chat.completion.chunk","choices":[{"index":0,"delta":{"tool_calls":[{"index":0,"id":"call_a","type":"function","function":{"name":"get_weather","arguments":"{\"ci"}}]},"finish_reason":null}]}""",
        """{"id":"c7","object":"chat.completion.chunk","choices":[{"index":0,"delta":{"tool_calls":[{"index":0,"function":{"arguments":"ty\":\"Oslo\"}"}}]},"finish_reason":"tool_calls"}]}""",
        """{"id":"c8","object":"chat.completion.chunk","choices":[],"usage":{"prompt_tokens":10,"completion_tokens":5,"total_tokens":15}}""",
        """{"error":{"message":"Rate limit","type":"rate_limit","code":429}}""",
        """{"object":"error","message":"bad","type":"invalid_request_error","code":400}""",
        """{"id":"c9","choices":[{"delta":{"reasoning":"r","content":""},"finish_reason":"error"}],"detail":null}""",
    ];

    public static readonly string[] ErrorBodies =
    [
        """{"error":{"message":"Unsupported parameter: 'max_tokens'","type":"invalid_request_error","param":"max_tokens","code":"unsupported_parameter"}}""",
        """{"error":"No models loaded. Please load a model"}""",
        """{"object":"error","message":{"detail":[{"loc":["body","seed"],"msg":"Extra inputs are not permitted","type":"extra_forbidden"}]},"type":"invalid_request_error","code":422}""",
        """{"detail":"'input_type' parameter is required"}""",
        """{"detail":[{"loc":["body",0,"x"],"msg":"field required","type":"value_error"}]}""",
        """{"message":"Rate limit exceeded","type":"too_many_requests_error"}""",
        """{"error":{"code":503,"message":"Server Overloaded","metadata":{"provider_name":"X","raw":"upstream \"busy\""}}}""",
        """{"code":"bad-key","error":"Incorrect API key"}""",
        "<html><head><title>502 Bad Gateway</title></head><body><center>nginx</center></body></html>",
        "\uFEFF\n\n{\"error\":{\"message\":\"after blank lines\"}}",
        "upstream connect error or disconnect/reset before headers",
    ];

    public static readonly string[] EmbeddingBodies =
    [
        """{"object":"list","data":[{"object":"embedding","index":0,"embedding":[0.1,-0.2,3e-5,4]}],"model":"e","usage":{"prompt_tokens":3,"total_tokens":3}}""",
        """{"object":"list","data":[{"object":"embedding","index":1,"embedding":[1,2]},{"object":"embedding","index":0,"embedding":[3,4]}],"model":"e"}""",
        """{"data":[{"embedding":"AACAPwAAAEA=","index":0},{"embedding":"AABAQAAAgEA=","index":1}],"model":"e"}""",
        """{"data":[{"embedding":"AACAP\/AAAEA=","index":0}]}""",
        """{"data":[{"index":0,"embedding":[0.5]},],}""",
        """{"error":{"message":"too many inputs"}}""",
        """{"object":"error","message":"bad"}""",
    ];

    public static readonly string[] ReasoningTexts =
    [
        "<think>Let me add them.</think>\n\nThe answer is 4.",
        "Reasoning that began in the prompt</think>The answer.",
        "  <think>\nstep 1\nstep 2\n</think>",
        "No tags at all, just an answer with a < sign and </thinking> text.",
        "<think></think><think>nested?</think></think>tail",
        "Answer first </think> stray close",
    ];

    public static readonly string[] ToolCallTexts =
    [
        "<tool_call>\n{\"name\": \"get_weather\", \"arguments\": {\"city\": \"Paris\"}}\n</tool_call>",
        "Sure. <tool_call>{\"name\":\"add\",\"arguments\":{\"a\":1,\"b\":2}}</tool_call> and <tool_call>{\"name\":\"search\",\"parameters\":{\"q\":\"x\"}}</tool_call>",
        "<function=get_weather>{\"city\": \"Oslo\"}</function>",
        "{\"name\": \"add\", \"arguments\": \"{\\\"a\\\":1}\"}",
        "[{\"name\":\"add\",\"arguments\":{}},{\"name\":\"get_weather\",\"parameters\":{\"city\":\"Rome\"}}]",
        "```json\n{\"name\":\"search\",\"arguments\":{\"q\":\"fuzz\"}}\n```",
        "{\"answer\": 42}",
        "<tool_call>{\"name\":\"add\",\"arguments\":{\"a\":1}} (the answer was cut off before the closing tag)",
        "<function=add>{\"a\":1} and no closing tag",
    ];

    public static readonly string[] RetryAfterValues =
    [
        "1500", "0", "2.5", "120", "Wed, 21 Oct 2015 07:28:00 GMT", "Sun, 06 Dec 2099 23:00:00 GMT", "6m0s", "1s", "250ms",
        "2m59.56s", "1h2m3s", "0.5", "10us", "1µs", "7ns",
    ];

    /// <summary>Streams built from the chat chunks, with the framing variants servers use.</summary>
    public static string[] SseStreams()
    {
        var chunks = ChatBodies.Where(b => b.Contains("chunk", StringComparison.Ordinal)).ToArray();
        var lf = string.Concat(chunks.Select(c => $"data: {c}\n\n")) + "data: [DONE]\n\n";
        var crlf = ": OPENROUTER PROCESSING\r\n\r\n" + string.Concat(chunks.Select(c => $"data:{c}\r\n\r\n")) + "data: [DONE]\r\n\r\n";
        var cr = string.Concat(chunks.Select(c => $"event: message\rdata: {c}\r\r"));
        var bare = chunks[0] + "\n" + """{"error":"model crashed"}""" + "\n";
        var multi = "data: {\"a\":\ndata: 1}\n\n: keep-alive\n\nid: 7\nretry: 10\ndata\n\n";
        return [lf, crlf, cr, bare, multi];
    }

    /// <summary>Tool-call streams: one chunk JSON per line, as the tool-call target reads them.</summary>
    public static string[] ToolCallStreams() =>
    [
        string.Join('\n', ChatBodies[5], ChatBodies[6]),
        string.Join('\n', ChatBodies[1]),
        string.Join('\n',
            """{"choices":[{"delta":{"tool_calls":[{"index":0,"id":"a","function":{"name":"add","arguments":""}},{"index":1,"id":"b","function":{"name":"get_weather","arguments":"{}"}}]}}]}""",
            """{"choices":[{"delta":{"tool_calls":[{"index":0,"function":{"arguments":"{\"a\":1}"}}]}}]}""",
            """{"choices":[{"delta":{"tool_calls":[{"index":0,"id":"c","function":{"name":"search","arguments":"{\"q\":1}"}}]}}]}""",
            """{"choices":[{"delta":{"tool_calls":[{"function":{"arguments":"x"}},{"id":"a","function":{"arguments":"}"}}]}}]}"""),
    ];

    public static byte[][] Utf8(IEnumerable<string> texts) => texts.Select(Encoding.UTF8.GetBytes).ToArray();
}
