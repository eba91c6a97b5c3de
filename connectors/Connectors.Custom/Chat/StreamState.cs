using System;
using System.Collections.Generic;
using Microsoft.Extensions.AI;

namespace Connectors.Custom;

/// <summary>What one streaming call has seen so far, and the updates it turns chunks into.</summary>
/// <remarks>
/// Usage: the last non-null usage wins, wherever it arrives (content chunk, finish chunk or a <c>choices:[]</c>
/// chunk), and it is never summed, because Perplexity, NIM and vLLM send cumulative usage on every chunk; an
/// all-zero usage (older LocalAI sends one on every chunk) never replaces a real one. Usage and the assembled function
/// calls are delivered once, in a final update after the stream ends, so M.E.AI's update aggregation adds usage
/// exactly once.
/// </remarks>
internal sealed class StreamState
{
    private readonly string _requestedModelId;
    private readonly ToolCallAccumulator _calls = new();
    private UsagePayload? _usage;
    private string? _responseId;
    private string? _modelId;
    private DateTimeOffset? _createdAt;

    private readonly ResponseShaper _shaper;

    public StreamState(string requestedModelId, ResponseShaper shaper)
    {
        _requestedModelId = requestedModelId;
        _shaper = shaper;
    }

    /// <summary>Gets the payload the parser fills for each chunk (one instance, reused).</summary>
    public ChatCompletionPayload Payload { get; } = new();

    /// <summary>Gets the usage that counts so far (see the remarks), or null before the server sent any.</summary>
    public UsagePayload? Usage => _usage;

    /// <summary>Gets the last finish reason the server sent.</summary>
    public string? FinishReason { get; private set; }

    /// <summary>Gets or sets whether the <c>[DONE]</c> sentinel arrived.</summary>
    public bool SawDone { get; set; }

    /// <summary>Takes in the chunk in <see cref="Payload"/>; returns the update to deliver, if it carries anything.</summary>
    public ChatResponseUpdate? Accept()
    {
        var payload = Payload;
        if (payload.Usage is { } usage && (!usage.IsEmpty || _usage is null || _usage.IsEmpty))
        {
            _usage = usage;
        }

        if (payload.ToolCalls.Count > 0)
        {
            _calls.Add(payload.ToolCalls);
        }

        // Azure's first frames and usage-only chunks carry empty ids and models: keep the first real ones.
        _responseId ??= ChatResponseFactory.NullIfEmpty(payload.Id);
        _modelId ??= ChatResponseFactory.NullIfEmpty(payload.Model);
        _createdAt ??= ChatResponseFactory.ToDateTime(payload.Created);

        var (reasoning, answer) = _shaper.ShapeChunk(payload.Reasoning, payload.Content);
        var hasText = !string.IsNullOrEmpty(answer) || !string.IsNullOrEmpty(reasoning) || !string.IsNullOrEmpty(payload.Refusal);
        if (payload.FinishReason is not null)
        {
            FinishReason = payload.FinishReason;
        }
        else if (!hasText)
        {
            return null;
        }

        // The common case, one text delta, gets a one-element array rather than a list: half the allocations of the
        // container, on every streamed token.
        IList<AIContent> contents = reasoning is null && payload.Refusal is null && !string.IsNullOrEmpty(answer)
            ? new AIContent[] { new TextContent(answer) }
            : Collect(reasoning, answer, payload.Refusal);
        return CreateUpdate(contents, FinishReasons.ToChatFinishReason(payload.FinishReason));
    }

    /// <summary>Adds a fragment of a function call without a chunk around it (a Responses stream's argument delta):
    /// it changes nothing else, and calls are delivered only in the final update.</summary>
    public void AddToolCall(ToolCallDelta delta) => _calls.Add(delta);

    /// <summary>Creates the update that closes the stream: assembled function calls and the final usage.</summary>
    public ChatResponseUpdate? CreateFinalUpdate()
    {
        var (reasoning, answer) = _shaper.Finish(_calls);
        var calls = _calls.Build();
        _shaper.RepairArguments(calls);
        if (calls.Count == 0 && _usage is null && reasoning is null && answer is null)
        {
            return null;
        }

        var contents = new List<AIContent>(calls.Count + 2);
        ChatResponseFactory.AddText(contents, reasoning, answer, refusal: null);
        contents.AddRange(calls);
        if (ChatResponseFactory.ToUsageDetails(_usage) is { } usage)
        {
            contents.Add(new UsageContent(usage));
        }

        return CreateUpdate(contents, ChatResponseFactory.MapFinishReason(FinishReason, calls.Count > 0));
    }

    private static List<AIContent> Collect(string? reasoning, string? answer, string? refusal)
    {
        var contents = new List<AIContent>(2);
        ChatResponseFactory.AddText(contents, reasoning, answer, refusal);
        return contents;
    }

    private ChatResponseUpdate CreateUpdate(IList<AIContent> contents, ChatFinishReason? finishReason) => new(ChatRole.Assistant, contents)
    {
        ResponseId = _responseId,
        MessageId = _responseId,
        ModelId = _modelId ?? _requestedModelId,
        CreatedAt = _createdAt,
        FinishReason = finishReason,
    };
}
