using System;
using System.Net;
using System.Threading;
using System.Threading.Tasks;
using Polly;
using Polly.Retry;

namespace Connectors.Custom;

/// <summary>
/// One endpoint of a resilient service: its protocol client, its retries (Polly), its circuit breaker, its
/// client-side limits and attempt timeout, and the live figures load balancing reads (calls in flight, latency
/// moving average).
/// </summary>
/// <typeparam name="TClient">The protocol client of the endpoint.</typeparam>
internal sealed class EndpointRuntime<TClient> : IAttemptOutcomes, IDisposable
{
    private const double LatencyWeight = 0.2;

    private readonly ResiliencePipeline? _retry;
    private readonly CircuitBreaker? _circuit;
    private readonly IEndpointLimiter? _limiter;
    private readonly TimeProvider _timeProvider;
    private readonly CustomResilienceOptions _options;
    private readonly ConnectorDiagnostics _diagnostics;
    private int _outstanding;
    private double _latencyMilliseconds = double.NaN;

    // fleet shares limits and cooldowns with the other instances of the application (null keeps them in this
    // process); fleetEndpoint names whose limits they are.
    public EndpointRuntime(TClient client, string modelId, Uri address, CustomResilienceOptions options, TimeProvider timeProvider, ConnectorDiagnostics diagnostics, IFleetCoordinator? fleet = null, FleetEndpoint? fleetEndpoint = null)
    {
        Client = client;
        ModelId = modelId;
        Name = EndpointAddress.Describe(address);
        _options = options;
        _timeProvider = timeProvider;
        _diagnostics = diagnostics;
        var local = options.Enabled && options.RateLimits.IsEnabled ? new EndpointLimiter(options.RateLimits, timeProvider, Name) : null;

        // A fleet limiter exists even without limits: it carries the cooldowns the server asks for.
        _limiter = options.Enabled && fleet is not null && fleetEndpoint is not null
            ? fleet.CreateLimiter(fleetEndpoint, options, local, timeProvider)
            : local;
        _circuit = options.Enabled && options.CircuitBreaker.Enabled
            ? new CircuitBreaker(options.CircuitBreaker, timeProvider, OnCircuitTransition)
            : null;
        _retry = options.Enabled && options.Retry.MaxRetries > 0 ? BuildRetry(options.Retry, timeProvider) : null;
    }

    public TClient Client { get; }

    public string ModelId { get; }

    /// <summary>Gets the price of this endpoint's model, if known (for the cost of each call).</summary>
    public ModelPrice? Price { get; init; }

    /// <summary>Gets the address for messages and metadata (no query, no user info).</summary>
    public string Name { get; }

    public int Outstanding => Volatile.Read(ref _outstanding);

    /// <summary>Gets the latency moving average in milliseconds, or NaN before the first success.</summary>
    public double LatencyMilliseconds => Volatile.Read(ref _latencyMilliseconds);

    /// <summary>Gets whether the circuit is open, so the endpoint should be tried last.</summary>
    public bool IsCoolingDown => _circuit?.IsOpen == true;

    /// <summary>
    /// Runs <paramref name="operation"/> with this endpoint's retries, circuit breaker, limits and attempt timeout.
    /// Failures are typed: <see cref="CustomTimeoutException"/>, <see cref="CustomRateLimitException"/>,
    /// <see cref="CustomCircuitOpenException"/>, or the protocol client's own.
    /// </summary>
    /// <param name="operation">One attempt. It gets the attempt's scope, whose token it must send with.</param>
    /// <param name="keepsAttempt">Whether a successful result takes the attempt over (a stream, which holds it until its
    /// last byte and records its outcome then) instead of the attempt ending when the operation returns.</param>
    /// <param name="call">What the call's attempts share.</param>
    /// <param name="cancellationToken">The caller's token joined with the total timeout.</param>
    public Task<T> ExecuteAsync<T>(Func<TClient, AttemptScope, Task<T>> operation, bool keepsAttempt, CallState call, CancellationToken cancellationToken) =>
        _retry is null
            ? AttemptAsync(operation, keepsAttempt, call, cancellationToken)
            : ExecuteWithRetriesAsync(_retry, operation, keepsAttempt, call, cancellationToken);

    public void Dispose() => _limiter?.Dispose();

    private async Task<T> ExecuteWithRetriesAsync<T>(ResiliencePipeline retry, Func<TClient, AttemptScope, Task<T>> operation, bool keepsAttempt, CallState call, CancellationToken cancellationToken)
    {
        // The first attempt runs outside Polly: nearly every call succeeds at once, and Polly's retry pipeline costs a
        // few microseconds and about 1 KB per call even then (measured: docs/benchmarks.md). Only a transient failure
        // enters it; its first execution replays that failure, so Polly applies the backoff (or the server's
        // Retry-After), logs the retry and runs the remaining attempts as usual.
        Exception first;
        try
        {
            return await AttemptAsync(operation, keepsAttempt, call, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (FailureClassifier.IsTransient(ex) && !cancellationToken.IsCancellationRequested)
        {
            first = ex;
        }

        return await RetryAsync(retry, first, operation, keepsAttempt, call, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Polly's retries after a transient first failure, whose first execution replays it. A method of its own
    /// so that the closure it needs is allocated only by a call that retries, not on entry to every call.</summary>
    private ValueTask<T> RetryAsync<T>(ResiliencePipeline retry, Exception first, Func<TClient, AttemptScope, Task<T>> operation, bool keepsAttempt, CallState call, CancellationToken cancellationToken)
    {
        var replayed = false;
        return retry.ExecuteAsync(
            (token) =>
            {
                if (!replayed)
                {
                    replayed = true;
                    return ValueTask.FromException<T>(first);
                }

                return new ValueTask<T>(AttemptAsync(operation, keepsAttempt, call, token));
            },
            cancellationToken);
    }

    /// <inheritdoc />
    bool? IAttemptOutcomes.RecordOutcome(Exception? failure, long started)
    {
        Interlocked.Decrement(ref _outstanding);
        if (failure is null)
        {
            _circuit?.RecordSuccess();
            RecordLatency(_timeProvider.GetElapsedTime(started));
            return false;
        }

        if (failure is OperationCanceledException)
        {
            _circuit?.Abandon();
            return null;
        }

        if (FailureClassifier.CountsAgainstEndpoint(failure))
        {
            _circuit?.RecordFailure();
            return true;
        }

        // A client error (400, a refused key) is the request's fault, not a sign the endpoint is struggling.
        _circuit?.RecordSuccess();
        return false;
    }

    /// <summary>One attempt, sent again at once (as an attempt of its own) if the protocol client learned to adapt it.</summary>
    private async Task<T> AttemptAsync<T>(Func<TClient, AttemptScope, Task<T>> operation, bool keepsAttempt, CallState call, CancellationToken cancellationToken)
    {
        for (var adaptations = 0; ; adaptations++)
        {
            _circuit?.Enter(Name);
            call.CountAttempt();
            ILimiterLease? lease = null;
            try
            {
                if (_limiter is not null)
                {
                    lease = await _limiter.AcquireAsync(call.EstimatedTokens, cancellationToken).ConfigureAwait(false);
                    if (lease.Waited is { Ticks: > 0 } waited)
                    {
                        _diagnostics.RecordRateLimitWait(Name, waited);
                    }
                }

                // Complete already, unless a shared budget's reservation went out when the call started: the admission
                // above followed it on the same connection, so this wait ends with that round trip, not after another.
                await call.BudgetReserved.ConfigureAwait(false);
            }
            catch
            {
                // Nothing was sent: the admission (a half-open probe, perhaps) and the limiter's go back unjudged.
                lease?.Withdraw();
                _circuit?.Abandon();
                throw;
            }

            Interlocked.Increment(ref _outstanding);
            var timeouts = new TimeoutScope(_timeProvider, cancellationToken, call.CallerToken);
            var attempt = new AttemptScope(this, lease, call.Budget, Price, timeouts, _timeProvider.GetTimestamp());
            var kept = false;
            try
            {
                timeouts.Arm(CustomTimeoutKind.Attempt, _options.Timeouts.AttemptTimeout);
                var value = await operation(Client, attempt).ConfigureAwait(false);
                kept = keepsAttempt;
                if (!kept)
                {
                    attempt.Settle(null);
                }

                return value;
            }
            catch (RequestAdaptedException adapted)
            {
                // The server rejected a field the protocol client has now learned to leave out: the adapted request is a
                // new request on the wire, so it goes through the circuit, the limits and the attempt count like any
                // other. Once only, since a second rejection may only undo the first adaptation.
                attempt.Settle(adapted);
                if (adaptations > 0)
                {
                    throw adapted.Rejection;
                }
            }
            catch (Exception ex)
            {
                var failure = timeouts.Translate(ex, Name);
                attempt.Settle(failure);
                if (failure is CustomEndpointException { RetryAfter: { } holdOff, StatusCode: HttpStatusCode.TooManyRequests or HttpStatusCode.ServiceUnavailable })
                {
                    _limiter?.ShareCooldown(holdOff);
                }

                if (failure is CustomEndpointException { RetryAfter: { } wait } requested and not CustomRateLimitException
                    && !call.MayWait(wait, _options.Retry.MaxRetryAfter))
                {
                    // Polly ignores MaxDelay for server-requested delays, so the cap is applied here, before retry sees it.
                    throw new CustomRateLimitException(
                        $"{Name} asked to wait {wait} before trying again, longer than the connector may wait (MaxRetryAfter {_options.Retry.MaxRetryAfter}, or what is left of the total timeout): {requested.Message}",
                        wait,
                        isClientSide: false,
                        requested.StatusCode,
                        requested);
                }

                if (ReferenceEquals(failure, ex))
                {
                    throw;
                }

                throw failure;
            }
            finally
            {
                if (!kept)
                {
                    attempt.Dispose();
                }
            }
        }
    }

    private void OnCircuitTransition(CircuitState state, TimeSpan? breakDuration)
    {
        _diagnostics.RecordCircuit(Name, state, breakDuration);
        if (state == CircuitState.Open && breakDuration is { } duration)
        {
            _limiter?.ShareCircuitOpen(duration);
        }
    }

    private void RecordLatency(TimeSpan elapsed)
    {
        var sample = elapsed.TotalMilliseconds;
        var current = LatencyMilliseconds;
        Volatile.Write(ref _latencyMilliseconds, double.IsNaN(current) ? sample : current + (LatencyWeight * (sample - current)));
    }

    private ResiliencePipeline BuildRetry(CustomRetryOptions retry, TimeProvider timeProvider) =>
        new ResiliencePipelineBuilder { TimeProvider = timeProvider }
            .AddRetry(new RetryStrategyOptions
            {
                MaxRetryAttempts = retry.MaxRetries,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = retry.UseJitter,
                Delay = retry.BaseDelay,
                MaxDelay = retry.MaxDelay,
                ShouldHandle = static args => ValueTask.FromResult(args.Outcome.Exception is { } error && FailureClassifier.IsTransient(error)),
                DelayGenerator = static args => ValueTask.FromResult(args.Outcome.Exception is CustomEndpointException { RetryAfter: { } wait } ? wait : (TimeSpan?)null),
                OnRetry = args =>
                {
                    _diagnostics.RecordRetry(Name, ModelId, args.Outcome.Exception, args.AttemptNumber + 1, args.RetryDelay);
                    return default;
                },
            })
            .Build();
}
