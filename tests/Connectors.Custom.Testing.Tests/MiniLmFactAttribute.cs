namespace Connectors.Custom.Testing.Tests;

/// <summary>A test that runs the real all-MiniLM-L6-v2 model: skipped, with the backend's own one-line reason, where
/// ONNX Runtime has no native build (Intel macOS).</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class MiniLmFactAttribute : FactAttribute
{
    public MiniLmFactAttribute()
    {
        if (MiniLmEmbeddingBackend.UnsupportedReason is { } reason)
        {
            Skip = reason;
        }
    }
}
