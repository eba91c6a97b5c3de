namespace Connectors.Custom.Benchmarks.Scenarios;

/// <summary>A client's own result seen as a list of vectors, without copying it, so every client can be checked the
/// same way and pays the same (one small object) for it.</summary>
internal sealed class VectorView<T>(IReadOnlyList<T> items, Func<T, ReadOnlyMemory<float>> vector) : IReadOnlyList<ReadOnlyMemory<float>>
{
    public int Count => items.Count;

    public ReadOnlyMemory<float> this[int index] => vector(items[index]);

    public IEnumerator<ReadOnlyMemory<float>> GetEnumerator() => items.Select(vector).GetEnumerator();

    System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();
}
