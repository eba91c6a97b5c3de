using System;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Threading.Tasks;

namespace Connectors.Custom;

/// <summary>One speech endpoint: sends the text and opens the audio the server returns.</summary>
internal sealed class SpeechEndpoint
{
    private const string SpeechPath = "audio/speech";

    private readonly CustomApiClient _api;

    public SpeechEndpoint(CustomTextToAudioOptions options, HttpClient? httpClient, TimeProvider timeProvider)
    {
        ModelId = options.ModelId!;
        _api = new CustomApiClient(options, httpClient, timeProvider);
    }

    public string ModelId { get; }

    /// <summary>Sends the request and returns once the audio's headers arrived; the attempt goes with the response to
    /// its owner (<see cref="OperationLease"/>).</summary>
    /// <exception cref="CustomEndpointException">The server failed, or answered 200 with an error body instead of audio.</exception>
    public async Task<(HttpResponseMessage Response, AttemptScope Attempt)> OpenAsync(SpeechRequest request, string primaryModelId, AttemptScope attempt)
    {
        var modelId = request.ModelId is null || request.ModelId == primaryModelId ? ModelId : request.ModelId;
        using var body = PooledRequestBody.Write(request.Input.Length + 256, (Request: request, ModelId: modelId), static (writer, s) => s.Request.Write(writer, s.ModelId));
        var content = new ReadOnlyMemoryContent(body.WrittenMemory);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json") { CharSet = "utf-8" };
        var response = await _api.PostAsync(SpeechPath, content, request.MediaType, attempt.Token).ConfigureAwait(false);
        if (response.Content.Headers.ContentType?.MediaType is "application/json")
        {
            // Audio never comes as JSON: some servers report errors with 200 and a JSON body.
            using (response)
            {
                using var error = await _api.ReadBodyAsync(response, attempt.Token).ConfigureAwait(false);
                throw _api.CreateInBandException(error.Span, "instead of audio", response);
            }
        }

        return (response, attempt);
    }

    /// <summary>Reads the whole audio (within <see cref="CustomEndpointOptions.MaxResponseBytes"/>) into one array.</summary>
    public async Task<byte[]> ReadAllAsync(SpeechRequest request, string primaryModelId, AttemptScope attempt)
    {
        var (response, _) = await OpenAsync(request, primaryModelId, attempt).ConfigureAwait(false);
        using (response)
        {
            using var body = await _api.ReadBodyAsync(response, attempt.Token).ConfigureAwait(false);
            return body.Span.ToArray();
        }
    }
}
