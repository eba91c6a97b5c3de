using System;
using System.Collections.Generic;
using System.Text;
using System.Threading.Tasks;
using Microsoft.Extensions.AI;

namespace Connectors.Custom;

/// <summary>
/// The one owner of a streamed attempt, from the request to the last byte: it opens the stream under the attempt's
/// scope and, once the stream has committed to its endpoint, applies the idle and total timeouts to every read,
/// corrects the token budget from the usage the server reports, and records the outcome exactly once — success with
/// usage and cost, or failure (logged at Error with what had arrived, counted by the circuit breaker, with whatever
/// usage was reported) — then releases the attempt's limiter slot and timers.
/// </summary>
/// <remarks>Not thread-safe: one consumer enumerates it, as with any <see cref="IAsyncEnumerator{T}"/>.</remarks>
internal sealed class ResilientStream : IAsyncDisposable
{
    private readonly IAsyncEnumerator<ChatResponseUpdate> _updates;
    private readonly AttemptScope _attempt;
    private ChatResponseUpdate? _first;
    private StreamCall? _call;
    private TimeSpan _timeToFirstUpdate;
    private int _delivered;
    private bool _ended;
    private string? _finishReason;
    private string? _modelId;
    private StringBuilder? _text;

    private ResilientStream(IAsyncEnumerator<ChatResponseUpdate> updates, AttemptScope attempt, ChatResponseUpdate? first)
    {
        _updates = updates;
        _attempt = attempt;
        _first = first;
        _ended = first is null;
    }

    /// <summary>Gets the update the last successful <see cref="MoveNextAsync"/> produced.</summary>
    public ChatResponseUpdate Current { get; private set; } = null!;

    /// <summary>Sends the request and reads until the first update, which commits the call to this endpoint.</summary>
    /// <param name="source">The protocol client's stream, started with <paramref name="attempt"/>'s token.</param>
    /// <param name="attempt">The attempt, which the stream owns from now on (unless opening fails: then the endpoint
    /// records the failure and releases it).</param>
    public static async Task<ResilientStream> OpenAsync(IAsyncEnumerable<ChatResponseUpdate> source, AttemptScope attempt)
    {
        var updates = source.GetAsyncEnumerator(attempt.Token);
        try
        {
            var hasFirst = await updates.MoveNextAsync().ConfigureAwait(false);
            return new ResilientStream(updates, attempt, hasFirst ? updates.Current : null);
        }
        catch
        {
            await updates.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>Binds the committed stream to its call, which its outcome is recorded against.</summary>
    public void Commit(StreamCall call)
    {
        _call = call;
        _timeToFirstUpdate = call.Clock.GetElapsedTime(call.Call.Started);
        if (_first is null)
        {
            // A stream that ended without an update still succeeded.
            Complete();
        }
    }

    /// <summary>Reads the next update under the idle and total timeouts.</summary>
    /// <exception cref="CustomTimeoutException">The stream stayed silent too long, or the call ran out of time.</exception>
    /// <remarks>Not an async method: most updates are already read (a socket read brings several events), and those
    /// are handed out without a state machine; only a read that must wait goes through <see cref="AwaitNextAsync"/>.</remarks>
    public ValueTask<bool> MoveNextAsync()
    {
        var call = _call ?? throw new InvalidOperationException("The stream was not committed to a call.");
        if (_first is { } first)
        {
            _first = null;
            var properties = first.AdditionalProperties ??= [];
            properties[CustomMetadataKeys.Endpoint] = call.Endpoint;
            properties[CustomMetadataKeys.Attempts] = call.Call.Attempts;
            return new(Deliver(first));
        }

        if (_ended)
        {
            return new(false);
        }

        bool hasNext;
        try
        {
            _attempt.Timeouts.TouchIdle(call.IdleTimeout);
            var next = _updates.MoveNextAsync();
            if (!next.IsCompletedSuccessfully)
            {
                return AwaitNextAsync(next);
            }

            hasNext = next.Result;
            if (!hasNext)
            {
                Complete();
            }
        }
        catch (Exception ex)
        {
            throw Fail(ex);
        }

        return new(hasNext && Deliver(_updates.Current));
    }

    public async ValueTask DisposeAsync()
    {
        if (!_ended && _call is { } call)
        {
            // The caller stopped reading: neither a success nor a failure of the endpoint.
            _ended = true;
            call.Diagnostics.RecordFailure(call.Call.OperationName, call.Endpoint, new OperationCanceledException(), call.Call.Attempts, stream: null);
        }

        await _updates.DisposeAsync().ConfigureAwait(false);
        _attempt.Dispose();
    }

    private async ValueTask<bool> AwaitNextAsync(ValueTask<bool> next)
    {
        try
        {
            if (!await next.ConfigureAwait(false))
            {
                Complete();
                return false;
            }
        }
        catch (Exception ex)
        {
            throw Fail(ex);
        }

        return Deliver(_updates.Current);
    }

    /// <summary>Takes in one update (its usage is read once, here) and hands it out.</summary>
    private bool Deliver(ChatResponseUpdate update)
    {
        _delivered++;
        _modelId ??= update.ModelId;
        _finishReason = update.FinishReason?.Value ?? _finishReason;
        if (_call!.Diagnostics.LogSensitiveContent)
        {
            (_text ??= new()).Append(update.Text);
        }

        // Indexed, not foreach: Contents is an IList, whose enumerator would be boxed on every streamed delta.
        var contents = update.Contents;
        for (var i = 0; i < contents.Count; i++)
        {
            if (contents[i] is UsageContent usage)
            {
                if (_call.Price?.Compute(usage.Details.InputTokenCount ?? 0, usage.Details.CachedInputTokenCount ?? 0, usage.Details.OutputTokenCount ?? 0) is { } cost)
                {
                    (update.AdditionalProperties ??= [])[CustomMetadataKeys.Cost] = cost;
                }
            }
        }

        Current = update;
        return true;
    }

    private void Complete()
    {
        _ended = true;
        _attempt.Settle(null);
        var call = _call!;
        call.Diagnostics.RecordSuccess(
            call.Call.OperationName,
            call.Endpoint,
            call.ModelId,
            call.Price,
            new CallSummary(_attempt.ReportedUsage, _modelId, _finishReason, _text?.ToString()),
            call.Clock.GetElapsedTime(call.Call.Started),
            _timeToFirstUpdate,
            call.Call.Attempts);
    }

    private Exception Fail(Exception error)
    {
        _ended = true;
        var call = _call!;
        var failure = call.Call.Timeouts.Translate(_attempt.Timeouts.Translate(error, call.Endpoint), call.Endpoint);
        if (failure is CustomEndpointException endpointFailure)
        {
            endpointFailure.Attempts = call.Call.Attempts;
        }

        _attempt.Settle(failure);
        if (_attempt.ReportedUsage is { } usage)
        {
            // The server reported usage before the stream broke: it was spent, so it counts toward cost and budgets.
            call.Diagnostics.RecordUsage(call.Call.OperationName, call.Endpoint, call.ModelId, call.Price, new CallSummary(usage, _modelId, _finishReason, null));
        }

        call.Diagnostics.RecordFailure(call.Call.OperationName, call.Endpoint, failure, call.Call.Attempts, new StreamProgress(_delivered, call.Clock.GetElapsedTime(call.Call.Started)));
        return failure;
    }
}
