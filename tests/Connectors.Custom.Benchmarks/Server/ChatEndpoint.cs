using System.IO.Pipelines;
using Microsoft.AspNetCore.Http;

namespace Connectors.Custom.Benchmarks.Server;

/// <summary><c>POST /v1/chat/completions</c>: the answer is picked by the request's <c>model</c> (see
/// <see cref="ChatResponses"/>), and a request whose <c>stream</c> does not fit that model gets HTTP 400.</summary>
internal sealed class ChatEndpoint(ChatResponses responses, ServedChatRequests served)
{
    private const string EventStream = "text/event-stream; charset=utf-8";

    public async Task HandleAsync(HttpContext context)
    {
        var reader = context.Request.BodyReader;
        ReadResult read;
        while (!(read = await reader.ReadAsync(context.RequestAborted)).IsCompleted)
        {
            reader.AdvanceTo(read.Buffer.Start, read.Buffer.End);
        }

        var parsed = ChatRequest.TryParse(read.Buffer, out var request, out var error);
        reader.AdvanceTo(read.Buffer.End);
        if (parsed)
        {
            var streams = request.Model != ChatResponses.ChatModel;
            if (request.Stream != streams)
            {
                (parsed, error) = (false, $"model '{request.Model}' answers {(streams ? "only streaming" : "only non-streaming")} requests.");
            }
        }

        if (!parsed)
        {
            served.Record(ServedChatRequests.Rejected);
            await WriteErrorAsync(context.Response, error, context.RequestAborted);
            return;
        }

        var response = context.Response;
        var cancellationToken = context.RequestAborted;
        switch (request.Model)
        {
            case ChatResponses.ChatModel:
                served.Record(request.Model);
                response.ContentType = "application/json";
                response.ContentLength = responses.Completion.Length;
                await response.BodyWriter.WriteAsync(responses.Completion, cancellationToken);
                break;
            case ChatResponses.StreamModel:
                served.Record(request.Model);
                response.ContentType = EventStream;
                await response.BodyWriter.WriteAsync(responses.StreamBody, cancellationToken);
                break;
            case ChatResponses.ToolStreamModel:
                served.Record(request.Model);
                response.ContentType = EventStream;
                await response.BodyWriter.WriteAsync(responses.ToolStreamBody, cancellationToken);
                break;
            case ChatResponses.FlushedStreamModel:
                served.Record(request.Model);
                response.ContentType = EventStream;
                foreach (var item in responses.FlushedStreamEvents)
                {
                    // PipeWriter.WriteAsync writes and flushes: one event, one flush, as a model server sends tokens.
                    await response.BodyWriter.WriteAsync(item, cancellationToken);
                }

                break;
            default:
                served.Record(ServedChatRequests.Rejected);
                await WriteErrorAsync(response, $"The model '{request.Model}' does not exist.", cancellationToken);
                break;
        }
    }

    private static async Task WriteErrorAsync(HttpResponse response, string message, CancellationToken cancellationToken)
    {
        response.StatusCode = StatusCodes.Status400BadRequest;
        response.ContentType = "application/json";
        var error = new { error = new { message, type = "invalid_request_error", param = (string?)null, code = (string?)null } };
        await System.Text.Json.JsonSerializer.SerializeAsync(response.Body, error, cancellationToken: cancellationToken);
    }
}
