namespace Connectors.Custom;

/// <summary>A contiguous slice of a call's inputs sent as one request.</summary>
/// <param name="Offset">The position of the first input in the call.</param>
/// <param name="Count">How many inputs the batch holds.</param>
internal readonly record struct EmbeddingBatch(int Offset, int Count);
