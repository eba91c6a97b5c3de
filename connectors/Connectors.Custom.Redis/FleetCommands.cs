using System;
using System.Threading;
using System.Threading.Tasks;
using StackExchange.Redis;

namespace Connectors.Custom.Redis;

/// <summary>How fleet mode talks to Redis: a script whose answer a call waits for, bounded by
/// <see cref="CustomRedisOptions.OperationTimeout"/>, or one sent without waiting.</summary>
internal static class FleetCommands
{
    /// <summary>Runs a script and waits for its answer at most <see cref="CustomRedisOptions.OperationTimeout"/>.</summary>
    /// <exception cref="RedisException">Redis could not be reached or refused the script.</exception>
    /// <exception cref="TimeoutException">No answer in time.</exception>
    /// <exception cref="OperationCanceledException">The caller cancelled.</exception>
    public static async Task<RedisResult[]> EvaluateAsync(IDatabase database, string script, RedisKey[] keys, RedisValue[] values, CustomRedisOptions options, TimeProvider timeProvider, CancellationToken cancellationToken)
    {
        var result = await database.ScriptEvaluateAsync(script, keys, values)
            .WaitAsync(options.OperationTimeout, timeProvider, cancellationToken)
            .ConfigureAwait(false);
        return (RedisResult[])result!;
    }

    /// <summary>Whether a failed <see cref="EvaluateAsync"/> means the script may or may not have run.</summary>
    public static bool IsUnanswered(Exception error) => error is RedisException or TimeoutException or OperationCanceledException;

    /// <summary>Sends a script without waiting for its answer (fire and forget): what it fixes also expires on its own,
    /// so a lost message costs at most one window or one lease time, never a hung call.</summary>
    public static void Send(IDatabase database, string script, RedisKey[] keys, RedisValue[] values)
    {
        try
        {
            database.ScriptEvaluate(script, keys, values, CommandFlags.FireAndForget);
        }
        catch (RedisException)
        {
            // Not connected: nothing to fix that will not expire by itself.
        }
    }
}
