using System.Text;
using System.Text.Json.Nodes;
using Connectors.Custom.Tests.Infrastructure;
using Microsoft.AspNetCore.Http;

namespace Connectors.Custom.Tests.Probe;

/// <summary>A small OpenAI-compatible server that answers by reading each request, the way one provider would
/// (see <see cref="ImitationProfile"/>): enough of chat, streaming, tools, JSON modes, reasoning, embeddings and the
/// model list for the probe to find the provider's differences.</summary>
/// <remarks>Kept beside <c>LocalOpenAIServer</c> on purpose: the local server's wire profiles reproduce how providers
/// <em>answer</em> and accept every request, while the probe must be shown how they <em>refuse</em> (a 422 for
/// <c>stream_options</c>, a 400 for <c>json_schema</c>, a batch limit, a bare-array model list). Teaching the shipped
/// local server to refuse would put test-only behaviour into a package users script against.</remarks>
public static class ImitationServer
{
    public static LoopbackServer Imitate(this LoopbackServer server, ImitationProfile profile) =>
        server.SetFallback((context, body) => HandleAsync(context, body, profile));

    /// <summary>Answers one request as the imitated provider would.</summary>
    public static async Task HandleAsync(HttpContext context, string body, ImitationProfile profile)
    {
        foreach (var (name, value) in profile.Headers)
        {
            context.Response.Headers[name] = value;
        }

        var path = context.Request.Path.Value ?? string.Empty;
        if (path.EndsWith("/models", StringComparison.Ordinal))
        {
            var items = new JsonArray(profile.Models.Select(m => (JsonNode)new JsonObject { ["id"] = m, ["object"] = "model", ["owned_by"] = "imitation" }).ToArray());
            await JsonAsync(context, 200, profile.ModelsAsBareArray ? items : new JsonObject { ["object"] = "list", ["data"] = items });
            return;
        }

        if (path.EndsWith("/responses", StringComparison.Ordinal))
        {
            // The imitated providers serve chat completions only; the Responses checks run against the local server.
            await JsonAsync(context, 404, JsonNode.Parse("""{"error":{"message":"Not Found","type":"invalid_request_error"}}""")!);
            return;
        }

        var request = JsonNode.Parse(body)!.AsObject();
        if (path.EndsWith("/embeddings", StringComparison.Ordinal))
        {
            await EmbeddingsAsync(context, request, profile);
        }
        else
        {
            await ChatAsync(context, request, profile);
        }
    }

    private static async Task ChatAsync(HttpContext context, JsonObject request, ImitationProfile profile)
    {
        var stream = request["stream"]?.GetValue<bool>() ?? false;
        if (stream && request.ContainsKey("stream_options") && profile.RejectStreamOptions)
        {
            await JsonAsync(context, 422, Mistral422("stream_options"));
            return;
        }

        if (request.ContainsKey("max_tokens") && profile.RequireMaxCompletionTokens)
        {
            await JsonAsync(context, 400, JsonNode.Parse("""{"error":{"message":"Unsupported parameter: 'max_tokens' is not supported with this model. Use 'max_completion_tokens' instead.","type":"invalid_request_error","param":"max_tokens","code":"unsupported_parameter"}}""")!);
            return;
        }

        var prompt = request["messages"]!.AsArray().Last()!["content"]!.GetValue<string>();
        var tools = request["tools"]?.AsArray().Select(t => t!["function"]!["name"]!.GetValue<string>()).ToList() ?? [];
        var format = request["response_format"]?["type"]?.GetValue<string>();

        string? content;
        string? reasoning = null;
        var calls = new List<(string Name, string Arguments)>();
        if (tools.Count > 0)
        {
            calls.Add(("get_weather", """{"city":"Paris"}"""));
            if (tools.Contains("get_time") && profile.ParallelCalls)
            {
                calls.Add(("get_time", """{"city":"Tokyo"}"""));
            }

            content = null;
            if (profile.Tools == ToolStyle.InText)
            {
                content = string.Concat(calls.Select(c => $$"""<tool_call>{"name":"{{c.Name}}","arguments":{{c.Arguments}}}</tool_call>"""));
                calls.Clear();
            }
        }
        else if (format == "json_object")
        {
            content = """{"name":"Ada Lovelace","born":1815}""";
        }
        else if (format == "json_schema" && profile.EnforceJsonSchema)
        {
            content = """{"city":"Paris","population":2100000}""";
        }
        else if (format == "json_schema")
        {
            content = "The capital of France is Paris, home to about 2.1 million people.";
        }
        else if (prompt.Contains("bat and a ball", StringComparison.Ordinal))
        {
            const string thinking = "Let x be the ball. Then x + (x + 1.00) = 1.10, so 2x = 0.10 and x = 0.05.";
            content = "The ball costs 5 cents.";
            if (profile.Reasoning == ReasoningStyle.Field)
            {
                reasoning = thinking;
            }
            else if (profile.Reasoning == ReasoningStyle.InlineThink)
            {
                content = $"<think>{thinking}</think>\n\n{content}";
            }
        }
        else if (prompt.StartsWith("Count", StringComparison.Ordinal))
        {
            content = "1 2 3 4 5 6 7 8 9 10";
        }
        else
        {
            content = "pong";
        }

        var includeUsage = stream && request["stream_options"]?["include_usage"]?.GetValue<bool>() == true && profile.StreamUsage;
        if (stream)
        {
            await StreamAsync(context, content, reasoning, calls, includeUsage, profile);
        }
        else
        {
            await JsonAsync(context, 200, Completion(content, reasoning, calls, profile));
        }
    }

    private static JsonObject Completion(string? content, string? reasoning, List<(string Name, string Arguments)> calls, ImitationProfile profile)
    {
        var message = new JsonObject { ["role"] = "assistant", ["content"] = content };
        if (reasoning is not null)
        {
            message["reasoning_content"] = reasoning;
        }

        if (calls.Count > 0)
        {
            message["tool_calls"] = new JsonArray(calls.Select((c, i) => (JsonNode)ToolCall(c, i, profile, streamed: false)).ToArray());
        }

        return new JsonObject
        {
            ["id"] = "cmpl-1",
            ["object"] = "chat.completion",
            ["created"] = 1700000000,
            ["model"] = "chat-model",
            ["choices"] = new JsonArray(new JsonObject { ["index"] = 0, ["message"] = message, ["finish_reason"] = calls.Count > 0 ? "tool_calls" : "stop" }),
            ["usage"] = new JsonObject { ["prompt_tokens"] = 12, ["completion_tokens"] = 6, ["total_tokens"] = 18 },
        };
    }

    private static JsonObject ToolCall((string Name, string Arguments) call, int index, ImitationProfile profile, bool streamed)
    {
        var function = new JsonObject { ["name"] = call.Name, ["arguments"] = streamed && profile.Tools == ToolStyle.OpenAI ? string.Empty : call.Arguments };
        return profile.Tools == ToolStyle.Mistral
            ? new JsonObject { ["id"] = $"abc12345{index}", ["function"] = function }
            : new JsonObject { ["index"] = index, ["id"] = $"call_{index}", ["type"] = "function", ["function"] = function };
    }

    private static async Task StreamAsync(HttpContext context, string? content, string? reasoning, List<(string Name, string Arguments)> calls, bool includeUsage, ImitationProfile profile)
    {
        var chunks = new List<JsonObject> { Delta(new JsonObject { ["role"] = "assistant", ["content"] = string.Empty }) };
        if (reasoning is not null)
        {
            chunks.Add(Delta(new JsonObject { ["reasoning_content"] = reasoning }));
        }

        // Text travels in small pieces, so tags and JSON are split across chunks as real servers split them.
        for (var i = 0; content is not null && i < content.Length; i += 7)
        {
            chunks.Add(Delta(new JsonObject { ["content"] = content.Substring(i, Math.Min(7, content.Length - i)) }));
        }

        for (var i = 0; i < calls.Count; i++)
        {
            chunks.Add(Delta(new JsonObject { ["tool_calls"] = new JsonArray(ToolCall(calls[i], i, profile, streamed: true)) }));
            if (profile.Tools == ToolStyle.OpenAI)
            {
                chunks.Add(Delta(new JsonObject { ["tool_calls"] = new JsonArray(new JsonObject { ["index"] = i, ["function"] = new JsonObject { ["arguments"] = calls[i].Arguments } }) }));
            }
        }

        chunks.Add(Delta(new JsonObject(), calls.Count > 0 ? "tool_calls" : "stop"));
        if (includeUsage)
        {
            chunks.Add(new JsonObject
            {
                ["id"] = "cmpl-s",
                ["object"] = "chat.completion.chunk",
                ["model"] = "chat-model",
                ["choices"] = new JsonArray(),
                ["usage"] = new JsonObject { ["prompt_tokens"] = 9, ["completion_tokens"] = 4, ["total_tokens"] = 13 },
            });
        }

        context.Response.ContentType = "text/event-stream";
        foreach (var chunk in chunks)
        {
            await context.Response.WriteAsync($"data: {chunk.ToJsonString()}\n\n");
            await context.Response.Body.FlushAsync();
        }

        await context.Response.WriteAsync("data: [DONE]\n\n");
    }

    private static JsonObject Delta(JsonObject delta, string? finishReason = null) => new()
    {
        ["id"] = "cmpl-s",
        ["object"] = "chat.completion.chunk",
        ["created"] = 1700000002,
        ["model"] = "chat-model",
        ["choices"] = new JsonArray(new JsonObject { ["index"] = 0, ["delta"] = delta, ["finish_reason"] = finishReason }),
    };

    private static async Task EmbeddingsAsync(HttpContext context, JsonObject request, ImitationProfile profile)
    {
        var inputs = request["input"]!.AsArray().Select(i => i!.GetValue<string>()).ToList();
        var base64 = request["encoding_format"]?.GetValue<string>() == "base64";
        if (inputs.Count > profile.MaxEmbeddingInputs)
        {
            await JsonAsync(context, 400, new JsonObject { ["object"] = "error", ["message"] = $"Too many inputs in request, maximum is {profile.MaxEmbeddingInputs}.", ["type"] = "invalid_request_error" });
            return;
        }

        if (base64 && profile.Base64 == Base64Style.Rejected)
        {
            await JsonAsync(context, 400, new JsonObject { ["object"] = "error", ["message"] = "encoding_format: only 'float' is supported", ["type"] = "invalid_request_error", ["param"] = "encoding_format" });
            return;
        }

        var size = profile.NativeDimensions;
        foreach (var field in new[] { "dimensions", "output_dimension" })
        {
            if (!request.ContainsKey(field))
            {
                continue;
            }

            if (field == profile.DimensionsField)
            {
                size = request[field]!.GetValue<int>();
            }
            else if (profile.RejectUnknownFields)
            {
                await JsonAsync(context, 422, Mistral422(field));
                return;
            }
        }

        var data = new JsonArray();
        for (var i = 0; i < inputs.Count; i++)
        {
            var vector = EmbeddingServer.BagOfWords(inputs[i], size);
            JsonNode embedding = base64 && profile.Base64 == Base64Style.Supported
                ? Convert.ToBase64String(System.Runtime.InteropServices.MemoryMarshal.AsBytes(vector.AsSpan()))
                : new JsonArray(vector.Select(v => (JsonNode)v).ToArray());
            data.Add(new JsonObject { ["object"] = "embedding", ["index"] = i, ["embedding"] = embedding });
        }

        await JsonAsync(context, 200, new JsonObject
        {
            ["object"] = "list",
            ["data"] = data,
            ["model"] = "embed-model",
            ["usage"] = new JsonObject { ["prompt_tokens"] = inputs.Count, ["total_tokens"] = inputs.Count },
        });
    }

    /// <summary>Mistral's answer to a field it does not know.</summary>
    private static JsonNode Mistral422(string field) => JsonNode.Parse($$"""
        {"object":"error","message":{"detail":[{"type":"extra_forbidden","loc":["body","{{field}}"],"msg":"Extra inputs are not permitted","input":true}]},"type":"invalid_request_error","param":null,"code":null}
        """)!;

    private static async Task JsonAsync(HttpContext context, int status, JsonNode body)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync(body.ToJsonString(), Encoding.UTF8);
    }
}
