using System;
using System.Collections.Generic;
using System.Text;

namespace Connectors.Custom.Testing;

/// <summary>A <c>multipart/form-data</c> body read from the captured request bytes: its text fields (repeated names
/// kept in order) and its one file.</summary>
internal sealed class MultipartForm
{
    private MultipartForm(List<KeyValuePair<string, string>> fields, string? fileName, string? fileType, ReadOnlyMemory<byte> file)
    {
        Fields = fields;
        FileName = fileName;
        FileType = fileType;
        File = file;
    }

    public IReadOnlyList<KeyValuePair<string, string>> Fields { get; }

    public string? FileName { get; }

    public string? FileType { get; }

    public ReadOnlyMemory<byte> File { get; }

    /// <summary>The last value of a field, or null.</summary>
    public string? this[string name]
    {
        get
        {
            string? value = null;
            foreach (var (key, field) in Fields)
            {
                value = key == name ? field : value;
            }

            return value;
        }
    }

    /// <summary>Every value of a repeated field (<c>timestamp_granularities[]</c>).</summary>
    public IEnumerable<string> All(string name)
    {
        foreach (var (key, value) in Fields)
        {
            if (key == name)
            {
                yield return value;
            }
        }
    }

    /// <summary>Reads the body; the error says what is wrong with it.</summary>
    public static bool TryRead(string? contentType, ReadOnlyMemory<byte> body, out MultipartForm? form, out string? error)
    {
        form = null;
        var boundary = Parameter(contentType, "boundary");
        if (contentType is null || !contentType.StartsWith("multipart/form-data", StringComparison.OrdinalIgnoreCase) || boundary is null)
        {
            error = "The request must be multipart/form-data with a boundary.";
            return false;
        }

        var delimiter = Encoding.ASCII.GetBytes("--" + boundary);
        var span = body.Span;
        var fields = new List<KeyValuePair<string, string>>();
        string? fileName = null;
        string? fileType = null;
        ReadOnlyMemory<byte> file = default;
        var position = span.IndexOf(delimiter);
        while (position >= 0)
        {
            var start = position + delimiter.Length;
            if (span[start..].StartsWith("--"u8))
            {
                form = new MultipartForm(fields, fileName, fileType, file);
                error = null;
                return true;
            }

            start += 2; // CRLF after the delimiter
            var headersEnd = span[start..].IndexOf("\r\n\r\n"u8);
            if (headersEnd < 0)
            {
                break;
            }

            var headers = Encoding.UTF8.GetString(span.Slice(start, headersEnd));
            var contentStart = start + headersEnd + 4;
            var next = span[contentStart..].IndexOf(delimiter);
            if (next < 0)
            {
                break;
            }

            var content = body.Slice(contentStart, Math.Max(0, next - 2)); // the CRLF before the delimiter
            var disposition = Header(headers, "Content-Disposition");
            var name = Parameter(disposition, "name");
            var partFile = Parameter(disposition, "filename");
            if (partFile is not null)
            {
                fileName = partFile;
                fileType = Header(headers, "Content-Type");
                file = content;
            }
            else if (name is not null)
            {
                fields.Add(new(name, Encoding.UTF8.GetString(content.Span)));
            }

            position = contentStart + next;
        }

        error = "The multipart body ends without its closing boundary.";
        return false;
    }

    private static string? Header(string headers, string name)
    {
        foreach (var line in headers.Split("\r\n"))
        {
            var colon = line.IndexOf(':', StringComparison.Ordinal);
            if (colon > 0 && line[..colon].Trim().Equals(name, StringComparison.OrdinalIgnoreCase))
            {
                return line[(colon + 1)..].Trim();
            }
        }

        return null;
    }

    private static string? Parameter(string? header, string name)
    {
        if (header is null)
        {
            return null;
        }

        foreach (var part in header.Split(';'))
        {
            var equals = part.IndexOf('=', StringComparison.Ordinal);
            if (equals > 0 && part[..equals].Trim().Equals(name, StringComparison.OrdinalIgnoreCase))
            {
                return part[(equals + 1)..].Trim().Trim('"');
            }
        }

        return null;
    }
}
