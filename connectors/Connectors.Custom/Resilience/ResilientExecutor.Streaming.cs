using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.AI;

namespace Connectors.Custom;

internal sealed partial class ResilientExecutor<TClient>
{
    /// <summary>Opens a stream with retries, failover and hedging until its first update, then hands the caller every
    /// update while the stream's owner applies the idle and total timeouts and records the outcome.</summary>
    /// <param name="operationName">The GenAI operation, for logs.</param>
    /// <param name="open">Starts the stream at one endpoint; it must send with the attempt's token.</param>
    /// <param name="estimatedTokens">The tokens to charge against per-minute budgets before the answer is known.</param>
    /// <param name="cancellationToken">The caller's token.</param>
    /// <remarks>Nothing starts until the first <c>MoveNextAsync</c>, as with an iterator; each enumeration is a call of
    /// its own.</remarks>
    public IAsyncEnumerable<ChatResponseUpdate> StreamAsync(string operationName, Func<TClient, AttemptScope, IAsyncEnumerable<ChatResponseUpdate>> open, int estimatedTokens, CancellationToken cancellationToken) =>
        new CallStream(this, operationName, open, estimatedTokens, cancellationToken);

    /// <summary>One streamed call as the caller enumerates it. Written by hand rather than as an iterator: once the
    /// stream is open, every update is <see cref="ResilientStream"/>'s own, handed through without an iterator's state
    /// machine between them (a stream has hundreds of updates, and each would pay for it).</summary>
    private sealed class CallStream(ResilientExecutor<TClient> executor, string operationName, Func<TClient, AttemptScope, IAsyncEnumerable<ChatResponseUpdate>> open, int estimatedTokens, CancellationToken cancellationToken)
        : IAsyncEnumerable<ChatResponseUpdate>
    {
        public IAsyncEnumerator<ChatResponseUpdate> GetAsyncEnumerator(CancellationToken enumeratorToken = default) =>
            new Enumerator(executor, operationName, open, estimatedTokens, cancellationToken, enumeratorToken);
    }

    private sealed class Enumerator : IAsyncEnumerator<ChatResponseUpdate>
    {
        private readonly ResilientExecutor<TClient> _executor;
        private readonly string _operationName;
        private readonly Func<TClient, AttemptScope, IAsyncEnumerable<ChatResponseUpdate>> _open;
        private readonly int _estimatedTokens;
        private readonly CancellationToken _token;
        private readonly CancellationTokenSource? _linked;
        private CallState? _call;
        private ResilientStream? _stream;
        private bool _ended;

        public Enumerator(ResilientExecutor<TClient> executor, string operationName, Func<TClient, AttemptScope, IAsyncEnumerable<ChatResponseUpdate>> open, int estimatedTokens, CancellationToken callToken, CancellationToken enumeratorToken)
        {
            _executor = executor;
            _operationName = operationName;
            _open = open;
            _estimatedTokens = estimatedTokens;

            // As an iterator with [EnumeratorCancellation] would: either token cancels the call.
            if (enumeratorToken.CanBeCanceled && callToken.CanBeCanceled && enumeratorToken != callToken)
            {
                _linked = CancellationTokenSource.CreateLinkedTokenSource(callToken, enumeratorToken);
                _token = _linked.Token;
            }
            else
            {
                _token = callToken.CanBeCanceled ? callToken : enumeratorToken;
            }
        }

        public ChatResponseUpdate Current => _stream?.Current ?? throw new InvalidOperationException("MoveNextAsync has not returned true.");

        public ValueTask<bool> MoveNextAsync()
        {
            if (_ended)
            {
                return new(false);
            }

            if (_stream is not { } stream)
            {
                return OpenAsync();
            }

            var next = stream.MoveNextAsync();
            if (!next.IsCompletedSuccessfully)
            {
                return EndAfterAsync(next);
            }

            if (next.Result)
            {
                return new(true);
            }

            return EndAsync();
        }

        public async ValueTask DisposeAsync()
        {
            if (!_ended)
            {
                await EndAsync().ConfigureAwait(false);
            }
        }

        /// <summary>Starts the call and opens its stream (retries, failover and hedging until the first update).</summary>
        private async ValueTask<bool> OpenAsync()
        {
            CallState call;
            try
            {
                call = _executor.Start(_operationName, _estimatedTokens, _token);
            }
            catch
            {
                // Refused before anything started (a budget that is spent): there is nothing to release but the token link.
                await EndAsync().ConfigureAwait(false);
                throw;
            }

            _call = call;
            try
            {
                var opened = await _executor.RunAsync(
                    (client, attempt) => ResilientStream.OpenAsync(_open(client, attempt), attempt),
                    keepsAttempt: true,
                    discard: static stream => stream.DisposeAsync(),
                    call).ConfigureAwait(false);
                var stream = opened.Value;
                stream.Commit(new StreamCall(call, opened.Endpoint, opened.ModelId, opened.Price, _executor._options.Timeouts.StreamIdleTimeout, _executor._diagnostics, _executor._timeProvider));
                _stream = stream;
            }
            catch (Exception ex)
            {
                var failure = _executor.RecordFailure(call, ex);
                await EndAsync().ConfigureAwait(false);
                throw failure;
            }

            return await EndAfterAsync(_stream.MoveNextAsync()).ConfigureAwait(false);
        }

        /// <summary>Waits for an update; the call ends with the stream's last one, or with its failure.</summary>
        private async ValueTask<bool> EndAfterAsync(ValueTask<bool> next)
        {
            try
            {
                if (await next.ConfigureAwait(false))
                {
                    return true;
                }
            }
            catch
            {
                await EndAsync().ConfigureAwait(false);
                throw;
            }

            return await EndAsync().ConfigureAwait(false);
        }

        /// <summary>Releases the stream, the call's budget hold and its total timeout, in that order, once.</summary>
        private async ValueTask<bool> EndAsync()
        {
            if (_ended)
            {
                return false;
            }

            _ended = true;
            try
            {
                if (_stream is { } stream)
                {
                    await stream.DisposeAsync().ConfigureAwait(false);
                }
            }
            finally
            {
                _call?.Budget.Dispose();
                _call?.Timeouts.Dispose();
                _linked?.Dispose();
            }

            return false;
        }
    }
}
