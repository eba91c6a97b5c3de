using System;
using System.IO;
using System.Net.Http;
using System.Threading;

namespace Connectors.Custom;

/// <summary>
/// The one owner of a non-chat call whose answer is read after the executor returns (audio streamed to the caller,
/// transcription events), from the response headers to the last byte: it holds the winning attempt, the response and
/// the call's total timeout, applies the idle timeout to each read, and records the outcome exactly once — success
/// with its cost, failure (typed, counted by the circuit breaker), or abandonment when the caller stops reading.
/// </summary>
/// <remarks>Opened by <see cref="ResilientExecutor{TClient}.OpenAsync"/>. Not thread-safe: one reader at a time.</remarks>
internal sealed class OperationLease : IDisposable
{
    private readonly StreamCall _call;
    private readonly AttemptScope _attempt;
    private readonly TimeSpan _timeToFirstByte;
    private bool _ended;
    private bool _disposed;

    public OperationLease(StreamCall call, HttpResponseMessage response, AttemptScope attempt)
    {
        _call = call;
        Response = response;
        _attempt = attempt;
        _timeToFirstByte = call.Clock.GetElapsedTime(call.Call.Started);
    }

    /// <summary>Gets the response whose body is being read.</summary>
    public HttpResponseMessage Response { get; }

    /// <summary>Gets the token every read runs under: the caller's, the total and the idle timeouts.</summary>
    public CancellationToken Token => _attempt.Token;

    /// <summary>Whether a read's token adds nothing to <see cref="Token"/>: none at all, or the call's own (already
    /// joined into it), so the read needs no linked source of its own.</summary>
    public bool Covers(CancellationToken token) => !token.CanBeCanceled || token == _call.Call.CallerToken;

    /// <summary>Gets the endpoint that answered.</summary>
    public string Endpoint => _call.Endpoint;

    /// <summary>Gets the attempts the call made.</summary>
    public int Attempts => _call.Call.Attempts;

    /// <summary>Gets whether the outcome has been recorded.</summary>
    public bool Ended => _ended;

    /// <summary>Notes activity before a read, so the idle timeout measures silence rather than the whole body.</summary>
    public void Touch() => _attempt.Timeouts.TouchIdle(_call.IdleTimeout);

    /// <summary>Records the success once the last byte is read.</summary>
    /// <returns>The call's cost in US dollars, or null when the model has no known price.</returns>
    public decimal? Complete(CallSummary summary)
    {
        if (_ended)
        {
            return null;
        }

        _ended = true;
        _attempt.Settle(null);
        _call.Call.Budget.ChargeMetered(_call.Price, summary);
        return _call.Diagnostics.RecordSuccess(_call.Call.OperationName, _call.Endpoint, _call.ModelId, _call.Price, summary, _call.Clock.GetElapsedTime(_call.Call.Started), _timeToFirstByte, _call.Call.Attempts);
    }

    /// <summary>Turns what a read threw into the call's failure (a timeout named, a dropped connection as a truncated
    /// answer) and records it once.</summary>
    /// <returns>The exception to throw.</returns>
    public Exception Fail(Exception error)
    {
        var failure = _call.Call.Timeouts.Translate(_attempt.Timeouts.Translate(error, _call.Endpoint), _call.Endpoint);
        if (failure is IOException or HttpRequestException)
        {
            failure = new CustomProtocolException(
                CustomProtocolErrorKind.StreamTruncated,
                $"The connection to {_call.Endpoint} closed before the whole answer arrived: {failure.Message}",
                failure);
        }

        if (failure is CustomEndpointException endpointFailure)
        {
            endpointFailure.Attempts = _call.Call.Attempts;
        }

        if (!_ended)
        {
            _ended = true;
            _attempt.Settle(failure);
            _call.Diagnostics.RecordFailure(_call.Call.OperationName, _call.Endpoint, failure, _call.Call.Attempts, stream: null);
        }

        return failure;
    }

    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        if (!_ended)
        {
            // The caller stopped reading: neither a success nor a failure of the endpoint.
            _ended = true;
            _call.Diagnostics.RecordFailure(_call.Call.OperationName, _call.Endpoint, new OperationCanceledException(), _call.Call.Attempts, stream: null);
        }

        Response.Dispose();
        _attempt.Dispose();
        _call.Call.Timeouts.Dispose();
        _call.Call.Budget.Dispose();
    }
}
