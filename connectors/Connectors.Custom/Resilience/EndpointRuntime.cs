using System;
using System.Threading;
using System.Threading.Tasks;
using Polly;
using Polly.CircuitBreaker;
using Polly.Retry;

namespace Connectors.Custom;

/// <summary>
/// One endpoint of a resilient service: its protocol client, its retry and circuit-breaker pipeline (Polly), its
/// client-side limits, and the live figures load balancing reads (calls in flight, latency moving average).
/// </summary>
/// <typeparam name="TClient">The protocol client of the endpoint.</typeparam>
internal sealed class EndpointRuntime<TClient> : IDisposable
{
    private const double LatencyWeight = 0.2;

    private readonly ResiliencePipeline _pipeline;
    private readonly CircuitBreakerStateProvider? _circuit;
    private readonly EndpointLimiter? _limiter;
    private readonly TimeProvider _timeProvider;
    private readonly CustomResilienceOptions _options;
    private int _outstanding;
    private double _latencyMilliseconds = double.NaN;

    private readonly ConnectorDiagnostics _diagnostics;

    public EndpointRuntime(TClient client, string modelId, Uri address, CustomResilienceOptions options, TimeProvider timeProvider, ConnectorDiagnostics diagnostics)
    {
        Client = client;
        ModelId = modelId;
        Name = EndpointAddress.Describe(address);
        _options = options;
        _timeProvider = timeProvider;
        _diagnostics = diagnostics;
        _limiter = options.Enabled && options.RateLimits.IsEnabled ? new EndpointLimiter(options.RateLimits, timeProvider, Name) : null;
        (_pipeline, _circuit) = BuildPipeline(options, timeProvider);
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
    public bool IsCoolingDown => _circuit?.CircuitState is CircuitState.Open or CircuitState.Isolated;

    /// <summary>Runs <paramref name="operation"/> with this endpoint's retries, circuit breaker, limits and attempt
    /// timeout. Failures are typed: <see cref="CustomTimeoutException"/>, <see cref="CustomRateLimitException"/>,
    /// <see cref="CustomCircuitOpenException"/>, or the protocol client's own.</summary>
    public async Task<T> ExecuteAsync<T>(Func<TClient, AttemptContext, Task<T>> operation, CallState call, CancellationToken cancellationToken)
    {
        if (!_options.Enabled)
        {
            // Nothing for Polly to do: one attempt, with its timeout.
            return await AttemptAsync(operation, call, cancellationToken).ConfigureAwait(false);
        }

        try
        {
            return await _pipeline.ExecuteAsync(
                static async (state, token) => await state.Self.AttemptAsync(state.Operation, state.Call, token).ConfigureAwait(false),
                (Self: this, Operation: operation, Call: call),
                cancellationToken).ConfigureAwait(false);
        }
        catch (BrokenCircuitException ex)
        {
            throw new CustomCircuitOpenException(Name, ex.RetryAfter, ex);
        }
    }

    public void Dispose() => _limiter?.Dispose();

    private async Task<T> AttemptAsync<T>(Func<TClient, AttemptContext, Task<T>> operation, CallState call, CancellationToken cancellationToken)
    {
        call.CountAttempt();
        EndpointLimiter.Lease? lease = null;
        if (_limiter is not null)
        {
            var waitStarted = _timeProvider.GetTimestamp();
            lease = await _limiter.AcquireAsync(call.EstimatedTokens, cancellationToken).ConfigureAwait(false);
            if (_timeProvider.GetElapsedTime(waitStarted) is { Ticks: > 0 } waited)
            {
                _diagnostics.RecordRateLimitWait(Name, waited);
            }
        }

        var scope = new TimeoutScope(_timeProvider, cancellationToken, call.CallerToken);
        var context = new AttemptContext(scope, lease);
        var started = _timeProvider.GetTimestamp();
        Interlocked.Increment(ref _outstanding);
        try
        {
            scope.Arm(CustomTimeoutKind.Attempt, _options.Timeouts.AttemptTimeout);
            var result = await operation(Client, context).ConfigureAwait(false);
            RecordLatency(_timeProvider.GetElapsedTime(started));
            return result;
        }
        catch (OperationCanceledException) when (scope.TimedOut)
        {
            throw scope.CreateException(Name);
        }
        catch (CustomEndpointException ex) when (ex.RetryAfter is { } wait && ex is not CustomRateLimitException && !call.MayWait(wait, _options.Retry.MaxRetryAfter))
        {
            // Polly ignores MaxDelay for server-requested delays, so the cap is applied here, before retry sees it.
            throw new CustomRateLimitException(
                $"{Name} asked to wait {wait} before trying again, longer than the connector may wait (MaxRetryAfter {_options.Retry.MaxRetryAfter}, or what is left of the total timeout): {ex.Message}",
                wait,
                isClientSide: false,
                ex.StatusCode,
                ex);
        }
        finally
        {
            Interlocked.Decrement(ref _outstanding);
            if (!context.Detached)
            {
                scope.Dispose();
                lease?.Dispose();
            }
        }
    }

    private void RecordLatency(TimeSpan elapsed)
    {
        var sample = elapsed.TotalMilliseconds;
        var current = LatencyMilliseconds;
        Volatile.Write(ref _latencyMilliseconds, double.IsNaN(current) ? sample : current + (LatencyWeight * (sample - current)));
    }

    private (ResiliencePipeline Pipeline, CircuitBreakerStateProvider? Circuit) BuildPipeline(CustomResilienceOptions options, TimeProvider timeProvider)
    {
        var builder = new ResiliencePipelineBuilder { TimeProvider = timeProvider };
        if (!options.Enabled)
        {
            return (builder.Build(), null);
        }

        if (options.Retry.MaxRetries > 0)
        {
            builder.AddRetry(new RetryStrategyOptions
            {
                MaxRetryAttempts = options.Retry.MaxRetries,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = options.Retry.UseJitter,
                Delay = options.Retry.BaseDelay,
                MaxDelay = options.Retry.MaxDelay,
                ShouldHandle = static args => ValueTask.FromResult(args.Outcome.Exception is { } error && FailureClassifier.IsTransient(error)),
                DelayGenerator = static args => ValueTask.FromResult(args.Outcome.Exception is CustomEndpointException { RetryAfter: { } wait } ? wait : (TimeSpan?)null),
                OnRetry = args =>
                {
                    _diagnostics.RecordRetry(Name, ModelId, args.Outcome.Exception, args.AttemptNumber + 1, args.RetryDelay);
                    return default;
                },
            });
        }

        CircuitBreakerStateProvider? circuit = null;
        if (options.CircuitBreaker.Enabled)
        {
            circuit = new CircuitBreakerStateProvider();
            builder.AddCircuitBreaker(new CircuitBreakerStrategyOptions
            {
                FailureRatio = options.CircuitBreaker.FailureRatio,
                MinimumThroughput = options.CircuitBreaker.MinimumThroughput,
                SamplingDuration = options.CircuitBreaker.SamplingDuration,
                BreakDuration = options.CircuitBreaker.BreakDuration,
                ShouldHandle = static args => ValueTask.FromResult(args.Outcome.Exception is { } error && FailureClassifier.IsTransient(error)),
                StateProvider = circuit,
                OnOpened = args =>
                {
                    _diagnostics.RecordCircuit(Name, "open", args.BreakDuration);
                    return default;
                },
                OnHalfOpened = _ =>
                {
                    _diagnostics.RecordCircuit(Name, "half_open", null);
                    return default;
                },
                OnClosed = _ =>
                {
                    _diagnostics.RecordCircuit(Name, "closed", null);
                    return default;
                },
            });
        }

        return (builder.Build(), circuit);
    }
}
