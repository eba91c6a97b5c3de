using System.IO.Pipelines;
using System.Text.Json;
using Connectors.Custom.Benchmarks.Data;
using Microsoft.AspNetCore.Http;

namespace Connectors.Custom.Benchmarks.Server;

/// <summary><c>POST /v1/embeddings</c>, answered from <see cref="EmbeddingResponses"/> as OpenAI would.</summary>
internal sealed class EmbeddingEndpoint(EmbeddingResponses responses, ServedRequests served)
{
    public async Task HandleAsync(HttpContext context)
    {
        var reader = context.Request.BodyReader;
        ReadResult read;
        while (!(read = await reader.ReadAsync(context.RequestAborted)).IsCompleted)
        {
            // Leave the bytes in the pipe until the whole body is there; it is parsed in one pass.
            reader.AdvanceTo(read.Buffer.Start, read.Buffer.End);
        }

        var parsed = EmbeddingRequest.TryParse(read.Buffer, out var request, out var error);
        reader.AdvanceTo(read.Buffer.End);
        if (parsed && request.InputCount > BenchmarkVectors.MaxInputsPerRequest)
        {
            // OpenAI's own limit, so a client that does not batch fails here as it would in production.
            (parsed, error) = (false, ("input", $"input has {request.InputCount} items; at most {BenchmarkVectors.MaxInputsPerRequest} are allowed per request."));
        }

        if (!parsed)
        {
            await WriteErrorAsync(context.Response, error.Param, error.Message, context.RequestAborted);
            return;
        }

        served.Record(request);
        var body = responses.Get(request.InputCount, request.Base64);
        context.Response.ContentType = "application/json";
        context.Response.ContentLength = body.Length;
        await context.Response.Body.WriteAsync(body, context.RequestAborted);
    }

    private static async Task WriteErrorAsync(HttpResponse response, string? param, string message, CancellationToken cancellationToken)
    {
        response.StatusCode = StatusCodes.Status400BadRequest;
        response.ContentType = "application/json";
        var error = new { error = new { message, type = "invalid_request_error", param, code = (string?)null } };
        await JsonSerializer.SerializeAsync(response.Body, error, cancellationToken: cancellationToken);
    }
}
