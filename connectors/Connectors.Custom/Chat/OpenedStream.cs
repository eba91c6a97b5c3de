using System;
using System.Collections.Generic;
using System.Threading.Tasks;
using Microsoft.Extensions.AI;

namespace Connectors.Custom;

/// <summary>A stream that produced its first update, with the timeout scope and limiter lease it keeps until it ends.</summary>
internal sealed class OpenedStream(IAsyncEnumerator<ChatResponseUpdate> enumerator, ChatResponseUpdate? first, TimeoutScope scope, EndpointLimiter.Lease? lease) : IAsyncDisposable
{
    public ChatResponseUpdate? First => first;

    public ChatResponseUpdate Current => enumerator.Current;

    /// <summary>Reads the next update, failing with <see cref="CustomTimeoutException"/> if the stream stays silent
    /// longer than <paramref name="idleTimeout"/>.</summary>
    public async ValueTask<bool> MoveNextAsync(TimeSpan? idleTimeout, string endpoint)
    {
        scope.TouchIdle(idleTimeout);
        try
        {
            return await enumerator.MoveNextAsync().ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (scope.TimedOut)
        {
            throw scope.CreateException(endpoint);
        }
    }

    /// <summary>Corrects the token budget once the server reports usage.</summary>
    public void RecordUsage(ChatResponseUpdate update)
    {
        if (lease is null)
        {
            return;
        }

        foreach (var content in update.Contents)
        {
            if (content is UsageContent usage)
            {
                lease.RecordUsage(usage.Details.TotalTokenCount);
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await enumerator.DisposeAsync().ConfigureAwait(false);
        scope.Dispose();
        lease?.Dispose();
    }
}
