using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Http;

namespace Connectors.Custom.Testing;

/// <summary>
/// The one path every request to <see cref="LocalOpenAIServer"/> takes:
/// <list type="number">
/// <item><b>capture</b> the request as bytes (<see cref="RecordedRequest"/>);</item>
/// <item><b>read</b> it: route to an <see cref="IEndpointHandler"/>, which parses it or says why it is invalid;</item>
/// <item><b>decide</b> the fault (valid, faultable requests only), then <b>record and count</b> the request, here and
/// nowhere else;</item>
/// <item><b>answer</b>: a fault that replaces the answer, an error for unknown routes and invalid requests, or the
/// endpoint's answer;</item>
/// <item><b>write</b> it, whole or broken as the fault says (<see cref="Delivery"/>).</item>
/// </list>
/// </summary>
internal sealed class RequestPipeline
{
    private readonly IReadOnlyList<IEndpointHandler> _handlers;
    private readonly WireStyle _style;
    private readonly FaultOptions _faultOptions;
    private readonly FaultInjector _faults;
    private readonly RequestLog _log;
    private readonly ServerStatistics _statistics;
    private readonly TimeProvider _time;
    private readonly CancellationToken _stopping;

    public RequestPipeline(IReadOnlyList<IEndpointHandler> handlers, WireStyle style, FaultOptions faults, RequestLog log, ServerStatistics statistics, TimeProvider time, CancellationToken stopping)
    {
        _handlers = handlers;
        _style = style;
        _faultOptions = faults;
        _faults = new FaultInjector(faults);
        _log = log;
        _statistics = statistics;
        _time = time;
        _stopping = stopping;
    }

    /// <summary>The <c>x-request-id</c> of request <paramref name="sequence"/>.</summary>
    public static string RequestId(long sequence) => "req_local_" + sequence.ToString(CultureInfo.InvariantCulture);

    public async Task HandleAsync(HttpContext http)
    {
        try
        {
            await RunAsync(http).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is OperationCanceledException or IOException && (http.RequestAborted.IsCancellationRequested || _stopping.IsCancellationRequested))
        {
            // The client left (or the server is stopping) while the answer was being written.
            http.Abort();
        }
        catch (Exception ex) when (!http.Response.HasStarted)
        {
            // A chat script or a fault override failed: answer with the reason rather than an empty 500.
            http.Response.Clear();
            var body = ErrorJson.Write(_style.Errors, StatusCodes.Status500InternalServerError, $"The local server failed to answer: {ex.GetType().Name}: {ex.Message}", "server_error", "local_server_error");
            await ResponseWriter.WriteJsonAsync(http, StatusCodes.Status500InternalServerError, body, Delivery.Whole(default)).ConfigureAwait(false);
        }
    }

    private async Task RunAsync(HttpContext http)
    {
        // 1. Capture.
        var request = await RecordedRequest.CaptureAsync(http.Request, _log.NextSequence(), _time.GetUtcNow(), http.RequestAborted).ConfigureAwait(false);
        http.Response.Headers["x-request-id"] = RequestId(request.Sequence);

        // 2. Read.
        var (handler, refusal) = Route(request);
        var read = handler?.Read(request) ?? default;
        var call = read.Call;

        // 3. Decide the fault, then record and count: in a finally, so a failing override still leaves its request on record.
        var fault = FaultDecision.None;
        try
        {
            if (call is { Faultable: true })
            {
                fault = _faults.Decide(request);
            }
        }
        finally
        {
            request.Fault = fault.Kind;
            Account(request, call, fault);
        }

        // 4. Answer and 5. write.
        if (refusal is { } routeError)
        {
            if (routeError.Allow is { } allow)
            {
                http.Response.Headers.Allow = allow;
            }

            await WriteErrorAsync(http, routeError.Status, routeError.Message, routeError.Code).ConfigureAwait(false);
            return;
        }

        if (call is null)
        {
            await WriteErrorAsync(http, StatusCodes.Status400BadRequest, read.Error!, code: null).ConfigureAwait(false);
            return;
        }

        var delivery = Delivery.Whole(_stopping);
        if (fault.Kind is { } kind)
        {
            var effect = FaultTable.For(kind);
            if (effect.ReplaceAsync is { } replace)
            {
                await replace(new FaultContext(http, fault, _faultOptions, _style, call.Model)).ConfigureAwait(false);
                return;
            }

            if (effect.WaitFirst)
            {
                using var either = CancellationTokenSource.CreateLinkedTokenSource(http.RequestAborted, _stopping);
                await Task.Delay(_faultOptions.SlowFirstByteDelay, _time, either.Token).ConfigureAwait(false);
            }

            delivery = new Delivery(effect.Mode, _faultOptions.StallDuration, _stopping);
        }

        await call.AnswerAsync(new AnswerContext(http, request, delivery, _style)).ConfigureAwait(false);
    }

    /// <summary>Records and counts one request: the only place either happens.</summary>
    private void Account(RecordedRequest request, EndpointCall? call, FaultDecision fault)
    {
        _statistics.CountRequest();
        if (call is not null)
        {
            _statistics.CountServed(call.ServedAs);
        }

        if (fault.Kind is { } kind)
        {
            _statistics.CountFault(kind);
        }

        _log.Add(request);
    }

    /// <summary>Finds the handler for the request's path and method, or the error for a route nobody serves.</summary>
    private (IEndpointHandler? Handler, RouteError? Error) Route(RecordedRequest request)
    {
        var path = request.Path.TrimEnd('/');
        var handler = _handlers.FirstOrDefault(h => string.Equals(h.Path, path, StringComparison.OrdinalIgnoreCase));
        var methodMatches = handler is not null && HttpMethods.Equals(request.Method, handler.Method);
        if (_style.UnknownRouteIsOk && !methodMatches)
        {
            // LM Studio answers a route it does not serve (a doubled /v1/v1, say) with 200 and an error body.
            return (null, new RouteError(StatusCodes.Status200OK, $"Unexpected endpoint or method. ({request.Method} {request.Path})", "unknown_url", null));
        }

        if (handler is null)
        {
            var served = string.Join(", ", _handlers.Select(h => h.Path));
            return (null, new RouteError(StatusCodes.Status404NotFound, $"Unknown request URL: {request.Method} {request.Path}. This local server serves {served}.", "unknown_url", null));
        }

        return methodMatches
            ? (handler, null)
            : (null, new RouteError(StatusCodes.Status405MethodNotAllowed, $"{request.Path} accepts {handler.Method}, not {request.Method}.", "method_not_allowed", handler.Method));
    }

    private Task WriteErrorAsync(HttpContext http, int status, string message, string? code) =>
        ResponseWriter.WriteJsonAsync(http, status, ErrorJson.Write(_style.Errors, status, message, "invalid_request_error", code), Delivery.Whole(default));

    private sealed record RouteError(int Status, string Message, string Code, string? Allow);
}
