using System;
using System.Collections.Generic;
using System.Net.Http;
using System.Runtime.CompilerServices;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;
using Microsoft.SemanticKernel;
using Microsoft.SemanticKernel.ChatCompletion;
using Microsoft.SemanticKernel.Services;

namespace Connectors.Custom;

/// <summary>
/// Semantic Kernel chat completion for any OpenAI-compatible endpoint, with automatic function calling.
/// </summary>
/// <remarks>
/// <para>Built on <see cref="CustomChatClient"/> wrapped in SK's own function-invocation layer, so
/// <see cref="FunctionChoiceBehavior"/>, <see cref="IAutoFunctionInvocationFilter"/>s and auto-invocation behave as
/// with SK's first-party connectors. Intermediate function-call and function-result messages are appended to the
/// <see cref="ChatHistory"/> passed in; the final answer is returned.</para>
/// <para>Results carry <c>Metadata["Usage"]</c> (<see cref="UsageDetails"/>), <c>FinishReason</c>, <c>Id</c> and
/// <c>Created</c>; reasoning arrives as <see cref="ReasoningContent"/> items. Thread-safe.</para>
/// </remarks>
public sealed class CustomChatCompletionService : IChatCompletionService
{
    private readonly IChatClient _chatClient;
    private readonly Dictionary<string, object?> _attributes;

    /// <summary>Initializes a new instance of the <see cref="CustomChatCompletionService"/> class.</summary>
    /// <param name="modelId">The model id, for example <c>deepseek-chat</c> or <c>llama3.2</c>.</param>
    /// <param name="endpoint">The API base address including its version segment, for example <c>http://localhost:11434/v1</c>.</param>
    /// <param name="apiKey">The API key, or null for servers that need none.</param>
    /// <param name="httpClient">The client to send requests with; null uses a shared one.</param>
    /// <param name="loggerFactory">The logger factory for the function-invocation layer.</param>
    /// <exception cref="ArgumentException">An argument is missing or invalid.</exception>
    public CustomChatCompletionService(string modelId, Uri endpoint, string? apiKey = null, HttpClient? httpClient = null, ILoggerFactory? loggerFactory = null)
        : this(new CustomChatCompletionOptions { ModelId = modelId, Endpoint = endpoint, ApiKey = apiKey }, httpClient, loggerFactory)
    {
    }

    /// <summary>Initializes a new instance of the <see cref="CustomChatCompletionService"/> class.</summary>
    /// <param name="options">All connector settings. A copy is taken.</param>
    /// <param name="httpClient">The client to send requests with; null uses a shared one.</param>
    /// <param name="loggerFactory">The logger factory for the function-invocation layer.</param>
    /// <param name="timeProvider">The clock for retries and timeouts; null means the system clock.</param>
    /// <exception cref="ArgumentNullException"><paramref name="options"/> is null.</exception>
    /// <exception cref="ArgumentException">A setting is missing or invalid; the message names it.</exception>
    public CustomChatCompletionService(CustomChatCompletionOptions options, HttpClient? httpClient = null, ILoggerFactory? loggerFactory = null, TimeProvider? timeProvider = null)
        : this(Build(options, httpClient, loggerFactory, timeProvider))
    {
    }

    private CustomChatCompletionService((IChatClient Pipeline, CustomChatCompletionOptions Resolved) built)
        : this(built.Pipeline, built.Resolved.ModelId!, built.Resolved.Endpoint!)
    {
    }

    internal CustomChatCompletionService(IChatClient chatClient, string modelId, Uri endpoint)
    {
        _chatClient = chatClient;
        _attributes = new Dictionary<string, object?>
        {
            [AIServiceExtensions.ModelIdKey] = modelId,
            [AIServiceExtensions.EndpointKey] = EndpointAddress.Describe(endpoint),
        };
    }

    /// <inheritdoc />
    public IReadOnlyDictionary<string, object?> Attributes => _attributes;

    /// <summary>Gets the chat client pipeline this service sends through (function invocation included), for
    /// Microsoft.Extensions.AI and Agent Framework code that wants the same connector.</summary>
    public IChatClient ChatClient => _chatClient;

    /// <inheritdoc />
    public async Task<IReadOnlyList<ChatMessageContent>> GetChatMessageContentsAsync(ChatHistory chatHistory, PromptExecutionSettings? executionSettings = null, Kernel? kernel = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(chatHistory);
        var messages = ChatHistoryConverter.ToChatMessages(chatHistory);
        var options = ChatOptionsFactory.Create(executionSettings, kernel);

        var response = await _chatClient.GetResponseAsync(messages, options, cancellationToken).ConfigureAwait(false);
        if (response.Messages.Count == 0)
        {
            throw new CustomProtocolException(CustomProtocolErrorKind.UnexpectedShape, "The chat pipeline returned no message.");
        }

        // Everything before the last message is the tool round trip the invocation layer performed: record it.
        for (var i = 0; i < response.Messages.Count - 1; i++)
        {
            chatHistory.Add(ChatContentConverter.ToChatMessageContent(response.Messages[i], response));
        }

        return [ChatContentConverter.ToChatMessageContent(response.Messages[^1], response)];
    }

    /// <inheritdoc />
    public IAsyncEnumerable<StreamingChatMessageContent> GetStreamingChatMessageContentsAsync(ChatHistory chatHistory, PromptExecutionSettings? executionSettings = null, Kernel? kernel = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(chatHistory);
        var messages = ChatHistoryConverter.ToChatMessages(chatHistory);
        var options = ChatOptionsFactory.Create(executionSettings, kernel);
        return StreamAsync(chatHistory, messages, options, cancellationToken);
    }

    private async IAsyncEnumerable<StreamingChatMessageContent> StreamAsync(ChatHistory chatHistory, List<ChatMessage> messages, ChatOptions options, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        Dictionary<string, string>? callNames = null;
        await foreach (var update in _chatClient.GetStreamingResponseAsync(messages, options, cancellationToken).ConfigureAwait(false))
        {
            // Function calls and their results pass through the stream; the history records each round trip once.
            if (HasToolContent(update))
            {
                chatHistory.Add(ChatContentConverter.ToHistoryEntry(update.Role ?? ChatRole.Assistant, update.Contents, update.ModelId, callNames ??= new(StringComparer.Ordinal)));
            }

            yield return ChatContentConverter.ToStreamingContent(update);
        }
    }

    private static bool HasToolContent(ChatResponseUpdate update)
    {
        var contents = update.Contents;
        for (var i = 0; i < contents.Count; i++)
        {
            if (contents[i] is Microsoft.Extensions.AI.FunctionCallContent or Microsoft.Extensions.AI.FunctionResultContent)
            {
                return true;
            }
        }

        return false;
    }

    // The address and model come from the resolved copy: a preset may supply the address.
    private static (IChatClient Pipeline, CustomChatCompletionOptions Resolved) Build(CustomChatCompletionOptions options, HttpClient? httpClient, ILoggerFactory? loggerFactory, TimeProvider? timeProvider)
    {
        ArgumentNullException.ThrowIfNull(options);
        var resolved = options.Resolve();
        return (ChatClientPipeline.Create(resolved, httpClient, loggerFactory, timeProvider), resolved);
    }
}
