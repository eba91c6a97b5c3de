using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using Connectors.Custom.Tests.Infrastructure;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using static Connectors.Custom.CustomProbeOutcome;
using Check = Connectors.Custom.CustomProbeCheckNames;

namespace Connectors.Custom.Tests.Probe;

public sealed class CustomEndpointProbeTests : LoopbackTest
{
    private const string Key = "sk-probe-secret-0123456789";

    private Task<CustomProbeReport> ProbeAsync(Action<CustomProbeOptions>? configure = null, CancellationToken cancellationToken = default)
    {
        var options = new CustomProbeOptions
        {
            Endpoint = Server.BaseAddress,
            ModelId = "chat-model",
            EmbeddingModelId = "embed-model",
            CheckTimeout = TimeSpan.FromSeconds(5),
        };
        configure?.Invoke(options);
        return CustomEndpointProbe.RunAsync(options, cancellationToken);
    }

    [Fact]
    public async Task OpenAILike_EverythingIsSupported_AndNothingNeedsChanging()
    {
        Server.Imitate(new ImitationProfile
        {
            Reasoning = ReasoningStyle.Field,
            Headers = new() { ["x-ratelimit-limit-requests"] = "500", ["x-ratelimit-remaining-tokens"] = "29000", ["x-request-id"] = "req_1" },
        });
        using var callerClient = new HttpClient();

        var report = await ProbeAsync(o =>
        {
            o.ApiKey = Key;
            o.HttpClient = callerClient;
        });

        AssertOutcomes(report, new()
        {
            [Check.Models] = Supported, [Check.Chat] = Supported, [Check.Streaming] = Supported, [Check.StreamingUsage] = Supported,
            [Check.ToolCalling] = Supported, [Check.ToolCallingStreaming] = Supported, [Check.ParallelToolCalls] = Supported,
            [Check.JsonMode] = Supported, [Check.JsonSchema] = Supported, [Check.Reasoning] = Supported, [Check.Responses] = NotSupported, [Check.ResponsesState] = Skipped,
            [Check.EmbeddingsFloat] = Supported, [Check.EmbeddingsBase64] = Supported, [Check.EmbeddingDimensions] = Supported,
            [Check.EmbeddingBatchSize] = Supported, [Check.RateLimitHeaders] = Supported,
        });
        Assert.True(report.EndpointReachable);
        Assert.Equal(["chat-model", "embed-model"], report.ModelIds);
        Assert.Equal(["x-ratelimit-limit-requests", "x-ratelimit-remaining-tokens"], report.RateLimitHeaders);
        Assert.Null(report.MaxEmbeddingInputs);
        Assert.Contains("2048", report.GetCheck(Check.EmbeddingBatchSize)!.Detail, StringComparison.Ordinal);
        Assert.Contains("asked for 32 of 64 dimensions", report.GetCheck(Check.EmbeddingDimensions)!.Detail, StringComparison.Ordinal);
        Assert.Contains("own field", report.GetCheck(Check.Reasoning)!.Detail, StringComparison.Ordinal);
        Assert.Equal("\"Quirks\": {}", report.ToQuirksJson());
        Assert.Empty(report.QuirkReasons);

        // The key went to the server on every request, and nowhere into the report.
        Assert.All(Server.Requests, r => Assert.Equal($"Bearer {Key}", r.Headers["Authorization"]));
        Assert.DoesNotContain(report.Checks, c => c.Detail.Contains(Key, StringComparison.Ordinal));

        // Resilience is off and the batch search is bounded: doubling from 8 reaches the cap in nine requests.
        Assert.Equal(9, Server.Requests.Count(r => r.Path == "/v1/embeddings" && r.Json.GetProperty("input").GetArrayLength() > 1));
    }

    [Fact]
    public async Task MistralLike_ProposesTheDifferencesMistralsPresetKnows()
    {
        Server.Imitate(new ImitationProfile
        {
            RejectStreamOptions = true,
            Tools = ToolStyle.Mistral,
            Base64 = Base64Style.Rejected,
            DimensionsField = "output_dimension",
            RejectUnknownFields = true,
            MaxEmbeddingInputs = 32,
            Headers = new() { ["x-ratelimitbysize-limit-minute"] = "500000", ["x-ratelimitbysize-remaining-minute"] = "499000" },
        });

        var report = await ProbeAsync(o => o.ApiKey = Key);

        AssertOutcomes(report, new()
        {
            [Check.Models] = Supported, [Check.Chat] = Supported, [Check.Streaming] = Supported, [Check.StreamingUsage] = NotSupported,
            [Check.ToolCalling] = Supported, [Check.ToolCallingStreaming] = Supported, [Check.ParallelToolCalls] = Supported,
            [Check.JsonMode] = Supported, [Check.JsonSchema] = Supported, [Check.Reasoning] = NotSupported, [Check.Responses] = NotSupported, [Check.ResponsesState] = Skipped,
            [Check.EmbeddingsFloat] = Supported, [Check.EmbeddingsBase64] = NotSupported, [Check.EmbeddingDimensions] = Supported,
            [Check.EmbeddingBatchSize] = Supported, [Check.RateLimitHeaders] = Supported,
        });
        Assert.Contains("rejected with HTTP 422", report.GetCheck(Check.StreamingUsage)!.Detail, StringComparison.Ordinal);
        Assert.Contains("rejected with HTTP 400", report.GetCheck(Check.EmbeddingsBase64)!.Detail, StringComparison.Ordinal);
        Assert.Contains("output_dimension", report.GetCheck(Check.EmbeddingDimensions)!.Detail, StringComparison.Ordinal);
        Assert.Contains("at most 32", report.GetCheck(Check.EmbeddingBatchSize)!.Detail, StringComparison.Ordinal);
        Assert.Equal(32, report.MaxEmbeddingInputs);

        Assert.Equal(
            """
            "Quirks": {
              "SupportsStreamOptions": false,
              "EmbeddingDimensionsParameter": "output_dimension",
              "SupportsBase64Embeddings": false,
              "MaxEmbeddingInputs": 32
            }
            """,
            report.ToQuirksJson().ReplaceLineEndings("\n"));
        Assert.Equal(4, report.QuirkReasons.Count);

        var proposed = report.CreateQuirkProfile();
        var preset = CustomProviders.Mistral.CreateQuirkProfile();
        Assert.Equal(preset.SupportsStreamOptions, proposed.SupportsStreamOptions);
        Assert.Equal(preset.SupportsBase64Embeddings, proposed.SupportsBase64Embeddings);
        Assert.Equal(preset.EmbeddingDimensionsParameter, proposed.EmbeddingDimensionsParameter);
        Assert.Equal(preset.MaxEmbeddingInputs, proposed.MaxEmbeddingInputs);

        // Doubling 8, 16, 32, 64, then bisection 48, 40, 36, 34, 33.
        Assert.Equal(9, Server.Requests.Count(r => r.Path == "/v1/embeddings" && r.Json.GetProperty("input").GetArrayLength() > 1));
    }

    [Fact]
    public async Task OllamaLike_ToolCallsInTextAndInlineThinking_AreProposedAway()
    {
        Server.Imitate(new ImitationProfile
        {
            ModelsAsBareArray = true,
            StreamUsage = false,
            Tools = ToolStyle.InText,
            EnforceJsonSchema = false,
            Reasoning = ReasoningStyle.InlineThink,
            Base64 = Base64Style.Ignored,
            DimensionsField = null,
        });

        var report = await ProbeAsync(o => o.MaxEmbeddingBatchSize = 100);

        AssertOutcomes(report, new()
        {
            [Check.Models] = Supported, [Check.Chat] = Supported, [Check.Streaming] = Supported, [Check.StreamingUsage] = NotSupported,
            [Check.ToolCalling] = NotSupported, [Check.ToolCallingStreaming] = NotSupported, [Check.ParallelToolCalls] = NotSupported,
            [Check.JsonMode] = Supported, [Check.JsonSchema] = NotSupported, [Check.Reasoning] = Supported, [Check.Responses] = NotSupported, [Check.ResponsesState] = Skipped,
            [Check.EmbeddingsFloat] = Supported, [Check.EmbeddingsBase64] = NotSupported, [Check.EmbeddingDimensions] = NotSupported,
            [Check.EmbeddingBatchSize] = Supported, [Check.RateLimitHeaders] = NotSupported,
        });
        Assert.Equal(["chat-model", "embed-model"], report.ModelIds);
        Assert.Contains("<tool_call>", report.GetCheck(Check.ToolCalling)!.Detail, StringComparison.Ordinal);
        Assert.Contains("<tool_call>", report.GetCheck(Check.ToolCallingStreaming)!.Detail, StringComparison.Ordinal);
        Assert.Contains("2 call(s) (get_weather, get_time)", report.GetCheck(Check.ParallelToolCalls)!.Detail, StringComparison.Ordinal);
        Assert.Contains("no usage", report.GetCheck(Check.StreamingUsage)!.Detail, StringComparison.Ordinal);
        Assert.Contains("<think>", report.GetCheck(Check.Reasoning)!.Detail, StringComparison.Ordinal);
        Assert.Contains("numbers", report.GetCheck(Check.EmbeddingsBase64)!.Detail, StringComparison.Ordinal);
        Assert.Contains("ignored", report.GetCheck(Check.EmbeddingDimensions)!.Detail, StringComparison.Ordinal);
        Assert.Contains("100", report.GetCheck(Check.EmbeddingBatchSize)!.Detail, StringComparison.Ordinal);
        Assert.Empty(report.RateLimitHeaders);

        Assert.Equal(
            """
            "Quirks": {
              "SplitThinkTags": true,
              "ParseToolCallsInText": true
            }
            """,
            report.ToQuirksJson().ReplaceLineEndings("\n"));
        var preset = CustomProviders.Ollama.CreateQuirkProfile();
        Assert.Equal(preset.SplitThinkTags, report.CreateQuirkProfile().SplitThinkTags);
        Assert.Equal(preset.ParseToolCallsInText, report.CreateQuirkProfile().ParseToolCallsInText);

        // No key: no authentication header at all, as local servers expect.
        Assert.All(Server.Requests, r => Assert.False(r.Headers.ContainsKey("Authorization")));
    }

    [Fact]
    public async Task ReasoningModelLike_MaxTokensRejection_ProposesMaxCompletionTokens()
    {
        Server.Imitate(new ImitationProfile { RequireMaxCompletionTokens = true });

        var report = await ProbeAsync(o => o.EmbeddingModelId = null);

        Assert.Equal(Supported, report.GetCheck(Check.Chat)!.Outcome);
        Assert.Equal(Skipped, report.GetCheck(Check.EmbeddingsFloat)!.Outcome);
        Assert.Equal(MaxTokensParameter.MaxCompletionTokens, report.CreateQuirkProfile().MaxTokensParameter);
        Assert.Contains("\"MaxTokensParameter\": \"MaxCompletionTokens\"", report.ToQuirksJson(), StringComparison.Ordinal);
        Assert.Contains(report.QuirkReasons, r => r.Contains("max_completion_tokens", StringComparison.Ordinal));
    }

    [Fact]
    public async Task ProposedJson_BindsFromConfigurationToTheSameProfile()
    {
        Server.Imitate(new ImitationProfile { RejectStreamOptions = true, Base64 = Base64Style.Rejected, Tools = ToolStyle.InText, Reasoning = ReasoningStyle.InlineThink, MaxEmbeddingInputs = 20 });
        var report = await ProbeAsync(o => o.MaxEmbeddingBatchSize = 64);

        using var document = JsonDocument.Parse("{" + report.ToQuirksJson() + "}");
        var values = new Dictionary<string, string?>();
        foreach (var property in document.RootElement.GetProperty("Quirks").EnumerateObject())
        {
            values[$"Chat:Quirks:{property.Name}"] = property.Value.ValueKind == JsonValueKind.String ? property.Value.GetString() : property.Value.GetRawText();
        }

        var bound = CustomOptionsReader.Bind(new ConfigurationBuilder().AddInMemoryCollection(values).Build().GetSection("Chat"), new CustomChatCompletionOptions()).Quirks;

        var proposed = report.CreateQuirkProfile();
        Assert.Equal(5, values.Count);
        Assert.Equal(proposed.SupportsStreamOptions, bound.SupportsStreamOptions);
        Assert.Equal(proposed.SupportsBase64Embeddings, bound.SupportsBase64Embeddings);
        Assert.Equal(proposed.ParseToolCallsInText, bound.ParseToolCallsInText);
        Assert.Equal(proposed.SplitThinkTags, bound.SplitThinkTags);
        Assert.Equal(20, bound.MaxEmbeddingInputs);
    }

    [Fact]
    public async Task UnreachableEndpoint_FailsTheFirstChecks_AndSkipsTheRest()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();

        var report = await ProbeAsync(o => o.Endpoint = new Uri($"http://127.0.0.1:{port}/v1"));

        Assert.False(report.EndpointReachable);
        Assert.Equal(Failed, report.GetCheck(Check.Models)!.Outcome);
        Assert.Equal(Failed, report.GetCheck(Check.Chat)!.Outcome);
        Assert.All(report.Checks.Skip(2), c => Assert.Equal(Skipped, c.Outcome));
        Assert.Equal(17, report.Checks.Count);
        Assert.Equal("\"Quirks\": {}", report.ToQuirksJson());
    }

    [Fact]
    public async Task RejectedKey_IsNeverEchoedIntoTheReport()
    {
        Server.SetFallback(async (context, _) =>
        {
            context.Response.StatusCode = 401;
            context.Response.ContentType = "application/json";
            await context.Response.WriteAsync($$$"""{"error":{"message":"Incorrect API key provided: {{{Key}}}.","type":"invalid_request_error","code":"invalid_api_key"}}""");
        });

        var report = await ProbeAsync(o => o.ApiKey = Key);

        Assert.True(report.EndpointReachable);
        Assert.Equal(Failed, report.GetCheck(Check.Models)!.Outcome);
        Assert.Equal(Failed, report.GetCheck(Check.Chat)!.Outcome);
        Assert.Contains("[REDACTED]", report.GetCheck(Check.Models)!.Detail, StringComparison.Ordinal);
        Assert.DoesNotContain(report.Checks, c => c.Detail.Contains(Key, StringComparison.Ordinal));
        Assert.DoesNotContain(report.QuirkReasons, r => r.Contains(Key, StringComparison.Ordinal));
    }

    [Fact]
    public async Task SlowCheck_FailsWithinItsTimeout_AndTheOthersStillRun()
    {
        var imitation = new ImitationProfile();
        Server.SetFallback(async (context, body) =>
        {
            if (body.Contains("pong", StringComparison.Ordinal))
            {
                await Task.Delay(Timeout.Infinite, context.RequestAborted);
            }

            await ImitationServer.HandleAsync(context, body, imitation);
        });

        var report = await ProbeAsync(o =>
        {
            o.EmbeddingModelId = null;
            o.CheckTimeout = TimeSpan.FromMilliseconds(300);
        });

        Assert.Equal(Failed, report.GetCheck(Check.Chat)!.Outcome);
        Assert.Contains("no answer within", report.GetCheck(Check.Chat)!.Detail, StringComparison.Ordinal);
        Assert.Equal(Supported, report.GetCheck(Check.Streaming)!.Outcome);
        Assert.Equal(Supported, report.GetCheck(Check.ToolCalling)!.Outcome);
    }

    [Fact]
    public async Task CallerCancellation_Throws()
    {
        Server.SetFallback(async (context, _) => await Task.Delay(Timeout.Infinite, context.RequestAborted));
        using var cancellation = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => ProbeAsync(cancellationToken: cancellation.Token));
    }

    [Fact]
    public async Task BadArguments_Throw()
    {
        await Assert.ThrowsAsync<ArgumentNullException>(() => CustomEndpointProbe.RunAsync(null!));
        var missingModel = await Assert.ThrowsAsync<ArgumentException>(() => ProbeAsync(o => o.ModelId = " "));
        Assert.Contains("ModelId", missingModel.Message, StringComparison.Ordinal);
        await Assert.ThrowsAsync<ArgumentException>(() => ProbeAsync(o => o.Endpoint = new Uri("ftp://example.com/v1")));
        await Assert.ThrowsAsync<ArgumentException>(() => ProbeAsync(o => o.CheckTimeout = TimeSpan.Zero));
        await Assert.ThrowsAsync<ArgumentException>(() => ProbeAsync(o => o.MaxEmbeddingBatchSize = 0));
        var insecure = await Assert.ThrowsAsync<ArgumentException>(() => ProbeAsync(o =>
        {
            o.Endpoint = new Uri("http://example.com/v1");
            o.ApiKey = Key;
        }));
        Assert.DoesNotContain(Key, insecure.Message, StringComparison.Ordinal);
        Assert.Empty(Server.Requests);
    }

    [Fact]
    public void QuirksJson_WritesOnlyWhatDiffers_WithEnumNamesAndLists()
    {
        var profile = new CustomQuirkProfile { MaxTokensParameter = MaxTokensParameter.MaxCompletionTokens, ToolCallIdFormat = ToolCallIdFormat.NineAlphanumerics, EmbeddingInputType = "passage" };
        profile.DroppedParameters.Add("logprobs");

        Assert.Equal(
            """
            "Quirks": {
              "MaxTokensParameter": "MaxCompletionTokens",
              "DroppedParameters": [
                "logprobs"
              ],
              "ToolCallIdFormat": "NineAlphanumerics",
              "EmbeddingInputType": "passage"
            }
            """,
            QuirkProfileJson.Write(profile).ReplaceLineEndings("\n"));
    }

    /// <summary>Compares every check's outcome at once, naming each mismatch with its detail.</summary>
    private static void AssertOutcomes(CustomProbeReport report, Dictionary<string, CustomProbeOutcome> expected)
    {
        var mismatches = report.Checks
            .Where(c => !expected.TryGetValue(c.Name, out var outcome) || outcome != c.Outcome)
            .Select(c => $"{c.Name}: expected {(expected.TryGetValue(c.Name, out var outcome) ? outcome : "(none)")}, got {c.Outcome} ({c.Detail})")
            .ToList();
        mismatches.AddRange(expected.Keys.Where(name => report.GetCheck(name) is null).Select(name => $"{name}: missing"));
        Assert.True(mismatches.Count == 0, string.Join(Environment.NewLine, mismatches));
    }
}
