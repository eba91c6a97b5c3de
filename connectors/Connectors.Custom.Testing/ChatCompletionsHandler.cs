using System;
using System.Globalization;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Http;

namespace Connectors.Custom.Testing;

/// <summary><c>POST /v1/chat/completions</c>: the chat script's reply, as JSON or as a stream in the wire style.</summary>
internal sealed class ChatCompletionsHandler(LocalServerOptions options, TimeProvider time) : IEndpointHandler
{
    public string Method => HttpMethods.Post;

    public string Path => "/v1/chat/completions";

    public EndpointRead Read(RecordedRequest request)
    {
        if (!ChatRequestReader.TryRead(request.Body, options.ChatModelId, out var chat, out var streamOptions, out var error))
        {
            return EndpointRead.Invalid(error!);
        }

        // Grammar-constrained servers refuse tool schemas they cannot convert, before anything else happens.
        if (ToolSchemaValidation.FindRejection(options.WireProfile, chat!) is { } rejected)
        {
            return EndpointRead.Invalid(rejected);
        }

        return EndpointRead.Answer(new EndpointCall(
            chat!.Model,
            Faultable: true,
            chat.Stream ? ServedAs.StreamingChatCompletion : ServedAs.ChatCompletion,
            answer => AnswerAsync(answer, chat, streamOptions)));
    }

    private async Task AnswerAsync(AnswerContext context, ChatScriptRequest chat, StreamOptionsInfo streamOptions)
    {
        var script = options.ChatScript;
        var reply = script.Reply(chat) ?? throw new InvalidOperationException($"{script.GetType().Name}.Reply returned null.");
        if (context.Style.InlineReasoning)
        {
            reply = reply.WithReasoningInline();
        }

        var answer = CreateAnswer(context, chat, reply);
        if (chat.Stream)
        {
            await context.WriteEventsAsync(ChatStreamBuilder.Build(answer, streamOptions.WantsUsage(context.Style), streamOptions.ContinuousUsage)).ConfigureAwait(false);
        }
        else if (reply.Error is { } failure)
        {
            await context.WriteErrorAsync(reply.ErrorStatusCode, failure, reply.ErrorStatusCode >= 500 ? "server_error" : "invalid_request_error", null).ConfigureAwait(false);
        }
        else
        {
            await context.WriteJsonAsync(StatusCodes.Status200OK, ChatCompletionJson.Completion(answer)).ConfigureAwait(false);
        }
    }

    /// <summary>Gives the reply's calls their ids and counts its tokens: one per word, reasoning and calls included.</summary>
    private ChatAnswer CreateAnswer(AnswerContext context, ChatScriptRequest chat, ChatReply reply)
    {
        var style = context.Style;
        var sequence = context.Request.Sequence;
        var calls = new ResolvedToolCall[reply.ToolCalls.Count];
        var completion = TokenCounter.CountWords(reply.Text);
        for (var i = 0; i < calls.Length; i++)
        {
            var call = reply.ToolCalls[i];
            calls[i] = new ResolvedToolCall(call.Id ?? style.CallId(sequence, i), call.Name, call.ArgumentsJson);
            completion += 1 + TokenCounter.CountWords(call.ArgumentsJson);
        }

        var reasoning = style.ReasoningField is null || reply.Reasoning is null ? 0 : TokenCounter.CountWords(reply.Reasoning);
        var identity = new ResponseIdentity(style.IdPrefix + sequence.ToString(CultureInfo.InvariantCulture), time.GetUtcNow().ToUnixTimeSeconds(), chat.Model);
        var usage = new TokenUsage(TokenCounter.CountPrompt(chat.Messages), completion + reasoning, reasoning);
        return new ChatAnswer(identity, reply, calls, usage, style, RequestPipeline.RequestId(sequence));
    }
}
