using System;
using Microsoft.Extensions.Logging;

namespace Connectors.Custom;

/// <summary>
/// Every log message the connector writes, source-generated. API keys and header values never appear in any of them;
/// prompts and completions only in <see cref="SensitiveContent"/>, at Trace level, when
/// <see cref="CustomEndpointOptions.LogSensitiveContent"/> is on.
/// </summary>
internal static partial class Log
{
    [LoggerMessage(1, LogLevel.Debug, "{Operation} call to {Endpoint} with model {Model} starting.")]
    public static partial void CallStarting(ILogger logger, string operation, string endpoint, string model);

    [LoggerMessage(2, LogLevel.Information, "{Operation} on {EndpointHost} with {Model} succeeded in {DurationMs:F0} ms (first token: {TimeToFirstToken}): {InputTokens} input and {OutputTokens} output tokens, finish reason {FinishReason}, {Attempts} attempt(s), cost {Cost}.")]
    public static partial void CallSucceeded(ILogger logger, string operation, string endpointHost, string model, double durationMs, string timeToFirstToken, long? inputTokens, long? outputTokens, string? finishReason, int attempts, string cost);

    [LoggerMessage(3, LogLevel.Warning, "Attempt {Attempt} on {Endpoint} failed ({Failure}); retrying in {DelayMs:F0} ms.")]
    public static partial void RetryScheduled(ILogger logger, int attempt, string endpoint, string failure, double delayMs);

    [LoggerMessage(4, LogLevel.Warning, "{Endpoint} failed ({Failure}); moving the call to {NextEndpoint}.")]
    public static partial void FailingOver(ILogger logger, string endpoint, string failure, string nextEndpoint);

    [LoggerMessage(5, LogLevel.Warning, "Circuit breaker for {Endpoint} opened for {BreakDuration} after repeated failures.")]
    public static partial void CircuitOpened(ILogger logger, string endpoint, TimeSpan breakDuration);

    [LoggerMessage(6, LogLevel.Information, "Circuit breaker for {Endpoint} is {State}.")]
    public static partial void CircuitChanged(ILogger logger, string endpoint, string state);

    [LoggerMessage(7, LogLevel.Error, "{Operation} call to {Endpoint} failed after {Attempts} attempt(s): status {Status}, {ErrorType}: {ErrorText}")]
    public static partial void CallFailed(ILogger logger, string operation, string endpoint, int attempts, string status, string errorType, string errorText);

    [LoggerMessage(8, LogLevel.Debug, "{Operation} call to {Endpoint} was cancelled.")]
    public static partial void CallCancelled(ILogger logger, string operation, string endpoint);

    [LoggerMessage(9, LogLevel.Warning, "The {Scope} budget of ${Limit} is spent (${Spent}); calls continue because the budget only warns.")]
    public static partial void BudgetExceeded(ILogger logger, string scope, decimal limit, decimal spent);

    [LoggerMessage(10, LogLevel.Debug, "Waited {WaitMs:F0} ms for the client-side limits of {Endpoint}.")]
    public static partial void RateLimitWaited(ILogger logger, double waitMs, string endpoint);

    [LoggerMessage(12, LogLevel.Information, "Requests to {Endpoint} for model {Model} are adapted from now on: {Change} (the server rejected the original: {Error}).")]
    public static partial void RequestAdapted(ILogger logger, string endpoint, string model, string change, string error);

    [LoggerMessage(13, LogLevel.Error, "{Operation} stream from {Endpoint} failed after {Updates} update(s) and {ElapsedMs:F0} ms, {Attempts} attempt(s): status {Status}, {ErrorType}: {ErrorText}")]
    public static partial void StreamFailed(ILogger logger, string operation, string endpoint, int updates, double elapsedMs, int attempts, string status, string errorType, string errorText);

    [LoggerMessage(11, LogLevel.Trace, "{Operation} on {Endpoint}: {Direction} {Content}")]
    public static partial void SensitiveContent(ILogger logger, string operation, string endpoint, string direction, string content);
}
