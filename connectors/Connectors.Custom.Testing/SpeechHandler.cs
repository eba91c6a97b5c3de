using System;
using System.Buffers;
using System.Text.Json;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Http;

namespace Connectors.Custom.Testing;

/// <summary><c>POST /v1/audio/speech</c>: a WAV (or its raw samples, for <c>pcm</c>) of tones whose length follows
/// the text, carrying the text in its comment chunk (see <see cref="SpokenWav"/>), written in chunks as a real server
/// streams audio. Other formats (mp3, opus, flac, aac) are refused with 400: this server does not encode them.</summary>
internal sealed class SpeechHandler : IEndpointHandler
{
    private const int ChunkSize = 64 * 1024;
    private const int MaxInputCharacters = 4096;

    public string Method => HttpMethods.Post;

    public string Path => "/v1/audio/speech";

    public EndpointRead Read(RecordedRequest request)
    {
        string? model, input, voice, format;
        double? speed = null;
        try
        {
            using var document = JsonDocument.Parse(request.Content);
            var root = document.RootElement;
            model = Text(root, "model");
            input = Text(root, "input");
            voice = Text(root, "voice");
            format = Text(root, "response_format") ?? "mp3";
            if (root.TryGetProperty("speed", out var s))
            {
                speed = s.ValueKind == JsonValueKind.Number ? s.GetDouble() : double.NaN;
            }
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException)
        {
            return EndpointRead.Invalid($"The request body is not a JSON object: {ex.Message}");
        }

        if (string.IsNullOrEmpty(model) || string.IsNullOrEmpty(input) || string.IsNullOrEmpty(voice))
        {
            return EndpointRead.Invalid("'model', 'input' and 'voice' are required.");
        }

        if (input.Length > MaxInputCharacters)
        {
            return EndpointRead.Invalid($"'input' is longer than {MaxInputCharacters} characters.");
        }

        if (speed is { } value && !(value is >= 0.25 and <= 4.0))
        {
            return EndpointRead.Invalid($"'speed' must be between 0.25 and 4.0; got {value}.");
        }

        if (format is not ("wav" or "pcm"))
        {
            return EndpointRead.Invalid($"This local server produces 'wav' and 'pcm' only; '{format}' would need an encoder it does not have.");
        }

        var withHeader = format == "wav";
        return EndpointRead.Answer(new EndpointCall(model, Faultable: true, ServedAs.Speech, answer => AnswerAsync(answer, input, withHeader)));
    }

    private static async Task AnswerAsync(AnswerContext context, string text, bool withHeader)
    {
        var contentType = withHeader ? "audio/wav" : "audio/pcm";
        if (context.Delivery.Mode != ResponseMode.Normal)
        {
            // A fault breaks the body wherever it falls, as for any other answer.
            await context.WriteBodyAsync(StatusCodes.Status200OK, contentType, SpokenWav.Create(text, withHeader)).ConfigureAwait(false);
            return;
        }

        var response = context.Http.Response;
        var token = context.Http.RequestAborted;
        var dataLength = SpokenWav.DataLength(text);
        var header = withHeader ? SpokenWav.Header(text, dataLength) : [];
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = contentType;
        response.ContentLength = header.Length + dataLength;
        await response.Body.WriteAsync(header, token).ConfigureAwait(false);
        var buffer = ArrayPool<byte>.Shared.Rent(ChunkSize);
        try
        {
            for (long offset = 0; offset < dataLength; offset += ChunkSize)
            {
                var count = (int)Math.Min(ChunkSize, dataLength - offset);
                SpokenWav.FillSamples(buffer.AsSpan(0, count), offset, text, dataLength);
                await response.Body.WriteAsync(buffer.AsMemory(0, count), token).ConfigureAwait(false);
                await response.Body.FlushAsync(token).ConfigureAwait(false);
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private static string? Text(JsonElement root, string name) =>
        root.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
