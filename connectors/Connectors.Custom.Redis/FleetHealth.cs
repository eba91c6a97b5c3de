using System;
using System.Threading;
using Microsoft.Extensions.Logging;

namespace Connectors.Custom.Redis;

/// <summary>Whether Redis is reachable, shared by every endpoint of the application: after a failure calls skip Redis
/// for <see cref="CustomRedisOptions.RetryInterval"/>, then try again; the first success ends the outage. A Warning is
/// logged once per outage, and an Information line when coordination resumes.</summary>
internal sealed partial class FleetHealth(CustomRedisOptions options, TimeProvider timeProvider, ILogger logger)
{
    private int _degraded;
    private long _retryAt;

    /// <summary>Gets whether the next operation should go to Redis.</summary>
    public bool ShouldTry => Volatile.Read(ref _degraded) == 0 || timeProvider.GetTimestamp() >= Volatile.Read(ref _retryAt);

    public void Failed(Exception error)
    {
        Volatile.Write(ref _retryAt, timeProvider.GetTimestamp() + (long)(options.RetryInterval.TotalSeconds * timeProvider.TimestampFrequency));
        if (Interlocked.Exchange(ref _degraded, 1) == 0)
        {
            Unreachable(logger, options.FailurePolicy, options.RetryInterval.TotalSeconds, error.GetType().Name, error.Message);
        }
    }

    public void Succeeded()
    {
        if (Volatile.Read(ref _degraded) == 1 && Interlocked.Exchange(ref _degraded, 0) == 1)
        {
            Resumed(logger);
        }
    }

    [LoggerMessage(EventId = 4001, Level = LogLevel.Warning, Message = "Redis could not be reached for fleet coordination; calls follow the {Policy} policy until it answers again (tried every {RetrySeconds} s). {ErrorType}: {ErrorMessage}")]
    private static partial void Unreachable(ILogger logger, CustomRedisFailurePolicy policy, double retrySeconds, string errorType, string errorMessage);

    [LoggerMessage(EventId = 4002, Level = LogLevel.Information, Message = "Redis answers again; limits are shared across the fleet once more.")]
    private static partial void Resumed(ILogger logger);
}
