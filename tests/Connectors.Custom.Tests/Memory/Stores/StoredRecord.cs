namespace Connectors.Custom.Tests.Memory.Stores;

/// <summary>A record held by <see cref="InMemoryVectorStore"/>, with the vector it is searched by (generated from its
/// source text when the record's vector property holds text).</summary>
public sealed record StoredRecord(object Record, ReadOnlyMemory<float> Vector);
