using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Connectors.Custom;

/// <summary>
/// What one service reports about its calls: log messages, the connector's own metrics and span events, usage and
/// cost to the tracker.
/// </summary>
/// <remarks>Thread-safe. Shared by the service and each of its endpoints.</remarks>
internal sealed class ConnectorDiagnostics
{
    public ConnectorDiagnostics(CustomEndpointOptions options, ILoggerFactory? loggerFactory, ICustomUsageTracker? tracker, string? serviceId)
    {
        Logger = (loggerFactory ?? NullLoggerFactory.Instance).CreateLogger("Connectors.Custom");
        Tracker = tracker ?? new CustomUsageTracker();
        ServiceId = serviceId;
        LogSensitiveContent = options.LogSensitiveContent;
        ProviderName = options.TelemetryName;
    }

    public ILogger Logger { get; }

    public ICustomUsageTracker Tracker { get; }

    public string? ServiceId { get; }

    public bool LogSensitiveContent { get; }

    /// <summary>Gets the provider name reported on metrics (<c>gen_ai.provider.name</c>).</summary>
    public string ProviderName { get; }

    /// <summary>Records a successful call: usage and cost to the tracker, the cost metric, the success log line, and
    /// the completion when sensitive logging is on.</summary>
    /// <returns>The call's cost in US dollars, or null when the model has no known price.</returns>
    /// <param name="operation">The GenAI operation name.</param>
    /// <param name="endpoint">The endpoint that answered.</param>
    /// <param name="requestModel">The model the endpoint is configured with (what was asked for).</param>
    /// <param name="price">The price of the requested model.</param>
    /// <param name="summary">What the answer reported: usage, served model, finish reason, text.</param>
    /// <param name="duration">How long the call took.</param>
    /// <param name="timeToFirstToken">For streams, how long the first update took.</param>
    /// <param name="attempts">The attempts the call made.</param>
    public decimal? RecordSuccess(string operation, string endpoint, string requestModel, ModelPrice? price, CallSummary summary, TimeSpan duration, TimeSpan? timeToFirstToken, int attempts)
    {
        var cost = RecordUsage(operation, endpoint, requestModel, price, summary);
        if (Logger.IsEnabled(LogLevel.Information))
        {
            Log.CallSucceeded(
                Logger,
                operation,
                HostOf(endpoint),
                ServedModel(requestModel, summary),
                duration.TotalMilliseconds,
                timeToFirstToken is { } first ? first.TotalMilliseconds.ToString("F0", CultureInfo.InvariantCulture) + " ms" : "n/a",
                summary.Usage?.InputTokenCount,
                summary.Usage?.OutputTokenCount,
                summary.FinishReason,
                attempts,
                cost is { } c ? c.ToString("0.######", CultureInfo.InvariantCulture) + " USD" : "unknown");
        }

        RecordContent(operation, endpoint, "completion", summary.Text);
        return cost;
    }

    /// <summary>Records what a call used, to the tracker and the cost metric: for every call that reported usage,
    /// including a stream that broke after the server had reported it.</summary>
    /// <returns>The cost in US dollars, or null when the model has no known price or nothing was reported.</returns>
    public decimal? RecordUsage(string operation, string endpoint, string requestModel, ModelPrice? price, CallSummary summary)
    {
        var usage = summary.Usage;
        var input = usage?.InputTokenCount ?? 0;
        var cached = usage?.CachedInputTokenCount ?? 0;
        var output = usage?.OutputTokenCount ?? 0;
        decimal? cost = price is null || (usage is null && !summary.IsMetered) ? null
            : price.Compute(input, cached, output) + price.ComputeMetered(summary);

        Tracker.Record(new CustomUsageRecord(ServiceId, operation, endpoint, ServedModel(requestModel, summary), UsageAttributionFilter.CurrentFunction, input, cached, output, cost));
        if (cost is { } spent)
        {
            ConnectorInstruments.Cost.Add((double)spent, new(GenAITags.ProviderName, ProviderName), new(GenAITags.RequestModel, requestModel), new(GenAITags.OperationName, operation));
        }

        return cost;
    }

    /// <summary>Records a failed (or cancelled) call: at Error with the status and the provider's text, and for a
    /// stream that failed after its first update, with how far it got.</summary>
    public void RecordFailure(string operation, string endpoint, Exception exception, int attempts, StreamProgress? stream)
    {
        if (exception is OperationCanceledException)
        {
            Log.CallCancelled(Logger, operation, endpoint);
            return;
        }

        var status = exception is Microsoft.SemanticKernel.HttpOperationException { StatusCode: { } code } ? ((int)code).ToString(CultureInfo.InvariantCulture) : "none";
        if (stream is { } progress)
        {
            Log.StreamFailed(Logger, operation, endpoint, progress.Updates, progress.Elapsed.TotalMilliseconds, attempts, status, exception.GetType().Name, exception.Message);
        }
        else
        {
            Log.CallFailed(Logger, operation, endpoint, attempts, status, exception.GetType().Name, exception.Message);
        }
    }

    public void RecordRetry(string endpoint, string modelId, Exception? failure, int attempt, TimeSpan delay)
    {
        var kind = failure?.GetType().Name ?? "unknown";
        ConnectorInstruments.Retries.Add(1, new(GenAITags.ServerAddress, HostOf(endpoint)), new(GenAITags.RequestModel, modelId), new(GenAITags.ErrorType, kind));
        Activity.Current?.AddEvent(new ActivityEvent("connectors.custom.retry", tags: new() { [GenAITags.ServerAddress] = HostOf(endpoint), ["retry.attempt"] = attempt, [GenAITags.ErrorType] = kind }));
        Log.RetryScheduled(Logger, attempt, endpoint, Describe(failure), delay.TotalMilliseconds);
    }

    public void RecordFailover(string endpoint, Exception failure, string nextEndpoint)
    {
        var kind = failure.GetType().Name;
        ConnectorInstruments.Failovers.Add(1, new(GenAITags.ServerAddress, HostOf(endpoint)), new(GenAITags.ErrorType, kind));
        Activity.Current?.AddEvent(new ActivityEvent("connectors.custom.failover", tags: new() { [GenAITags.ServerAddress] = HostOf(endpoint), ["connectors.custom.next_endpoint"] = HostOf(nextEndpoint), [GenAITags.ErrorType] = kind }));
        Log.FailingOver(Logger, endpoint, Describe(failure), nextEndpoint);
    }

    public void RecordCircuit(string endpoint, CircuitState circuit, TimeSpan? breakDuration)
    {
        var state = circuit switch
        {
            CircuitState.Open => "open",
            CircuitState.HalfOpen => "half_open",
            CircuitState.Closed => "closed",
            _ => throw new ArgumentOutOfRangeException(nameof(circuit), circuit, null),
        };
        ConnectorInstruments.CircuitTransitions.Add(1, new(GenAITags.ServerAddress, HostOf(endpoint)), new("connectors.custom.circuit.state", state));
        if (breakDuration is { } duration)
        {
            Log.CircuitOpened(Logger, endpoint, duration);
        }
        else
        {
            Log.CircuitChanged(Logger, endpoint, state);
        }
    }

    public void RecordRateLimitWait(string endpoint, TimeSpan wait)
    {
        ConnectorInstruments.RateLimitWait.Record(wait.TotalSeconds, new KeyValuePair<string, object?>(GenAITags.ServerAddress, HostOf(endpoint)));
        Log.RateLimitWaited(Logger, wait.TotalMilliseconds, endpoint);
    }

    /// <summary>Logs a prompt or completion, only when sensitive logging is on and Trace is enabled.</summary>
    public void RecordContent(string operation, string endpoint, string direction, string? content)
    {
        if (LogSensitiveContent && content is not null && Logger.IsEnabled(LogLevel.Trace))
        {
            Log.SensitiveContent(Logger, operation, endpoint, direction, content);
        }
    }

    private static string Describe(Exception? failure) => failure switch
    {
        null => "unknown failure",
        Microsoft.SemanticKernel.HttpOperationException { StatusCode: { } status } => $"HTTP {(int)status}",
        CustomEndpointException { InnerException: System.Net.Http.HttpRequestException transport } => $"connection failed: {transport.Message}",
        CustomTimeoutException timeout => $"{timeout.Kind} timeout of {timeout.Limit}",
        CustomProtocolException protocol => $"{protocol.Kind} response",
        _ => failure.GetType().Name,
    };

    private static string ServedModel(string requestModel, CallSummary summary) =>
        string.IsNullOrEmpty(summary.ResponseModel) ? requestModel : summary.ResponseModel;

    private static string HostOf(string endpoint) => Uri.TryCreate(endpoint, UriKind.Absolute, out var uri) ? uri.Authority : endpoint;
}
