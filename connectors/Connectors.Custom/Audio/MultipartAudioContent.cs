using System;
using System.Collections.Generic;
using System.IO;
using System.Net;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Text;
using System.Threading;
using System.Threading.Tasks;

namespace Connectors.Custom;

/// <summary>
/// A <c>multipart/form-data</c> body of text fields and one audio file, written straight to the connection: the fields
/// and part headers are encoded once (a few hundred bytes), and the audio is copied from the caller's stream as it is
/// sent (see <see cref="AudioUpload"/>). Its length is declared when the audio's is known, else it is sent chunked.
/// </summary>
internal sealed class MultipartAudioContent : HttpContent
{
    private readonly AudioUpload _audio;
    private readonly byte[] _prologue;
    private readonly byte[] _epilogue;

    public MultipartAudioContent(IReadOnlyList<KeyValuePair<string, string>> fields, AudioUpload audio)
    {
        _audio = audio;
        var boundary = "----connectors-custom-" + Guid.NewGuid().ToString("N");
        var text = new StringBuilder(256);
        foreach (var (name, value) in fields)
        {
            text.Append("--").Append(boundary).Append("\r\n")
                .Append("Content-Disposition: form-data; name=\"").Append(Quote(name)).Append("\"\r\n\r\n")
                .Append(value).Append("\r\n");
        }

        text.Append("--").Append(boundary).Append("\r\n")
            .Append("Content-Disposition: form-data; name=\"file\"; filename=\"").Append(Quote(audio.FileName)).Append("\"\r\n")
            .Append("Content-Type: ").Append(audio.MediaType).Append("\r\n\r\n");
        _prologue = Encoding.UTF8.GetBytes(text.ToString());
        _epilogue = Encoding.ASCII.GetBytes("\r\n--" + boundary + "--\r\n");
        Headers.ContentType = MediaTypeHeaderValue.Parse("multipart/form-data; boundary=\"" + boundary + "\"");
    }

    protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context) =>
        SerializeToStreamAsync(stream, context, CancellationToken.None);

    protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context, CancellationToken cancellationToken)
    {
        await stream.WriteAsync(_prologue, cancellationToken).ConfigureAwait(false);
        await _audio.CopyToAsync(stream, cancellationToken).ConfigureAwait(false);
        await stream.WriteAsync(_epilogue, cancellationToken).ConfigureAwait(false);
    }

    protected override bool TryComputeLength(out long length)
    {
        length = _prologue.Length + (_audio.Length ?? 0) + _epilogue.Length;
        return _audio.Length is not null;
    }

    // Quotes and line breaks would end the header early; the server only needs the name's extension.
    private static string Quote(string value) => value.Replace("\"", "%22", StringComparison.Ordinal).Replace("\r", string.Empty, StringComparison.Ordinal).Replace("\n", string.Empty, StringComparison.Ordinal);
}
