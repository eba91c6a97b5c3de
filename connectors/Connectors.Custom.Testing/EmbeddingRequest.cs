using System.Collections.Generic;

namespace Connectors.Custom.Testing;

/// <summary>A parsed embeddings request.</summary>
internal sealed record EmbeddingRequest(string Model, IReadOnlyList<string> Inputs, bool Base64, int Dimensions);
