using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Net;
using System.Net.Http;
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
    private const string BoundaryPrefix = "----connectors-custom-";
    private const string ContentTypePrefix = "multipart/form-data; boundary=\"";

    private readonly AudioUpload _audio;
    private readonly byte[] _form;
    private readonly int _prologueLength;

    public MultipartAudioContent(ReadOnlySpan<KeyValuePair<string, string>> fields, AudioUpload audio)
    {
        _audio = audio;

        // Every byte of the form except the audio goes in one array, measured first and then written in place, and the
        // header is one string set without parsing: this runs once per attempt and is most of what an upload allocates
        // beyond the HTTP stack's own work (measured: docs/benchmarks.md, "Audio").
        var contentType = string.Create(CultureInfo.InvariantCulture, $"multipart/form-data; boundary=\"{BoundaryPrefix}{Guid.NewGuid():N}\"");
        var boundary = contentType.AsSpan(ContentTypePrefix.Length, contentType.Length - ContentTypePrefix.Length - 1);
        var measure = new FormWriter(default);
        WriteForm(ref measure, fields, audio, boundary);
        _form = new byte[measure.Length];
        var writer = new FormWriter(_form);
        WriteForm(ref writer, fields, audio, boundary);
        _prologueLength = writer.PrologueLength;
        Headers.TryAddWithoutValidation("Content-Type", contentType);
    }

    protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context) =>
        SerializeToStreamAsync(stream, context, CancellationToken.None);

    protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context, CancellationToken cancellationToken)
    {
        await stream.WriteAsync(_form.AsMemory(0, _prologueLength), cancellationToken).ConfigureAwait(false);
        await _audio.CopyToAsync(stream, cancellationToken).ConfigureAwait(false);
        await stream.WriteAsync(_form.AsMemory(_prologueLength), cancellationToken).ConfigureAwait(false);
    }

    protected override bool TryComputeLength(out long length)
    {
        length = _form.Length + (_audio.Length ?? 0);
        return _audio.Length is not null;
    }

    private static void WriteForm(ref FormWriter form, ReadOnlySpan<KeyValuePair<string, string>> fields, AudioUpload audio, ReadOnlySpan<char> boundary)
    {
        foreach (var (name, value) in fields)
        {
            form.Write("--");
            form.Write(boundary);
            form.Write("\r\nContent-Disposition: form-data; name=\"");
            form.WriteQuoted(name);
            form.Write("\"\r\n\r\n");
            form.Write(value);
            form.Write("\r\n");
        }

        form.Write("--");
        form.Write(boundary);
        form.Write("\r\nContent-Disposition: form-data; name=\"file\"; filename=\"");
        form.WriteQuoted(audio.FileName);
        form.Write("\"\r\nContent-Type: ");
        form.Write(audio.MediaType);
        form.Write("\r\n\r\n");
        form.PrologueLength = form.Length;
        form.Write("\r\n--");
        form.Write(boundary);
        form.Write("--\r\n");
    }

    /// <summary>Encodes text as UTF-8 into the form's array, or only counts the bytes when it has none yet.</summary>
    private ref struct FormWriter(Span<byte> target)
    {
        private readonly Span<byte> _target = target;

        public int Length { get; private set; }

        public int PrologueLength { get; set; }

        public void Write(ReadOnlySpan<char> text) =>
            Length += _target.IsEmpty ? Encoding.UTF8.GetByteCount(text) : Encoding.UTF8.GetBytes(text, _target[Length..]);

        /// <summary>Writes a header parameter's value: a quote or a line break would end the header early, so a quote
        /// is escaped and line breaks are dropped (the server only needs a file name's extension).</summary>
        public void WriteQuoted(ReadOnlySpan<char> text)
        {
            while (!text.IsEmpty)
            {
                var stop = text.IndexOfAny('"', '\r', '\n');
                Write(stop < 0 ? text : text[..stop]);
                if (stop < 0)
                {
                    return;
                }

                if (text[stop] == '"')
                {
                    Write("%22");
                }

                text = text[(stop + 1)..];
            }
        }
    }
}
