using Connectors.Custom.Benchmarks.Clients;
using Connectors.Custom.Benchmarks.Data;
using Connectors.Custom.Benchmarks.Harness;
using Microsoft.Extensions.AI;
using Microsoft.SemanticKernel;
using Microsoft.SemanticKernel.ChatCompletion;

namespace Connectors.Custom.Benchmarks.Scenarios;

/// <summary>
/// Builds the five chat clients' calls for a scenario. Messages, options and clients are prepared here, outside the
/// measurement; each call then only asks and hands what it gets to the sink, reading contents by index (a
/// <c>foreach</c> over an <see cref="IList{T}"/> would box an enumerator per delta and charge it to the client).
/// </summary>
internal static class ChatCases
{
    public const string Floor = "floor (HttpClient + SseParser)";
    public const string SemanticKernel = "SK 1.82 OpenAI, IChatCompletionService";
    public const string OursChatClient = "ours, IChatClient";
    public const string OursService = "ours, IChatCompletionService";
    public const string OursRegistered = "ours, full registered pipeline";

    /// <summary>Gets the clients by the short names <c>--client</c> takes, in report order.</summary>
    public static IReadOnlyDictionary<string, string> ByKey { get; } = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
    {
        ["floor"] = Floor,
        ["sk"] = SemanticKernel,
        ["ours"] = OursChatClient,
        ["ours-sk"] = OursService,
        ["ours-full"] = OursRegistered,
    };

    /// <summary>The five clients for <paramref name="scenario"/>, in report order; <paramref name="owned"/> receives
    /// what must be disposed once the scenario is done.</summary>
    public static IReadOnlyList<ChatClientCase> Create(ChatScenario scenario, Uri baseAddress, FloorChatClient floor, ICollection<IDisposable> owned)
    {
        var semanticKernel = ChatClients.CreateSemanticKernel(baseAddress, scenario.Model);
        var raw = ChatClients.CreateRaw(baseAddress, scenario.Model);
        var service = ChatClients.CreateOurService(baseAddress, scenario.Model);
        var (provider, registered) = ChatClients.CreateRegistered(baseAddress, scenario.Model);
        owned.Add(raw);
        owned.Add(provider);
        return
        [
            new(Floor, CreateFloor(floor, scenario)),
            new(SemanticKernel, CreateServiceCall(semanticKernel.Service, semanticKernel.Kernel, ChatClients.SemanticKernelToolSettings, scenario)),
            new(OursChatClient, CreateChatClientCall(raw, scenario)),
            new(OursService, CreateServiceCall(service.Service, service.Kernel, ChatClients.OurToolSettings, scenario)),
            new(OursRegistered, CreateChatClientCall(registered, scenario)),
        ];
    }

    private static Func<ChatSink, CancellationToken, Task> CreateFloor(FloorChatClient floor, ChatScenario scenario) => scenario.Kind switch
    {
        ChatScenarioKind.Completion => (sink, cancellationToken) => floor.CompleteAsync(scenario.Model, sink, cancellationToken),
        ChatScenarioKind.TextStream => (sink, cancellationToken) => floor.StreamAsync(scenario.Model, tools: false, sink, cancellationToken),
        _ => (sink, cancellationToken) => floor.StreamAsync(scenario.Model, tools: true, sink, cancellationToken),
    };

    /// <summary>Through <see cref="IChatClient"/>: text from each <c>TextContent</c>, the tool call from the
    /// <c>FunctionCallContent</c> the client assembles.</summary>
    internal static Func<ChatSink, CancellationToken, Task> CreateChatClientCall(IChatClient client, ChatScenario scenario)
    {
        var tools = scenario.Kind == ChatScenarioKind.ToolStream;
        List<ChatMessage> messages =
        [
            new(ChatRole.System, ChatScript.SystemPrompt),
            new(ChatRole.User, tools ? ChatScript.ToolUserPrompt : ChatScript.UserPrompt),
        ];
        var options = tools ? ChatClients.ToolOptions : null;
        if (!scenario.Streams)
        {
            return async (sink, cancellationToken) =>
            {
                var response = await client.GetResponseAsync(messages, options, cancellationToken);
                sink.Text(response.Text);
            };
        }

        return async (sink, cancellationToken) =>
        {
            await foreach (var update in client.GetStreamingResponseAsync(messages, options, cancellationToken))
            {
                var contents = update.Contents;
                for (var i = 0; i < contents.Count; i++)
                {
                    switch (contents[i])
                    {
                        case Microsoft.Extensions.AI.TextContent text:
                            sink.Text(text.Text);
                            break;
                        case Microsoft.Extensions.AI.FunctionCallContent call:
                            sink.ToolCall(call.CallId, call.Name, call.Arguments);
                            break;
                    }
                }
            }
        };
    }

    /// <summary>Through SK's <see cref="IChatCompletionService"/>: text from <c>Content</c>, tool-call updates from the
    /// <see cref="StreamingFunctionCallUpdateContent"/> items. The tool scenario passes the kernel that holds the tool
    /// and settings that declare it without invoking it, with a new history per call (a service may append the call
    /// to the history it is given); the others share one history, which they only read.</summary>
    private static Func<ChatSink, CancellationToken, Task> CreateServiceCall(IChatCompletionService service, Kernel kernel, PromptExecutionSettings toolSettings, ChatScenario scenario)
    {
        var shared = CreateHistory(scenario);
        switch (scenario.Kind)
        {
            case ChatScenarioKind.Completion:
                return async (sink, cancellationToken) =>
                {
                    var results = await service.GetChatMessageContentsAsync(shared, executionSettings: null, kernel: null, cancellationToken);
                    sink.Text(results[0].Content);
                };
            case ChatScenarioKind.TextStream:
                return async (sink, cancellationToken) =>
                {
                    await foreach (var update in service.GetStreamingChatMessageContentsAsync(shared, executionSettings: null, kernel: null, cancellationToken))
                    {
                        sink.Text(update.Content);
                    }
                };
            default:
                return async (sink, cancellationToken) =>
                {
                    await foreach (var update in service.GetStreamingChatMessageContentsAsync(CreateHistory(scenario), toolSettings, kernel, cancellationToken))
                    {
                        var items = update.Items;
                        for (var i = 0; i < items.Count; i++)
                        {
                            if (items[i] is StreamingFunctionCallUpdateContent call)
                            {
                                sink.ToolCall(call.CallId, call.Name, call.Arguments);
                            }
                        }
                    }
                };
        }
    }

    private static ChatHistory CreateHistory(ChatScenario scenario)
    {
        var history = new ChatHistory(ChatScript.SystemPrompt);
        history.AddUserMessage(scenario.Kind == ChatScenarioKind.ToolStream ? ChatScript.ToolUserPrompt : ChatScript.UserPrompt);
        return history;
    }
}
