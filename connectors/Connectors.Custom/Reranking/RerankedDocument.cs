using System;

namespace Connectors.Custom;

/// <summary>One document of a rerank call's result.</summary>
public sealed class RerankedDocument
{
    /// <summary>Initializes a new instance of the <see cref="RerankedDocument"/> class.</summary>
    /// <param name="index">The document's position in the list the call was given.</param>
    /// <param name="relevanceScore">The model's relevance score.</param>
    /// <param name="document">The document's text.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="index"/> is negative.</exception>
    /// <exception cref="ArgumentNullException"><paramref name="document"/> is null.</exception>
    public RerankedDocument(int index, double relevanceScore, string document)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentNullException.ThrowIfNull(document);
        Index = index;
        RelevanceScore = relevanceScore;
        Document = document;
    }

    /// <summary>Gets the document's position in the list the call was given.</summary>
    public int Index { get; }

    /// <summary>Gets how relevant the model judged the document; higher is more relevant. The scale is the model's (a
    /// cross-encoder's logit or probability, a cosine similarity): compare scores within one call, not across models.</summary>
    public double RelevanceScore { get; }

    /// <summary>Gets the document's text, as the call gave it.</summary>
    public string Document { get; }
}
