using System;
using System.Net.Http;
using System.Threading.Tasks;

namespace Connectors.Custom;

/// <summary>One transcription endpoint: uploads the audio as <c>multipart/form-data</c> and reads the answer.</summary>
internal sealed class TranscriptionEndpoint
{
    private const string TranscriptionsPath = "audio/transcriptions";

    private readonly CustomApiClient _api;

    public TranscriptionEndpoint(CustomAudioToTextOptions options, HttpClient? httpClient, TimeProvider timeProvider)
    {
        ModelId = options.ModelId!;
        _api = new CustomApiClient(options, httpClient, timeProvider);
    }

    public string ModelId { get; }

    public CustomApiClient Api => _api;

    /// <summary>Transcribes in one exchange.</summary>
    public async Task<Transcript> TranscribeAsync(TranscriptionRequest request, AudioUpload audio, string primaryModelId, AttemptScope attempt)
    {
        using var response = await SendAsync(request, audio, primaryModelId, attempt).ConfigureAwait(false);
        using var body = await _api.ReadBodyAsync(response, attempt.Token).ConfigureAwait(false);
        return Read(body, request, response);
    }

    /// <summary>Sends a streaming transcription and returns once the answer's headers arrived; the attempt goes with
    /// the response to its owner (<see cref="OperationLease"/>).</summary>
    public async Task<(HttpResponseMessage Response, AttemptScope Attempt, TranscriptionEndpoint Endpoint)> OpenAsync(TranscriptionRequest request, AudioUpload audio, string primaryModelId, AttemptScope attempt) =>
        (await SendAsync(request, audio, primaryModelId, attempt).ConfigureAwait(false), attempt, this);

    /// <summary>Reads a whole answer (also what a server that ignored <c>stream=true</c> sends).</summary>
    public Transcript Read(ResponseBody body, TranscriptionRequest request, HttpResponseMessage response)
    {
        if (TranscriptionParser.IsError(body.Span))
        {
            throw _api.CreateInBandException(body.Span, "in its transcription", response);
        }

        var mediaType = response.Content.Headers.ContentType?.MediaType;
        var plain = request.Format == TranscriptionFormat.Text && mediaType is not "application/json";
        return TranscriptionParser.Parse(body.Memory, plain || mediaType is "text/plain");
    }

    private async Task<HttpResponseMessage> SendAsync(TranscriptionRequest request, AudioUpload audio, string primaryModelId, AttemptScope attempt)
    {
        if (!audio.CanSend)
        {
            throw AudioUpload.NotResendable(audio.LastFailure);
        }

        // A call for the primary's model goes to each backup under the backup's own model.
        var modelId = request.ModelId is null || request.ModelId == primaryModelId ? ModelId : request.ModelId;
        var content = new MultipartAudioContent(request.Fields(modelId), audio);
        try
        {
            return await _api.PostAsync(TranscriptionsPath, content, request.Stream ? "text/event-stream" : "application/json", attempt.Token).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            // The upload's own refusals (too large, not resendable) may come back wrapped by the HTTP stack.
            for (var inner = ex; inner is not null; inner = inner.InnerException)
            {
                if (inner is ArgumentException { ParamName: "audio" } or InvalidOperationException && !ReferenceEquals(inner, ex))
                {
                    System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(inner);
                }
            }

            audio.LastFailure = ex;
            throw;
        }
    }
}
