using System;
using System.Collections.Generic;
using System.Text.Json;

namespace Connectors.Custom.Testing;

/// <summary>A valid rerank (<c>query</c>, <c>documents</c>, <c>top_n</c>) or score (<c>text_1</c>, <c>text_2</c>) request.</summary>
internal sealed record RerankRequest(string Model, string Query, IReadOnlyList<string> Documents, int? TopN, bool ReturnDocuments)
{
    public const string DefaultModel = "local-rerank";

    /// <summary>Reads either form; <paramref name="score"/> selects vLLM's field names.</summary>
    public static bool TryRead(string body, bool score, out RerankRequest? request, out string? error)
    {
        request = null;
        var queryField = score ? "text_1" : "query";
        var documentsField = score ? "text_2" : "documents";
        try
        {
            using var document = JsonDocument.Parse(body);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty(queryField, out var query) || query.ValueKind != JsonValueKind.String || string.IsNullOrWhiteSpace(query.GetString()))
            {
                error = $"'{queryField}' is required and must be a non-empty string.";
                return false;
            }

            if (!root.TryGetProperty(documentsField, out var list))
            {
                error = $"'{documentsField}' is required.";
                return false;
            }

            var documents = new List<string>();
            if (score && list.ValueKind == JsonValueKind.String)
            {
                documents.Add(list.GetString()!);
            }
            else if (list.ValueKind == JsonValueKind.Array)
            {
                foreach (var item in list.EnumerateArray())
                {
                    // Cohere and Jina also take {"text": "..."} objects.
                    var text = item.ValueKind == JsonValueKind.String ? item.GetString()
                        : item.ValueKind == JsonValueKind.Object && item.TryGetProperty("text", out var t) && t.ValueKind == JsonValueKind.String ? t.GetString()
                        : null;
                    if (text is null)
                    {
                        error = $"Every entry of '{documentsField}' must be a string or an object with a 'text' string.";
                        return false;
                    }

                    documents.Add(text);
                }
            }

            if (documents.Count == 0)
            {
                error = $"'{documentsField}' must hold at least one document.";
                return false;
            }

            int? topN = null;
            if (!score && root.TryGetProperty("top_n", out var top) && top.ValueKind != JsonValueKind.Null)
            {
                if (!top.TryGetInt32(out var n) || n < 1)
                {
                    error = "'top_n' must be a positive integer.";
                    return false;
                }

                topN = n;
            }

            var returnDocuments = !score && root.TryGetProperty("return_documents", out var rd) && rd.ValueKind == JsonValueKind.True;
            var model = root.TryGetProperty("model", out var m) && m.ValueKind == JsonValueKind.String ? m.GetString()! : DefaultModel;
            request = new RerankRequest(model, query.GetString()!, documents, topN, returnDocuments);
            error = null;
            return true;
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException)
        {
            error = $"The request body is not valid: {ex.Message}";
            return false;
        }
    }
}
