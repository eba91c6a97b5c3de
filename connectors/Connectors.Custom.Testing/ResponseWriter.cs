using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Http;

namespace Connectors.Custom.Testing;

/// <summary>Writes answers to the wire, whole or broken as a <see cref="ResponseMode"/> says.</summary>
internal static class ResponseWriter
{
    private static readonly byte[] s_dataPrefix = "data: "u8.ToArray();
    private static readonly byte[] s_eventEnd = "\n\n"u8.ToArray();
    private static readonly byte[] s_done = "data: [DONE]\n\n"u8.ToArray();

    /// <summary>How long a drop waits after its last flush before aborting: Kestrel's abort discards output its
    /// transport has not sent yet, so without this pause the client would see a reset instead of a partial answer.</summary>
    private static readonly TimeSpan s_dropGrace = TimeSpan.FromMilliseconds(30);

    /// <summary>Writes a JSON body with a <c>Content-Length</c>.</summary>
    public static async Task WriteJsonAsync(HttpContext context, int status, byte[] body, ResponseMode mode, CancellationToken stopping)
    {
        var response = context.Response;
        var token = context.RequestAborted;
        response.StatusCode = status;
        response.ContentType = "application/json";
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
                await BreakAsync(context, mode, stopping).ConfigureAwait(false);
                return;
            default:
                response.ContentLength = body.Length;
                await response.Body.WriteAsync(body, token).ConfigureAwait(false);
                return;
        }
    }

    /// <summary>Writes server-sent events, one JSON payload each, flushing after every event, then <c>data: [DONE]</c>.</summary>
    /// <param name="context">The request.</param>
    /// <param name="events">The JSON payloads in order.</param>
    /// <param name="sentBeforeBreak">How many events go out before a drop or a stall.</param>
    /// <param name="mode">How to deliver them.</param>
    /// <param name="stopping">Ends a stall when the server stops.</param>
    public static async Task WriteEventsAsync(HttpContext context, IReadOnlyList<byte[]> events, int sentBeforeBreak, ResponseMode mode, CancellationToken stopping)
    {
        var response = context.Response;
        var token = context.RequestAborted;
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = "text/event-stream";
        response.Headers.CacheControl = "no-cache";

        if (mode == ResponseMode.Truncated)
        {
            var first = events[0];
            await WriteEventAsync(response, first.AsMemory(0, first.Length / 2), token).ConfigureAwait(false);
            await response.Body.WriteAsync(s_done, token).ConfigureAwait(false);
            return;
        }

        var count = mode == ResponseMode.Normal ? events.Count : Math.Min(sentBeforeBreak, events.Count);
        for (var i = 0; i < count; i++)
        {
            await WriteEventAsync(response, events[i], token).ConfigureAwait(false);
        }

        if (mode == ResponseMode.Normal)
        {
            await response.Body.WriteAsync(s_done, token).ConfigureAwait(false);
            await response.Body.FlushAsync(token).ConfigureAwait(false);
            return;
        }

        await BreakAsync(context, mode, stopping).ConfigureAwait(false);
    }

    /// <summary>Waits until the client disconnects or the server stops.</summary>
    public static async Task StallAsync(HttpContext context, CancellationToken stopping)
    {
        using var either = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, stopping);
        try
        {
            await Task.Delay(Timeout.InfiniteTimeSpan, either.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // The client gave up, or the server is stopping: either way the stall is over.
        }
    }

    private static async Task BreakAsync(HttpContext context, ResponseMode mode, CancellationToken stopping)
    {
        if (mode == ResponseMode.StallMidway)
        {
            await StallAsync(context, stopping).ConfigureAwait(false);
        }
        else
        {
            using var either = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, stopping);
            try
            {
                await Task.Delay(s_dropGrace, either.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                // The client is gone already; abort all the same.
            }
        }

        context.Abort();
    }

    private static async Task WriteEventAsync(HttpResponse response, ReadOnlyMemory<byte> json, CancellationToken token)
    {
        await response.Body.WriteAsync(s_dataPrefix, token).ConfigureAwait(false);
        await response.Body.WriteAsync(json, token).ConfigureAwait(false);
        await response.Body.WriteAsync(s_eventEnd, token).ConfigureAwait(false);
        await response.Body.FlushAsync(token).ConfigureAwait(false);
    }
}
