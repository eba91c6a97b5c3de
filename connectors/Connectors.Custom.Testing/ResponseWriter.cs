using System;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Http;

namespace Connectors.Custom.Testing;

/// <summary>Writes answers to the wire, whole or broken as a <see cref="ResponseMode"/> says.</summary>
internal static class ResponseWriter
{
    private static readonly byte[] s_dataPrefix = "data: "u8.ToArray();
    private static readonly byte[] s_eventPrefix = "event: "u8.ToArray();
    private static readonly byte[] s_lineEnd = "\n"u8.ToArray();
    private static readonly byte[] s_commentPrefix = ": "u8.ToArray();
    private static readonly byte[] s_eventEnd = "\n\n"u8.ToArray();
    private static readonly byte[] s_done = "data: [DONE]\n\n"u8.ToArray();

    /// <summary>How long a drop waits after its last flush before aborting: Kestrel's abort discards output its
    /// transport has not sent yet, so without this pause the client would see a reset instead of a partial answer.
    /// Kestrel does not say when its transport has sent a flush, so this is a wait, not a signal: 30 ms let a test
    /// suite running ten test processes on two cores see a reset before the headers once; 200 ms gives the transport
    /// far more room, but a machine loaded enough can still outrun it.</summary>
    private static readonly TimeSpan s_dropGrace = TimeSpan.FromMilliseconds(200);

    /// <summary>Writes a JSON body with a <c>Content-Length</c>.</summary>
    public static Task WriteJsonAsync(HttpContext context, int status, byte[] body, Delivery delivery) =>
        WriteBodyAsync(context, status, "application/json", body, delivery);

    /// <summary>Writes a body of any type (JSON, audio, an image) with a <c>Content-Length</c>; a fault truncates,
    /// drops or stalls it halfway whatever it holds.</summary>
    public static async Task WriteBodyAsync(HttpContext context, int status, string contentType, byte[] body, Delivery delivery)
    {
        var mode = delivery.Mode;
        var response = context.Response;
        var token = context.RequestAborted;
        response.StatusCode = status;
        response.ContentType = contentType;
        var half = body.Length / 2;
        switch (mode)
        {
            case ResponseMode.Truncated:
                response.ContentLength = half;
                await response.Body.WriteAsync(body.AsMemory(0, half), token).ConfigureAwait(false);
                return;
            case ResponseMode.DropMidway:
            case ResponseMode.StallMidway:
                // The full length is declared, so the client knows the body is incomplete when the connection ends.
                response.ContentLength = body.Length;
                await response.Body.WriteAsync(body.AsMemory(0, half), token).ConfigureAwait(false);
                await response.Body.FlushAsync(token).ConfigureAwait(false);
                await BreakAsync(context, delivery).ConfigureAwait(false);
                return;
            case ResponseMode.Normal:
                response.ContentLength = body.Length;
                await response.Body.WriteAsync(body, token).ConfigureAwait(false);
                return;
        }
    }

    /// <summary>Writes server-sent events, flushing after each, then <c>data: [DONE]</c> when the stream has one.</summary>
    /// <param name="context">The request.</param>
    /// <param name="stream">The events in order, where a broken stream breaks, and whether it ends with <c>[DONE]</c>.</param>
    /// <param name="delivery">How to deliver them.</param>
    public static async Task WriteEventsAsync(HttpContext context, EventStream stream, Delivery delivery)
    {
        var mode = delivery.Mode;
        var response = context.Response;
        var token = context.RequestAborted;
        var events = stream.Events;
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = "text/event-stream";
        response.Headers.CacheControl = "no-cache";

        if (mode == ResponseMode.Truncated)
        {
            // Half of the first data event's JSON, then [DONE]: comments before it go out whole.
            foreach (var item in events)
            {
                if (item.IsComment)
                {
                    await WriteEventAsync(response, item, token).ConfigureAwait(false);
                    continue;
                }

                await WriteEventAsync(response, item with { Payload = item.Payload[..(item.Payload.Length / 2)] }, token).ConfigureAwait(false);
                break;
            }

            await response.Body.WriteAsync(s_done, token).ConfigureAwait(false);
            return;
        }

        var count = mode == ResponseMode.Normal ? events.Count : Math.Min(stream.SentBeforeBreak, events.Count);
        for (var i = 0; i < count; i++)
        {
            await WriteEventAsync(response, events[i], token).ConfigureAwait(false);
        }

        if (mode == ResponseMode.Normal)
        {
            if (stream.EndsWithDone)
            {
                await response.Body.WriteAsync(s_done, token).ConfigureAwait(false);
            }

            await response.Body.FlushAsync(token).ConfigureAwait(false);
            return;
        }

        await BreakAsync(context, delivery).ConfigureAwait(false);
    }

    /// <summary>Sends nothing for the stall's duration, or until the client leaves or the server stops (a drop waits
    /// only its short grace), then aborts the connection.</summary>
    private static async Task BreakAsync(HttpContext context, Delivery delivery)
    {
        // Bounded on purpose: a stall that lasted "until the client leaves" outlived a client with the connector's
        // default (minutes-long) timeouts, so a test run that drew one looked hung.
        var wait = delivery.Mode == ResponseMode.StallMidway ? delivery.StallDuration : s_dropGrace;
        using var either = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, delivery.Stopping);
        try
        {
            await Task.Delay(wait, either.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // The client gave up, or the server is stopping: either way the wait is over.
        }

        context.Abort();
    }

    private static async Task WriteEventAsync(HttpResponse response, StreamEvent item, CancellationToken token)
    {
        if (item.Name is { } name)
        {
            await response.Body.WriteAsync(s_eventPrefix, token).ConfigureAwait(false);
            await response.Body.WriteAsync(System.Text.Encoding.UTF8.GetBytes(name), token).ConfigureAwait(false);
            await response.Body.WriteAsync(s_lineEnd, token).ConfigureAwait(false);
        }

        await response.Body.WriteAsync(item.IsComment ? s_commentPrefix : s_dataPrefix, token).ConfigureAwait(false);
        await response.Body.WriteAsync(item.Payload, token).ConfigureAwait(false);
        await response.Body.WriteAsync(s_eventEnd, token).ConfigureAwait(false);
        await response.Body.FlushAsync(token).ConfigureAwait(false);
    }
}
