using System.Collections.Generic;
using System.Threading;

namespace Connectors.Custom.Testing;

/// <summary>Computes the vectors <see cref="LocalOpenAIServer"/> returns from <c>POST /v1/embeddings</c>: the seam for
/// a real embedding model (see <c>MiniLmEmbeddingBackend</c> in Connectors.Custom.Testing.Embeddings) in place of the
/// default hash-based vectors.</summary>
/// <remarks>Called concurrently, once per embeddings request that is answered; implementations must be thread-safe.</remarks>
public interface IEmbeddingBackend
{
    /// <summary>Gets the length of every vector.</summary>
    int Dimensions { get; }

    /// <summary>Embeds the inputs.</summary>
    /// <param name="inputs">The texts, at least one.</param>
    /// <param name="cancellationToken">Cancelled when the client leaves or the server stops.</param>
    /// <returns>One vector of <see cref="Dimensions"/> values per input, in input order.</returns>
    float[][] Embed(IReadOnlyList<string> inputs, CancellationToken cancellationToken);
}
