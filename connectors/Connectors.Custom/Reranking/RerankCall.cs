using System.Collections.Generic;

namespace Connectors.Custom;

/// <summary>One validated rerank call, ready to write for any endpoint.</summary>
/// <param name="Query">The query.</param>
/// <param name="Documents">The documents, at least one.</param>
/// <param name="TopN">How many to keep, or null for all.</param>
/// <param name="ModelId">The model the call names, or null for each endpoint's own.</param>
internal sealed record RerankCall(string Query, IReadOnlyList<string> Documents, int? TopN, string? ModelId);
