using System.ClientModel;
using Connectors.Custom.Benchmarks.Clients;
using Connectors.Custom.Benchmarks.Data;
using Connectors.Custom.Benchmarks.Harness;
using Connectors.Custom.Benchmarks.Server;
using Microsoft.Extensions.AI;
using OpenAI;
using OpenAI.Responses;

namespace Connectors.Custom.Benchmarks.Scenarios;

/// <summary>The clients of the <c>responses</c> command, over the local server's <c>/v1/responses</c>: the floor,
/// Microsoft.Extensions.AI.OpenAI's Responses client, and ours.</summary>
internal static class ResponsesCases
{
    public const string MicrosoftExtensionsAI = "M.E.AI.OpenAI 10.10, Responses IChatClient";
    public const string OpenAISdk = "OpenAI SDK 2.13 ResponsesClient (what M.E.AI wraps)";
    public const string Ours = "ours, IChatClient, Api = Responses";

    public static IReadOnlyList<ChatScenario> Scenarios { get; } =
    [
        new("responses stream, text", LocalResponsesServer.Model, ChatScenarioKind.TextStream, CountStreamedWords(ChatScript.StreamedText)),
        new("responses stream, tool call", LocalResponsesServer.Model, ChatScenarioKind.ToolStream, (ChatScript.ToolArguments.Length + 7) / 8),
    ];

    /// <summary>The clients for <paramref name="scenario"/>, in report order; <paramref name="owned"/> receives what
    /// must be disposed once the scenario is done.</summary>
    public static IReadOnlyList<ChatClientCase> Create(ChatScenario scenario, Uri baseAddress, FloorResponsesClient floor, ICollection<IDisposable> owned)
    {
        var tools = scenario.Kind == ChatScenarioKind.ToolStream;
        var incumbent = CreateMicrosoftExtensionsAI(baseAddress, scenario.Model);
        var ours = CreateOurs(baseAddress, scenario.Model);
        owned.Add(incumbent);
        owned.Add(ours);
        return
        [
            new(ChatCases.Floor, (sink, cancellationToken) => floor.StreamAsync(scenario.Model, tools, sink, cancellationToken)),
            new(MicrosoftExtensionsAI, ChatCases.CreateChatClientCall(incumbent, scenario)),
            new(OpenAISdk, CreateOpenAISdkCall(baseAddress, scenario)),
            new(Ours, ChatCases.CreateChatClientCall(ours, scenario)),
        ];
    }

    /// <summary>Ours over the Responses API, built as <see cref="ChatClients.CreateRaw"/> builds ours for chat (resilience
    /// and telemetry off), with <see cref="CustomChatCompletionOptions.Api"/> set to <see cref="ChatApi.Responses"/>:
    /// stateless, the whole input in every request.</summary>
    private static IChatClient CreateOurs(Uri baseAddress, string model)
    {
        var options = ChatClients.RawOptions(baseAddress, model);
        options.Api = ChatApi.Responses;
        return new CustomChatClient(options);
    }

    /// <summary>Microsoft.Extensions.AI.OpenAI's Responses client on a custom endpoint, as its documentation builds it:
    /// <c>new OpenAIClient(key, new OpenAIClientOptions { Endpoint }).GetResponsesClient().AsIChatClient(model)</c>.</summary>
    private static IChatClient CreateMicrosoftExtensionsAI(Uri baseAddress, string model)
    {
#pragma warning disable OPENAI001 // The Responses client is experimental in the OpenAI SDK 2.13 (see the project file).
        // The OpenAI SDK appends "/responses" to the endpoint as is, so it must not end with a slash.
        var client = new OpenAIClient(new ApiKeyCredential("unused"), new OpenAIClientOptions { Endpoint = new Uri(baseAddress.ToString().TrimEnd('/')) });
        return client.GetResponsesClient().AsIChatClient(model);
#pragma warning restore OPENAI001
    }

    /// <summary>The OpenAI SDK's own Responses client, streaming updates: the layer M.E.AI's client adapts, measured
    /// on its own to show what the adapter adds.</summary>
    private static Func<ChatSink, CancellationToken, Task> CreateOpenAISdkCall(Uri baseAddress, ChatScenario scenario)
    {
#pragma warning disable OPENAI001 // Experimental in the OpenAI SDK 2.13.
        var client = new OpenAIClient(new ApiKeyCredential("unused"), new OpenAIClientOptions { Endpoint = new Uri(baseAddress.ToString().TrimEnd('/')) }).GetResponsesClient();
        var tools = scenario.Kind == ChatScenarioKind.ToolStream;
        var options = new CreateResponseOptions(scenario.Model, [ResponseItem.CreateUserMessageItem(tools ? ChatScript.ToolUserPrompt : ChatScript.UserPrompt)])
        {
            Instructions = ChatScript.SystemPrompt,
            StoredOutputEnabled = false,
            StreamingEnabled = true,
        };
        if (tools)
        {
            options.Tools.Add(ResponseTool.CreateFunctionTool(ChatScript.ToolName, BinaryData.FromString(ChatScript.ToolParametersSchema), strictModeEnabled: false, ChatScript.ToolDescription));
        }

        return async (sink, cancellationToken) =>
        {
            await foreach (var update in client.CreateResponseStreamingAsync(options, cancellationToken))
            {
                switch (update)
                {
                    case StreamingResponseOutputTextDeltaUpdate text:
                        sink.Text(text.Delta);
                        break;
                    case StreamingResponseOutputItemAddedUpdate { Item: FunctionCallResponseItem call }:
                        sink.ToolCall(call.CallId, call.FunctionName, (string?)null);
                        break;
                    case StreamingResponseFunctionCallArgumentsDeltaUpdate arguments:
                        sink.ToolCall((string?)null, null, arguments.Delta.ToString());
                        break;
                }
            }
        };
#pragma warning restore OPENAI001
    }

    /// <summary>How many text deltas the local server streams: one per word, with the whitespace before it.</summary>
    private static int CountStreamedWords(string text)
    {
        var count = text.Length > 0 ? 1 : 0;
        for (var i = 1; i < text.Length; i++)
        {
            if (char.IsWhiteSpace(text[i]) && !char.IsWhiteSpace(text[i - 1]))
            {
                count++;
            }
        }

        return count;
    }
}
