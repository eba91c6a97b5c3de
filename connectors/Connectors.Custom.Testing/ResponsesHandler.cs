using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Http;

namespace Connectors.Custom.Testing;

/// <summary><c>POST /v1/responses</c>: the chat script's reply as a Responses API answer, whole or as named events,
/// in the profile's Responses behaviour (<see cref="ResponsesWireStyle"/>). The input items are read into the same
/// <see cref="ChatScriptRequest"/> chat completions build, so one script answers both APIs.</summary>
/// <remarks>Owns the profile's <see cref="ResponseStore"/>: a stateful profile keeps each answered conversation under
/// its response id (unless the request sends <c>store: false</c>) before the answer is written, so a client can
/// continue from it as soon as it has the id.</remarks>
internal sealed class ResponsesHandler(LocalServerOptions options, ResponsesWireStyle style, TimeProvider time) : IEndpointHandler
{
    private readonly ResponseStore _store = new();

    public string Method => HttpMethods.Post;

    public string Path => "/v1/responses";

    public EndpointRead Read(RecordedRequest request)
    {
        if (!ResponsesRequestReader.TryRead(request.Body, options.ChatModelId, out var responses, out var error))
        {
            return EndpointRead.Invalid(error!);
        }

        var served = responses!.Stream ? ServedAs.StreamingResponse : ServedAs.Response;
        IReadOnlyList<ChatScriptMessage> history = [];
        if (responses.PreviousResponseId is { } previous && (style.State != ResponsesState.Stored || !_store.TryGet(previous, out history)))
        {
            // A well-formed request the server cannot continue: answered in the profile's error shape and status,
            // never faulted (like an invalid request), so fallback tests see exactly the refusal.
            var refusal = style.UnknownPrevious;
            return EndpointRead.Answer(new EndpointCall(responses.Model, Faultable: false, served, context =>
                context.WriteErrorAsync(refusal.Status, refusal.Message(previous), "invalid_request_error", refusal.Code)));
        }

        var chat = responses.ToScriptRequest(history);
        if (ToolSchemaValidation.FindRejection(options.WireProfile, chat) is { } rejected)
        {
            return EndpointRead.Invalid(rejected);
        }

        return EndpointRead.Answer(new EndpointCall(responses.Model, Faultable: true, served, context => AnswerAsync(context, responses, chat, history)));
    }

    private async Task AnswerAsync(AnswerContext context, ResponsesRequest request, ChatScriptRequest chat, IReadOnlyList<ChatScriptMessage> history)
    {
        var script = options.ChatScript;
        var reply = script.Reply(chat) ?? throw new InvalidOperationException($"{script.GetType().Name}.Reply returned null.");
        if (style.Reasoning == ResponsesReasoning.InlineThinkTags)
        {
            reply = reply.WithReasoningInline();
        }

        var answer = CreateAnswer(context, request, chat, history, reply);
        if (reply.Error is not null)
        {
            await (request.Stream
                ? context.WriteEventsAsync(ResponsesStreamBuilder.BuildFailure(answer, reply))
                : context.WriteErrorAsync(reply.ErrorStatusCode, reply.Error, reply.ErrorStatusCode >= 500 ? "server_error" : "invalid_request_error", null)).ConfigureAwait(false);
            return;
        }

        if (answer.Stored)
        {
            _store.Add(answer.Id, Conversation(history, request, answer));
        }

        await (request.Stream
            ? context.WriteEventsAsync(ResponsesStreamBuilder.Build(answer))
            : context.WriteJsonAsync(StatusCodes.Status200OK, ResponsesJson.Response(answer))).ConfigureAwait(false);
    }

    /// <summary>Gives the reply's calls their ids, counts its tokens (one per word, as on chat completions; the part of
    /// the input continued from a stored response counts as cached) and cuts it at <c>max_output_tokens</c>.</summary>
    private ResponsesAnswer CreateAnswer(AnswerContext context, ResponsesRequest request, ChatScriptRequest chat, IReadOnlyList<ChatScriptMessage> history, ChatReply reply)
    {
        var sequence = context.Request.Sequence;
        var reasoning = string.IsNullOrEmpty(reply.Reasoning) ? null : reply.Reasoning;
        var reasoningTokens = reasoning is null ? 0 : TokenCounter.CountWords(reasoning);
        var text = reply.Text;
        var calls = new ResolvedToolCall[reply.ToolCalls.Count];
        var output = reasoningTokens + TokenCounter.CountWords(text);
        for (var i = 0; i < calls.Length; i++)
        {
            var call = reply.ToolCalls[i];
            calls[i] = new ResolvedToolCall(call.Id ?? context.Style.CallId(sequence, i), call.Name, call.ArgumentsJson);
            output += 1 + TokenCounter.CountWords(call.ArgumentsJson);
        }

        var incomplete = false;
        if (request.MaxOutputTokens is { } max && output > max)
        {
            // The limit ends generation: reasoning first, then as many words of text as remain; no calls.
            incomplete = true;
            text = string.Concat(TokenCounter.SplitForStreaming(text).Take(Math.Max(0, max - reasoningTokens)));
            calls = [];
            output = max;
            reasoningTokens = Math.Min(reasoningTokens, max);
        }

        var usage = new ResponsesUsage(TokenCounter.CountPrompt(chat.Messages), TokenCounter.CountPrompt(history), output, reasoningTokens);
        var stored = style.StoresByDefault && request.Store != false && reply.Error is null;
        return new ResponsesAnswer(
            "resp_local_" + sequence.ToString(CultureInfo.InvariantCulture),
            time.GetUtcNow().ToUnixTimeSeconds(),
            request,
            style,
            sequence,
            reasoning,
            text,
            calls,
            incomplete,
            usage,
            stored);
    }

    /// <summary>What a later request continues from: the stored history, this request's input (not its instructions)
    /// and this answer's output, as chat messages.</summary>
    private static List<ChatScriptMessage> Conversation(IReadOnlyList<ChatScriptMessage> history, ResponsesRequest request, ResponsesAnswer answer)
    {
        var conversation = new List<ChatScriptMessage>(history.Count + request.Input.Count + 1);
        conversation.AddRange(history);
        conversation.AddRange(request.Input);
        var calls = answer.Calls.Select(c => new ChatScriptToolCall(c.Name, c.Arguments, c.Id)).ToList();
        conversation.Add(new ChatScriptMessage("assistant", answer.Text, null, calls));
        return conversation;
    }
}
