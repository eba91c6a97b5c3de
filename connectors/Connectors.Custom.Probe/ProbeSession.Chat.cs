using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.Linq;
using System.Net;
using System.Text;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.AI;

namespace Connectors.Custom;

/// <summary>The chat checks.</summary>
internal sealed partial class ProbeSession
{
    // Enough for a short answer from a model that thinks first; bounded, so a probe costs next to nothing.
    private const int AnswerTokens = 512;
    private const int ReasoningTokens = 2048;

    private const string WeatherPrompt = "What is the weather in Paris right now? Use the get_weather function to find out.";
    private const string ParallelPrompt = "I need two things at once: the current weather in Paris and the current local time in Tokyo. Call get_weather and get_time together, in this same turn.";

    private static readonly string[] s_markers = ["<tool_call>", "<function=", "```"];

    private Task CheckChatAsync() => RunChatCheckAsync(CustomProbeCheckNames.Chat, async cancellationToken =>
    {
        using var client = CreateChatClient(includeUsageInStream: false);
        var response = await client.GetResponseAsync([new ChatMessage(ChatRole.User, "Reply with one word: pong")], new ChatOptions { MaxOutputTokens = AnswerTokens }, cancellationToken).ConfigureAwait(false);
        Remember(response.Text);
        var answer = string.IsNullOrWhiteSpace(response.Text)
            ? $"an empty answer (finish reason {response.FinishReason?.Value ?? "none"})"
            : ProbeText.Quote(response.Text);
        var usage = response.Usage is { } details
            ? $"; {details.InputTokenCount ?? 0} input and {details.OutputTokenCount ?? 0} output tokens"
            : "; no usage reported";
        return (CustomProbeOutcome.Supported, $"answered {answer}{usage}");
    });

    private async Task RunChatChecksAsync()
    {
        await RunChatCheckAsync(CustomProbeCheckNames.Streaming, CheckStreamingAsync).ConfigureAwait(false);

        var usage = await RunChatCheckAsync(CustomProbeCheckNames.StreamingUsage, CheckStreamingUsageAsync).ConfigureAwait(false);
        if (usage.Error is not null && Succeeded(CustomProbeCheckNames.Streaming) && _quirks.SupportsStreamOptions)
        {
            Propose(nameof(CustomQuirkProfile.SupportsStreamOptions), q => q.SupportsStreamOptions = false, $"streaming with stream_options failed ({usage.Check.Detail}) while plain streaming worked.");
        }

        await RunChatCheckAsync(CustomProbeCheckNames.ToolCalling, cancellationToken => CheckToolCallingAsync(streaming: false, cancellationToken)).ConfigureAwait(false);
        await RunChatCheckAsync(CustomProbeCheckNames.ToolCallingStreaming, cancellationToken => CheckToolCallingAsync(streaming: true, cancellationToken)).ConfigureAwait(false);
        await RunChatCheckAsync(CustomProbeCheckNames.ParallelToolCalls, CheckParallelToolCallsAsync).ConfigureAwait(false);
        await RunChatCheckAsync(CustomProbeCheckNames.JsonMode, CheckJsonModeAsync).ConfigureAwait(false);
        await RunChatCheckAsync(CustomProbeCheckNames.JsonSchema, CheckJsonSchemaAsync).ConfigureAwait(false);
        await RunChatCheckAsync(CustomProbeCheckNames.Reasoning, CheckReasoningAsync).ConfigureAwait(false);
    }

    /// <summary>Runs a chat check, then learns from what the server rejected on the way, as the connector would at run
    /// time; proposing it up front saves the rejected first request of every call.</summary>
    private async Task<(CustomProbeCheck Check, Exception? Error)> RunChatCheckAsync(string name, Func<CancellationToken, Task<(CustomProbeOutcome Outcome, string Detail)>> check)
    {
        var since = _observer.Count;
        var result = await RunCheckAsync(name, check).ConfigureAwait(false);
        foreach (var exchange in _observer.Since(since))
        {
            if (!exchange.IsRejection || exchange.RequestBody is not { } request || !exchange.Path.EndsWith("/chat/completions", StringComparison.Ordinal))
            {
                continue;
            }

            var error = ProviderErrorParser.TryParse(exchange.ResponseBody ?? []);
            var rejection = new CustomEndpointException("The request was rejected.", (HttpStatusCode)exchange.Status!.Value, null, error);
            if (QuirkNegotiator.TryAdapt(rejection, _quirks, request, out var adapted, out var change))
            {
                _quirks = adapted;
                _reasons.Add(Redact(ProbeText.Bound($"The {name} check was rejected with HTTP {exchange.Status} ({error?.Message ?? "no error text"}), so {change}.")));
            }
        }

        return result;
    }

    private async Task<(CustomProbeOutcome, string)> CheckStreamingAsync(CancellationToken cancellationToken)
    {
        using var client = CreateChatClient(includeUsageInStream: false);
        var started = Stopwatch.GetTimestamp();
        TimeSpan? firstText = null;
        var updates = 0;
        var text = new StringBuilder();
        await foreach (var update in client.GetStreamingResponseAsync([new ChatMessage(ChatRole.User, "Count from 1 to 10, separated by spaces.")], new ChatOptions { MaxOutputTokens = AnswerTokens }, cancellationToken).ConfigureAwait(false))
        {
            updates++;
            if (!string.IsNullOrEmpty(update.Text))
            {
                firstText ??= Stopwatch.GetElapsedTime(started);
                text.Append(update.Text);
            }
        }

        Remember(text.ToString());
        if (firstText is null)
        {
            return (CustomProbeOutcome.Failed, $"the stream ended after {updates} updates without any answer text");
        }

        var milliseconds = firstText.Value.TotalMilliseconds.ToString("0", CultureInfo.InvariantCulture);
        return (CustomProbeOutcome.Supported, $"{updates} updates, first text after {milliseconds} ms: {ProbeText.Quote(text.ToString())}");
    }

    private async Task<(CustomProbeOutcome, string)> CheckStreamingUsageAsync(CancellationToken cancellationToken)
    {
        var since = _observer.Count;
        using var client = CreateChatClient(includeUsageInStream: true);
        UsageDetails? usage = null;
        var text = new StringBuilder();
        await foreach (var update in client.GetStreamingResponseAsync([new ChatMessage(ChatRole.User, "Say hello in three words.")], new ChatOptions { MaxOutputTokens = AnswerTokens }, cancellationToken).ConfigureAwait(false))
        {
            text.Append(update.Text);
            foreach (var content in update.Contents)
            {
                usage = (content as UsageContent)?.Details ?? usage;
            }
        }

        Remember(text.ToString());
        if (usage is not null)
        {
            return (CustomProbeOutcome.Supported, $"usage arrived: {usage.InputTokenCount ?? 0} input and {usage.OutputTokenCount ?? 0} output tokens");
        }

        var rejected = _observer.Since(since).FirstOrDefault(e => e.IsRejection && Contains(e.RequestBody, "\"stream_options\":"));
        return rejected is null
            ? (CustomProbeOutcome.NotSupported, "stream_options was accepted, but no usage arrived in the stream")
            : (CustomProbeOutcome.NotSupported, $"stream_options was rejected with HTTP {rejected.Status} ({ErrorText(rejected)}); the stream sent again without it carried no usage");
    }

    private async Task<(CustomProbeOutcome, string)> CheckToolCallingAsync(bool streaming, CancellationToken cancellationToken)
    {
        using var client = CreateChatClient(includeUsageInStream: false);
        var options = new ChatOptions { MaxOutputTokens = AnswerTokens, Tools = [ProbeTools.Weather], ToolMode = ChatToolMode.Auto };
        var (calls, text) = await AskAsync(client, WeatherPrompt, options, streaming, cancellationToken).ConfigureAwait(false);
        var weather = calls.Find(c => c.Name == ProbeTools.WeatherName);
        if (weather is not null)
        {
            var arguments = weather.Arguments is { Count: > 0 } values
                ? string.Join(", ", values.Select(a => $"{a.Key}={a.Value}"))
                : string.Empty;
            return (CustomProbeOutcome.Supported, $"called {ProbeTools.WeatherName}({arguments})");
        }

        if (calls.Count > 0)
        {
            return (CustomProbeOutcome.NotSupported, $"called {string.Join(", ", calls.Select(c => c.Name))}, which was not offered");
        }

        return JudgeTextOnly(text, [ProbeTools.WeatherName]);
    }

    private async Task<(CustomProbeOutcome, string)> CheckParallelToolCallsAsync(CancellationToken cancellationToken)
    {
        using var client = CreateChatClient(includeUsageInStream: false);
        var options = new ChatOptions
        {
            MaxOutputTokens = AnswerTokens,
            Tools = [ProbeTools.Weather, ProbeTools.Time],
            ToolMode = ChatToolMode.Auto,
            AllowMultipleToolCalls = true,
        };
        var (calls, text) = await AskAsync(client, ParallelPrompt, options, streaming: false, cancellationToken).ConfigureAwait(false);
        var names = string.Join(", ", calls.Select(c => c.Name));
        return calls.Count switch
        {
            >= 2 => (CustomProbeOutcome.Supported, $"{calls.Count} calls in one turn: {names}"),
            1 => (CustomProbeOutcome.NotSupported, $"only one call came back ({names})"),
            _ => JudgeTextOnly(text, [ProbeTools.WeatherName, ProbeTools.TimeName]),
        };
    }

    private async Task<(CustomProbeOutcome, string)> CheckJsonModeAsync(CancellationToken cancellationToken)
    {
        using var client = CreateChatClient(includeUsageInStream: false);
        var options = new ChatOptions { MaxOutputTokens = AnswerTokens, ResponseFormat = ChatResponseFormat.Json };
        const string prompt = "Describe the mathematician Ada Lovelace as a JSON object with the keys \"name\" (a string) and \"born\" (a number). Answer with the JSON object only.";
        var response = await client.GetResponseAsync([new ChatMessage(ChatRole.User, prompt)], options, cancellationToken).ConfigureAwait(false);
        Remember(response.Text);
        var answer = AnswerPart(response.Text).Trim();
        if (ReadObject(answer) is { } keys)
        {
            return (CustomProbeOutcome.Supported, $"a JSON object with keys {string.Join(", ", keys.Keys)}");
        }

        return ReadObject(StripFence(answer)) is not null
            ? (CustomProbeOutcome.NotSupported, "the JSON came inside a Markdown code fence: json_object was not enforced")
            : (CustomProbeOutcome.NotSupported, $"the answer is not a JSON object: {ProbeText.Quote(answer)}");
    }

    private async Task<(CustomProbeOutcome, string)> CheckJsonSchemaAsync(CancellationToken cancellationToken)
    {
        using var client = CreateChatClient(includeUsageInStream: false);
        var options = new ChatOptions
        {
            MaxOutputTokens = AnswerTokens,
            ResponseFormat = ChatResponseFormat.ForJsonSchema(ProbeTools.CitySchema, "city_facts", "A city and its population."),
        };

        // The prompt does not ask for JSON: an answer that follows the schema shows the server enforced it.
        const string prompt = "What is the capital of France, and roughly how many people live there?";
        var response = await client.GetResponseAsync([new ChatMessage(ChatRole.User, prompt)], options, cancellationToken).ConfigureAwait(false);
        Remember(response.Text);
        var answer = AnswerPart(response.Text).Trim();
        if (ReadObject(answer) is not { } values)
        {
            return (CustomProbeOutcome.NotSupported, $"the answer is not a JSON object, so json_schema was ignored: {ProbeText.Quote(answer)}");
        }

        var follows = values.Count == 2
            && values.TryGetValue("city", out var city) && city.ValueKind == JsonValueKind.String
            && values.TryGetValue("population", out var population) && population.ValueKind == JsonValueKind.Number;
        return follows
            ? (CustomProbeOutcome.Supported, $"followed the schema: {ProbeText.Quote(answer)}")
            : (CustomProbeOutcome.NotSupported, $"a JSON object, but not the schema's (keys {string.Join(", ", values.Keys)})");
    }

    private async Task<(CustomProbeOutcome, string)> CheckReasoningAsync(CancellationToken cancellationToken)
    {
        using var client = CreateChatClient(includeUsageInStream: false);
        const string prompt = "A bat and a ball cost 1.10 dollars in total. The bat costs 1.00 dollar more than the ball. How much does the ball cost? Think it through step by step before answering.";
        var response = await client.GetResponseAsync([new ChatMessage(ChatRole.User, prompt)], new ChatOptions { MaxOutputTokens = ReasoningTokens }, cancellationToken).ConfigureAwait(false);
        Remember(response.Text);
        var reasoning = response.Messages.SelectMany(m => m.Contents).OfType<TextReasoningContent>().Sum(r => r.Text?.Length ?? 0);
        if (reasoning > 0)
        {
            return (CustomProbeOutcome.Supported, $"reasoning arrived in its own field ({reasoning} characters)");
        }

        return response.Text.Contains("<think>", StringComparison.Ordinal) || response.Text.Contains("</think>", StringComparison.Ordinal)
            ? (CustomProbeOutcome.Supported, "reasoning arrived inline, in <think> tags inside the answer text")
            : (CustomProbeOutcome.NotSupported, "no reasoning seen: the model may not reason, or the server drops its reasoning");
    }

    private CustomChatClient CreateChatClient(bool includeUsageInStream, Action<CustomChatCompletionOptions>? configure = null)
    {
        var options = new CustomChatCompletionOptions
        {
            Endpoint = _options.Endpoint,
            ModelId = _options.ModelId,
            IncludeUsageInStream = includeUsageInStream,
            EnableTelemetry = false,

            // The generic profile, fresh for every check: each check sees the endpoint as it is, not as adapted by
            // what an earlier check learned.
            Quirks = new CustomQuirkProfile(),
        };
        ApplyEndpointSettings(options);
        configure?.Invoke(options);
        return new CustomChatClient(options, _http);
    }

    /// <summary>Copies the key and transport settings, and turns resilience off so every failure is visible.</summary>
    private void ApplyEndpointSettings(CustomEndpointOptions options)
    {
        options.ApiKey = _options.ApiKey;
        options.ApiKeyHeader = _options.ApiKeyHeader;
        options.ApiKeyScheme = _options.ApiKeyScheme;
        options.AllowInsecureHttp = _options.AllowInsecureHttp;
        options.Resilience.Enabled = false;
        options.Resilience.Retry.MaxRetries = 0;
        options.Resilience.Timeouts.AttemptTimeout = _options.CheckTimeout;
        options.Resilience.Timeouts.StreamIdleTimeout = _options.CheckTimeout;
        options.Resilience.Timeouts.TotalTimeout = _options.CheckTimeout;
    }

    /// <summary>Asks once, streamed or not, and returns the function calls and the answer text.</summary>
    private async Task<(List<FunctionCallContent> Calls, string Text)> AskAsync(CustomChatClient client, string prompt, ChatOptions options, bool streaming, CancellationToken cancellationToken)
    {
        ChatMessage[] messages = [new ChatMessage(ChatRole.User, prompt)];
        string text;
        List<FunctionCallContent> calls;
        if (streaming)
        {
            var builder = new StringBuilder();
            calls = [];
            await foreach (var update in client.GetStreamingResponseAsync(messages, options, cancellationToken).ConfigureAwait(false))
            {
                builder.Append(update.Text);
                calls.AddRange(update.Contents.OfType<FunctionCallContent>());
            }

            text = builder.ToString();
        }
        else
        {
            var response = await client.GetResponseAsync(messages, options, cancellationToken).ConfigureAwait(false);
            text = response.Text;
            calls = response.Messages.SelectMany(m => m.Contents).OfType<FunctionCallContent>().ToList();
        }

        Remember(text);
        return (calls, text);
    }

    /// <summary>Judges an answer that carried no tool calls: either the model wrote them into its text (a server
    /// without a tool parser), or it did not call at all.</summary>
    private (CustomProbeOutcome, string) JudgeTextOnly(string text, string[] offered)
    {
        var answer = AnswerPart(text);
        var leaked = TextToolCallParser.Extract(answer, new HashSet<string>(offered, StringComparer.Ordinal), out _);
        if (leaked.Count == 0)
        {
            return (CustomProbeOutcome.NotSupported, $"answered without calling a function: {ProbeText.Quote(answer)}");
        }

        var format = Array.Find(s_markers, m => answer.Contains(m, StringComparison.Ordinal)) switch
        {
            "<tool_call>" => "<tool_call> tags",
            "<function=" => "<function=…> tags",
            _ => "JSON",
        };
        Propose(nameof(CustomQuirkProfile.ParseToolCallsInText), q => q.ParseToolCallsInText = true, $"the model wrote its tool calls into the answer text as {format} instead of tool_calls (the server has no tool parser for it).");
        var names = string.Join(", ", leaked.Select(c => c.Name));
        return (CustomProbeOutcome.NotSupported, $"no tool_calls: {leaked.Count} call(s) ({names}) written into the answer text as {format}");
    }

    private void Remember(string? text)
    {
        if (!string.IsNullOrWhiteSpace(text))
        {
            _answers.Add(text);
        }
    }

    /// <summary>The answer without inline think blocks, which the proposed profile would split off anyway.</summary>
    private static string AnswerPart(string text) =>
        text.Contains("</think>", StringComparison.Ordinal) ? ThinkTagSplitter.SplitAll(text).Answer ?? string.Empty : text;

    private static string StripFence(string text)
    {
        if (!text.StartsWith("```", StringComparison.Ordinal) || !text.EndsWith("```", StringComparison.Ordinal) || text.Length < 6)
        {
            return text;
        }

        var firstLineEnd = text.IndexOf('\n', StringComparison.Ordinal);
        return firstLineEnd < 0 ? text : text[(firstLineEnd + 1)..^3].Trim();
    }

    /// <summary>Reads a JSON object's top-level properties; null when the text is not one.</summary>
    private static Dictionary<string, JsonElement>? ReadObject(string text)
    {
        if (!text.StartsWith('{'))
        {
            return null;
        }

        try
        {
            using var document = JsonDocument.Parse(text);
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                return null;
            }

            var values = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
            foreach (var property in document.RootElement.EnumerateObject())
            {
                values[property.Name] = property.Value.Clone();
            }

            return values;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static bool Contains(byte[]? body, string text) =>
        body is not null && body.AsSpan().IndexOf(Encoding.UTF8.GetBytes(text)) >= 0;

    private static string ErrorText(ProbeExchange exchange) =>
        ProviderErrorParser.TryParse(exchange.ResponseBody ?? [])?.Message ?? "no error text";
}
