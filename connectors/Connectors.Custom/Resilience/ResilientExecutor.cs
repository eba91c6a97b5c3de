using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;

namespace Connectors.Custom;

/// <summary>
/// Runs one call against a primary endpoint and its backups, from the request to the last byte: total timeout,
/// endpoint choice, failover and hedging here; retries, circuit breaking, limits and the attempt timeout in each
/// <see cref="EndpointRuntime{TClient}"/>; and the call's outcome (log, usage, cost, failure) recorded once.
/// </summary>
/// <remarks>Failover moves on after a failure another endpoint might not have (transient errors once retries are
/// spent, an open circuit, a rate limit, an in-stream error); caller cancellation and client errors such as 400 end
/// the call. A stream may be retried, failed over or hedged only until its first update; after that the stream it
/// returns (<see cref="ResilientStream"/>) owns the rest. Thread-safe.</remarks>
internal sealed partial class ResilientExecutor<TClient> : IDisposable
{
    private readonly EndpointRuntime<TClient>[] _endpoints;
    private readonly CustomResilienceOptions _options;
    private readonly TimeProvider _timeProvider;
    private readonly EndpointOrder<TClient> _order;
    private readonly ConnectorDiagnostics _diagnostics;
    private readonly IBudgetGate _budget;

    public ResilientExecutor(EndpointRuntime<TClient>[] endpoints, CustomResilienceOptions options, TimeProvider timeProvider, ConnectorDiagnostics diagnostics, IBudgetGate budget)
    {
        _endpoints = endpoints;
        _diagnostics = diagnostics;
        _budget = budget;
        _options = options;
        _timeProvider = timeProvider;
        _order = new EndpointOrder<TClient>(endpoints, options.Enabled ? options.LoadBalancing : LoadBalancingStrategy.Failover);
    }

    public IReadOnlyList<EndpointRuntime<TClient>> Endpoints => _endpoints;

    /// <summary>Builds the executor for a primary endpoint and its backups, one protocol client each.</summary>
    /// <typeparam name="TOptions">The options type of the service (chat or embeddings).</typeparam>
    /// <remarks>With a fleet coordinator, each endpoint's limits and the service's budgets are shared with the other
    /// instances of the application; without one they stay in this process.</remarks>
    public static ResilientExecutor<TClient> Create<TOptions>(TOptions primary, Func<TOptions, TClient> createClient, TimeProvider timeProvider, ConnectorDiagnostics diagnostics, IFleetCoordinator? fleet = null)
        where TOptions : CustomEndpointOptions
    {
        var endpoints = new List<EndpointRuntime<TClient>>();
        foreach (var options in primary.GetBackupEndpoints().Prepend(primary))
        {
            endpoints.Add(new EndpointRuntime<TClient>(createClient((TOptions)options), options.ModelId!, options.Endpoint!, options.Resilience, timeProvider, diagnostics, fleet, fleet is null ? null : FleetEndpoint.For(options))
            {
                Price = CustomPricingCatalog.Resolve(options, options.ModelId!),
            });
        }

        var local = new LocalBudgetGate(primary.Budget, diagnostics, timeProvider);
        var budget = fleet is not null && primary.Budget.IsEnabled
            ? fleet.CreateBudgetGate(new FleetBudget(diagnostics.ServiceId, FleetEndpoint.For(primary), primary.Budget, HighestRatePerToken(endpoints)), local)
            : local;
        return new ResilientExecutor<TClient>([.. endpoints], primary.Resilience, timeProvider, diagnostics, budget);
    }

    /// <summary>The dearest token among the endpoints a call may reach: a reservation prices its estimate (input and
    /// output together) at this rate, so it is never below what the call can cost within its estimate.</summary>
    private static decimal HighestRatePerToken(List<EndpointRuntime<TClient>> endpoints)
    {
        var rate = 0m;
        foreach (var endpoint in endpoints)
        {
            if (endpoint.Price is { } price)
            {
                rate = Math.Max(rate, Math.Max(Math.Max(price.InputPerMillion, price.OutputPerMillion), price.CachedInputPerMillion ?? 0m));
            }
        }

        return rate / 1_000_000m;
    }

    /// <summary>Runs <paramref name="operation"/> until an endpoint succeeds or the call must fail.</summary>
    /// <param name="operationName">The GenAI operation, for logs: <c>chat</c> or <c>embeddings</c>.</param>
    /// <param name="operation">One attempt at one endpoint; it must send with the attempt's token.</param>
    /// <param name="estimatedTokens">The tokens to charge against per-minute budgets before the answer is known.</param>
    /// <param name="summarize">Reads what to record from a successful result; null when the caller records the call
    /// itself because it spans several executor calls (embedding batches).</param>
    /// <param name="cancellationToken">The caller's token.</param>
    public async Task<ResilientResult<T>> ExecuteAsync<T>(string operationName, Func<TClient, AttemptScope, Task<T>> operation, int estimatedTokens, Func<T, CallSummary>? summarize, CancellationToken cancellationToken)
    {
        var call = Start(operationName, estimatedTokens, cancellationToken);
        using var total = call.Timeouts;
        using var budget = call.Budget;
        try
        {
            var result = await RunAsync(operation, keepsAttempt: false, discard: null, call).ConfigureAwait(false);
            if (summarize is null)
            {
                return result;
            }

            var summary = summarize(result.Value);
            budget.ChargeMetered(result.Price, summary);
            var cost = _diagnostics.RecordSuccess(operationName, result.Endpoint, result.ModelId, result.Price, summary, _timeProvider.GetElapsedTime(call.Started), null, result.Attempts);
            return result with { Cost = cost };
        }
        catch (Exception ex)
        {
            throw RecordFailure(call, ex);
        }
    }

    /// <summary>Opens a call whose answer is read after this returns (a body handed to the caller as it arrives): retries,
    /// failover and hedging until <paramref name="open"/> succeeds, then the opened value and the call it belongs to,
    /// which its owner (<see cref="OperationLease"/>) holds with the winning attempt and the total timeout until the
    /// last byte, and records the outcome against.</summary>
    /// <param name="operationName">The GenAI operation, for logs.</param>
    /// <param name="open">Opens the answer at one endpoint (the response headers); it must send with the attempt's
    /// token, and return the attempt with its value: the attempt is not released when it returns.</param>
    /// <param name="discard">Releases a value opened by a hedge that lost.</param>
    /// <param name="estimatedTokens">The tokens to charge against per-minute budgets before the answer is known.</param>
    /// <param name="cancellationToken">The caller's token.</param>
    public async Task<(T Value, StreamCall Call)> OpenAsync<T>(string operationName, Func<TClient, AttemptScope, Task<T>> open, Func<T, ValueTask> discard, int estimatedTokens, CancellationToken cancellationToken)
    {
        var call = Start(operationName, estimatedTokens, cancellationToken);
        try
        {
            var opened = await RunAsync(open, keepsAttempt: true, discard, call).ConfigureAwait(false);
            return (opened.Value, new StreamCall(call, opened.Endpoint, opened.ModelId, opened.Price, _options.Timeouts.StreamIdleTimeout, _diagnostics, _timeProvider));
        }
        catch (Exception ex)
        {
            var failure = RecordFailure(call, ex);
            call.Timeouts.Dispose();
            call.Budget.Dispose();
            throw failure;
        }
    }

    public void Dispose()
    {
        foreach (var endpoint in _endpoints)
        {
            endpoint.Dispose();
        }

        _budget.Dispose();
    }

    /// <exception cref="CustomBudgetExceededException">A budget is spent and refuses further calls; nothing is sent.</exception>
    private CallState Start(string operationName, int estimatedTokens, CancellationToken cancellationToken)
    {
        // A budget kept in this process answers at once. A shared one is still on its way to Redis: the first attempt
        // sends its limiter admission behind it and waits for both (CallState.BudgetReserved), one round trip, not two.
        var hold = _budget.HoldAsync(estimatedTokens, cancellationToken);
        var budget = hold.IsCompleted ? hold.GetAwaiter().GetResult() : new PendingBudgetHold(hold.AsTask());
        Log.CallStarting(_diagnostics.Logger, operationName, _endpoints[0].Name, _endpoints[0].ModelId);
        var total = new TimeoutScope(_timeProvider, cancellationToken);
        total.Arm(CustomTimeoutKind.Total, _options.Timeouts.TotalTimeout);
        return new CallState(operationName, estimatedTokens, _timeProvider, _options.Timeouts.TotalTimeout, total, budget, cancellationToken);
    }

    private Exception RecordFailure(CallState call, Exception ex)
    {
        var failure = call.Timeouts.Translate(ex, _endpoints[0].Name);
        if (failure is CustomEndpointException endpointFailure)
        {
            endpointFailure.Attempts = call.Attempts;
        }

        _diagnostics.RecordFailure(call.OperationName, (failure as CustomEndpointException)?.Endpoint ?? _endpoints[0].Name, failure, call.Attempts, stream: null);
        return failure;
    }

    private Task<ResilientResult<T>> RunAsync<T>(Func<TClient, AttemptScope, Task<T>> operation, bool keepsAttempt, Func<T, ValueTask>? discard, CallState call)
    {
        var order = _options.Enabled ? _order.Next() : _order.Configured;
        return _options.HedgingDelay is { } delay && order.Count > 1
            ? HedgeAsync(order, delay, operation, keepsAttempt, discard, call)
            : FailOverAsync(order, operation, keepsAttempt, call);
    }

    private async Task<ResilientResult<T>> FailOverAsync<T>(IReadOnlyList<EndpointRuntime<TClient>> order, Func<TClient, AttemptScope, Task<T>> operation, bool keepsAttempt, CallState call)
    {
        var token = call.Timeouts.Token;
        Exception? lastCalled = null;
        for (var i = 0; ; i++)
        {
            var endpoint = order[i];
            try
            {
                var value = await endpoint.ExecuteAsync(operation, keepsAttempt, call, token).ConfigureAwait(false);
                return new ResilientResult<T>(value, endpoint.Name, endpoint.ModelId, call.Attempts, endpoint.Price);
            }
            catch (Exception ex) when (!token.IsCancellationRequested && FailureClassifier.CanFailOver(ex))
            {
                if (i + 1 < order.Count)
                {
                    _diagnostics.RecordFailover(endpoint.Name, ex, order[i + 1].Name);
                    lastCalled = ex is CustomCircuitOpenException ? lastCalled : ex;
                    continue;
                }

                // Open circuits are tried last; when the last one merely refused, the caller learns more from the
                // failure of an endpoint that was actually called.
                if (ex is CustomCircuitOpenException && lastCalled is not null)
                {
                    System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(lastCalled);
                }

                throw;
            }
        }
    }

    /// <summary>Starts the call on the first endpoint and, each time <paramref name="delay"/> passes without an
    /// answer, also on the next one; the first success wins and the others are cancelled.</summary>
    /// <remarks>Hand-written rather than Polly's hedging strategy: each hedged attempt goes to a different endpoint
    /// with that endpoint's own retries, breaker and limits, a stream wins only by producing its first update, and a
    /// loser that produced a result anyway must be released (its open stream disposed), which Polly's hedging leaves
    /// to the callback.</remarks>
    private async Task<ResilientResult<T>> HedgeAsync<T>(IReadOnlyList<EndpointRuntime<TClient>> order, TimeSpan delay, Func<TClient, AttemptScope, Task<T>> operation, bool keepsAttempt, Func<T, ValueTask>? discard, CallState call)
    {
        var token = call.Timeouts.Token;
        using var everyone = CancellationTokenSource.CreateLinkedTokenSource(token);
        var running = new List<(Task<T> Task, EndpointRuntime<TClient> Endpoint)>();
        var next = 0;
        Exception? lastFailure = null;
        try
        {
            Start();
            while (running.Count > 0)
            {
                var waits = new List<Task>(running.Count + 1);
                foreach (var (task, _) in running)
                {
                    waits.Add(task);
                }

                using var timer = CancellationTokenSource.CreateLinkedTokenSource(everyone.Token);
                if (next < order.Count)
                {
                    waits.Add(Task.Delay(delay, _timeProvider, timer.Token));
                }

                var completed = await Task.WhenAny(waits).ConfigureAwait(false);
                await timer.CancelAsync().ConfigureAwait(false);
                var index = running.FindIndex(r => r.Task == completed);
                if (index < 0)
                {
                    token.ThrowIfCancellationRequested();
                    Start();
                    continue;
                }

                var (finished, endpoint) = running[index];
                running.RemoveAt(index);
                if (finished.IsCompletedSuccessfully)
                {
                    return new ResilientResult<T>(finished.Result, endpoint.Name, endpoint.ModelId, call.Attempts, endpoint.Price);
                }

                lastFailure = finished.Exception?.InnerException ?? new OperationCanceledException(token);
                if (token.IsCancellationRequested || !FailureClassifier.CanFailOver(lastFailure))
                {
                    break;
                }

                if (running.Count == 0 && next < order.Count)
                {
                    _diagnostics.RecordFailover(endpoint.Name, lastFailure, order[next].Name);
                    Start();
                }
            }

            token.ThrowIfCancellationRequested();
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(lastFailure!);
            throw lastFailure!;
        }
        finally
        {
            // Losers are cancelled; their outcomes are observed, and a result that arrived anyway is released.
            await everyone.CancelAsync().ConfigureAwait(false);
            foreach (var (task, _) in running)
            {
                _ = ObserveLoserAsync(task, discard);
            }
        }

        void Start()
        {
            var endpoint = order[next++];
            running.Add((endpoint.ExecuteAsync(operation, keepsAttempt, call, everyone.Token), endpoint));
        }
    }

    private static async Task ObserveLoserAsync<T>(Task<T> task, Func<T, ValueTask>? discard)
    {
        try
        {
            var value = await task.ConfigureAwait(false);
            if (discard is not null)
            {
                await discard(value).ConfigureAwait(false);
            }
        }
        catch (Exception)
        {
            // A cancelled or failed hedge is expected; its exception must not surface as unobserved.
        }
    }
}
