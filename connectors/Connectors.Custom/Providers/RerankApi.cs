namespace Connectors.Custom;

/// <summary>Which reranking API a server offers.</summary>
public enum RerankApi
{
    /// <summary><c>POST rerank</c> in the Jina/Cohere shape: <c>query</c>, <c>documents</c>, <c>top_n</c> in,
    /// <c>results[{index, relevance_score}]</c> out (vLLM, llama.cpp with <c>--reranking</c>, LocalAI, Together, Jina).</summary>
    Rerank = 0,

    /// <summary>vLLM's <c>POST score</c>: <c>text_1</c> (the query) and <c>text_2</c> (the documents) in,
    /// <c>data[{index, score}]</c> out, every document scored; the connector sorts and applies the top N.</summary>
    Score = 1,
}
