namespace Connectors.Custom;

/// <summary>What one request of the embeddings batch-size search showed.</summary>
internal enum ProbeBatchAttempt
{
    /// <summary>The server embedded the whole batch.</summary>
    Accepted = 0,

    /// <summary>The server refused the batch as too large (or otherwise refused it as written).</summary>
    Rejected = 1,

    /// <summary>Something unrelated to size went wrong (timeout, rate limit, connection): the search stops there.</summary>
    Inconclusive = 2,
}
