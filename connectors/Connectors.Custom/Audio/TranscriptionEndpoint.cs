using System;
using System.Collections.Generic;
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
    /// <remarks>Sends and reads in one state machine: an upload pays for as few as possible beyond the HTTP stack's.</remarks>
    public async Task<Transcript> TranscribeAsync(TranscriptionRequest request, AudioUpload audio, string primaryModelId, AttemptScope attempt)
    {
        var content = Content(request, audio, primaryModelId);
        HttpResponseMessage response;
        try
        {
            response = await Post(request, content, attempt).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            KeepFailure(ex, audio);
            throw;
        }

        using (response)
        {
            using var body = await _api.ReadBodyAsync(response, attempt.Token).ConfigureAwait(false);
            return Read(body, request, response);
        }
    }

    /// <summary>Sends a streaming transcription and returns once the answer's headers arrived; the attempt goes with
    /// the response to its owner (<see cref="OperationLease"/>).</summary>
    public async Task<(HttpResponseMessage Response, AttemptScope Attempt, TranscriptionEndpoint Endpoint)> OpenAsync(TranscriptionRequest request, AudioUpload audio, string primaryModelId, AttemptScope attempt)
    {
        var content = Content(request, audio, primaryModelId);
        try
        {
            return (await Post(request, content, attempt).ConfigureAwait(false), attempt, this);
        }
        catch (Exception ex)
        {
            KeepFailure(ex, audio);
            throw;
        }
    }

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

    /// <summary>The body of one attempt's upload.</summary>
    /// <exception cref="InvalidOperationException">The audio cannot be sent again (a stream that cannot seek, sent once).</exception>
    private MultipartAudioContent Content(TranscriptionRequest request, AudioUpload audio, string primaryModelId)
    {
        if (!audio.CanSend)
        {
            throw AudioUpload.NotResendable(audio.LastFailure);
        }

        // A call for the primary's model goes to each backup under the backup's own model.
        var modelId = request.ModelId is null || request.ModelId == primaryModelId ? ModelId : request.ModelId;
        var fields = default(TranscriptionRequest.FieldBuffer);
        Span<KeyValuePair<string, string>> room = fields;
        return new MultipartAudioContent(room[..request.Fields(modelId, room)], audio);
    }

    private Task<HttpResponseMessage> Post(TranscriptionRequest request, MultipartAudioContent content, AttemptScope attempt) =>
        _api.PostAsync(TranscriptionsPath, content, request.Stream ? "text/event-stream" : "application/json", attempt.Token);

    /// <summary>What a failed send leaves behind: the upload's own refusals (too large, not resendable) are thrown as
    /// themselves even when the HTTP stack wrapped them; any other failure is kept for the message of a resend that
    /// cannot happen. The caller rethrows what it caught.</summary>
    private static void KeepFailure(Exception ex, AudioUpload audio)
    {
        for (var inner = ex; inner is not null; inner = inner.InnerException)
        {
            if (inner is ArgumentException { ParamName: "audio" } or InvalidOperationException && !ReferenceEquals(inner, ex))
            {
                System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(inner);
            }
        }

        audio.LastFailure = ex;
    }
}
