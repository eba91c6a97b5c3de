using System;
using System.Collections.Generic;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;

namespace Connectors.Custom;

/// <summary>The models check: <c>GET {endpoint}/models</c>.</summary>
internal sealed partial class ProbeSession
{
    // OpenRouter lists hundreds of models with long descriptions; a few MiB covers every real list.
    private const int MaxModelListBytes = 16 * 1024 * 1024;

    private async Task CheckModelsAsync()
    {
        await RunCheckAsync(CustomProbeCheckNames.Models, ListModelsAsync).ConfigureAwait(false);
    }

    private async Task<(CustomProbeOutcome, string)> ListModelsAsync(CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, EndpointAddress.Combine(_options.Endpoint!, "models"));
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        await _headers.ApplyAsync(request, cancellationToken).ConfigureAwait(false);

        HttpResponseMessage response;
        try
        {
            response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
        }
        catch (HttpRequestException ex)
        {
            return (CustomProbeOutcome.Failed, $"could not reach {EndpointAddress.Describe(request.RequestUri!)}: {ex.Message}");
        }

        using (response)
        {
            using var body = await ResponseBody.ReadAsync(response.Content, MaxModelListBytes, throwWhenTooLarge: true, cancellationToken).ConfigureAwait(false);
            if (!response.IsSuccessStatusCode)
            {
                var status = (int)response.StatusCode;
                var text = ProviderErrorParser.TryParse(body.Span)?.Message
                    ?? ProviderErrorParser.DescribeNonJsonBody(body.Span, response.Content.Headers.ContentType?.MediaType);
                var outcome = ProbeText.IsRejection(response.StatusCode) ? CustomProbeOutcome.NotSupported : CustomProbeOutcome.Failed;
                return (outcome, $"GET models returned HTTP {status}: {text}");
            }

            List<string> ids;
            try
            {
                ids = ReadModelIds(body.Span);
            }
            catch (JsonException ex)
            {
                return (CustomProbeOutcome.Failed, $"the model list is not valid JSON: {ex.Message}");
            }

            if (ids.Count == 0 && !LooksLikeList(body.Span))
            {
                return (CustomProbeOutcome.Failed, "the answer is neither {\"data\": [...]} nor a JSON array of models");
            }

            _modelIds = ids.ToArray();
            var listed = ids.Contains(_options.ModelId!) ? "the chat model is listed" : $"'{_options.ModelId}' is not listed (it may still be served)";
            var models = ids.Count == 1 ? "model" : "models";
            return (CustomProbeOutcome.Supported, $"{ids.Count} {models}: {ProbeText.List(ids)}; {listed}");
        }
    }

    /// <summary>Reads <c>{"data": [...]}</c> (OpenAI) or a bare array, of objects with <c>id</c> (or <c>name</c>, as
    /// some local servers write) or of plain strings.</summary>
    internal static List<string> ReadModelIds(ReadOnlySpan<byte> json)
    {
        var ids = new List<string>();
        var reader = new Utf8JsonReader(json);
        using var document = JsonDocument.ParseValue(ref reader);
        var root = document.RootElement;
        var list = root.ValueKind == JsonValueKind.Array ? root
            : root.ValueKind == JsonValueKind.Object && (root.TryGetProperty("data", out var data) || root.TryGetProperty("models", out data)) && data.ValueKind == JsonValueKind.Array ? data
            : default;
        if (list.ValueKind != JsonValueKind.Array)
        {
            return ids;
        }

        foreach (var item in list.EnumerateArray())
        {
            var id = item.ValueKind == JsonValueKind.String ? item.GetString()
                : item.ValueKind == JsonValueKind.Object && (item.TryGetProperty("id", out var value) || item.TryGetProperty("name", out value)) && value.ValueKind == JsonValueKind.String ? value.GetString()
                : null;
            if (!string.IsNullOrEmpty(id) && !ids.Contains(id))
            {
                ids.Add(id);
            }
        }

        return ids;
    }

    /// <summary>Whether the answer is an empty list (a server with no model loaded) rather than some other JSON.</summary>
    private static bool LooksLikeList(ReadOnlySpan<byte> json)
    {
        var reader = new Utf8JsonReader(json);
        using var document = JsonDocument.ParseValue(ref reader);
        var root = document.RootElement;
        return root.ValueKind == JsonValueKind.Array
            || (root.ValueKind == JsonValueKind.Object && root.TryGetProperty("data", out var data) && data.ValueKind == JsonValueKind.Array);
    }
}
