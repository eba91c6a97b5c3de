using System;
using System.Collections.Generic;
using System.Linq;
using System.Runtime.CompilerServices;
using System.Threading;

namespace Connectors.Custom.Testing;

/// <summary>Live counts of what a <see cref="LocalOpenAIServer"/> received and which faults it injected.</summary>
/// <remarks>Thread-safe: counters are updated atomically as requests arrive, and each property reads the current value.</remarks>
public sealed class ServerStatistics
{
    private static readonly FaultKind[] s_kinds = Enum.GetValues<FaultKind>();

    // Keyed by kind, not by the enum's position: a kind with any value has its own counter.
    private readonly Dictionary<FaultKind, StrongBox<long>> _faults = s_kinds.ToDictionary(kind => kind, _ => new StrongBox<long>());
    private long _requests;
    private long _chatCompletions;
    private long _streamingChatCompletions;
    private long _embeddings;
    private long _modelListings;
    private long _responses;
    private long _streamingResponses;
    private long _imageGenerations;
    private long _reranks;
    private long _transcriptions;
    private long _speech;

    internal ServerStatistics()
    {
    }

    /// <summary>Gets how many HTTP requests arrived, on any path.</summary>
    public long Requests => Volatile.Read(ref _requests);

    /// <summary>Gets how many valid <c>POST /v1/chat/completions</c> requests arrived (streaming ones included).</summary>
    public long ChatCompletions => Volatile.Read(ref _chatCompletions);

    /// <summary>Gets how many of <see cref="ChatCompletions"/> asked for a stream.</summary>
    public long StreamingChatCompletions => Volatile.Read(ref _streamingChatCompletions);

    /// <summary>Gets how many valid <c>POST /v1/embeddings</c> requests arrived.</summary>
    public long Embeddings => Volatile.Read(ref _embeddings);

    /// <summary>Gets how many <c>GET /v1/models</c> requests arrived.</summary>
    public long ModelListings => Volatile.Read(ref _modelListings);

    /// <summary>Gets how many valid <c>POST /v1/responses</c> requests arrived (streaming ones included).</summary>
    public long Responses => Volatile.Read(ref _responses);

    /// <summary>Gets how many of <see cref="Responses"/> asked for a stream.</summary>
    public long StreamingResponses => Volatile.Read(ref _streamingResponses);
    /// <summary>Gets how many valid <c>POST /v1/images/generations</c> requests arrived.</summary>
    public long ImageGenerations => Volatile.Read(ref _imageGenerations);

    /// <summary>Gets how many valid <c>POST /v1/rerank</c> and <c>POST /v1/score</c> requests arrived.</summary>
    public long Reranks => Volatile.Read(ref _reranks);

    /// <summary>Gets how many valid <c>POST /v1/audio/transcriptions</c> requests arrived.</summary>
    public long Transcriptions => Volatile.Read(ref _transcriptions);

    /// <summary>Gets how many valid <c>POST /v1/audio/speech</c> requests arrived.</summary>
    public long SpeechRequests => Volatile.Read(ref _speech);

    /// <summary>Gets how many faults were injected, of every kind.</summary>
    public long FaultsInjected
    {
        get
        {
            long total = 0;
            foreach (var count in _faults.Values)
            {
                total += Volatile.Read(ref count.Value);
            }

            return total;
        }
    }

    /// <summary>Gets a snapshot of how many faults of each kind were injected (every kind present, zero included).</summary>
    public IReadOnlyDictionary<FaultKind, long> Faults
    {
        get
        {
            var snapshot = new Dictionary<FaultKind, long>(s_kinds.Length);
            foreach (var kind in s_kinds)
            {
                snapshot[kind] = GetFaultCount(kind);
            }

            return snapshot;
        }
    }

    /// <summary>Gets how many faults of <paramref name="kind"/> were injected.</summary>
    /// <param name="kind">The fault kind.</param>
    /// <returns>The count.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="kind"/> is not a defined fault kind.</exception>
    public long GetFaultCount(FaultKind kind)
    {
        return _faults.TryGetValue(kind, out var count)
            ? Volatile.Read(ref count.Value)
            : throw new ArgumentOutOfRangeException(nameof(kind), kind, "Unknown fault kind.");
    }

    internal void CountRequest() => Interlocked.Increment(ref _requests);

#pragma warning disable CS8524 // ServedAs values come from the server's own handlers.
    internal void CountServed(ServedAs served) => _ = served switch
    {
        ServedAs.ChatCompletion => Interlocked.Increment(ref _chatCompletions),
        ServedAs.StreamingChatCompletion => Interlocked.Increment(ref _chatCompletions) + Interlocked.Increment(ref _streamingChatCompletions),
        ServedAs.Embeddings => Interlocked.Increment(ref _embeddings),
        ServedAs.ModelListing => Interlocked.Increment(ref _modelListings),
        ServedAs.Response => Interlocked.Increment(ref _responses),
        ServedAs.StreamingResponse => Interlocked.Increment(ref _responses) + Interlocked.Increment(ref _streamingResponses),
        ServedAs.ImageGeneration => Interlocked.Increment(ref _imageGenerations),
        ServedAs.Rerank => Interlocked.Increment(ref _reranks),
        ServedAs.Transcription => Interlocked.Increment(ref _transcriptions),
        ServedAs.Speech => Interlocked.Increment(ref _speech),
    };
#pragma warning restore CS8524

    internal void CountFault(FaultKind kind) => Interlocked.Increment(ref _faults[kind].Value);
}
