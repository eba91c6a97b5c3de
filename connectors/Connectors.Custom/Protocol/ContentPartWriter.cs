using System;
using System.Text.Json;
using Microsoft.Extensions.AI;

namespace Connectors.Custom;

/// <summary>Writes one entry of a multi-part <c>content</c> array (text, image, audio or file).</summary>
internal static class ContentPartWriter
{
    public static void Write(Utf8JsonWriter writer, AIContent content)
    {
        switch (content)
        {
            case TextContent text:
                WriteText(writer, text.Text);
                break;
            case ErrorContent error:
                WriteText(writer, ChatMessageWriter.ErrorText(error));
                break;
            case DataContent data when data.HasTopLevelMediaType("image"):
                // Images given as bytes go out as data URIs: the only form every vision server accepts (Ollama
                // refuses remote URLs).
                WriteImage(writer, data.Uri);
                break;
            case UriContent uri when uri.HasTopLevelMediaType("image"):
                WriteImage(writer, uri.Uri.ToString());
                break;
            case DataContent data when data.HasTopLevelMediaType("audio"):
                writer.WriteStartObject();
                writer.WriteString("type", "input_audio");
                writer.WriteStartObject("input_audio");
                writer.WriteString("data", data.Base64Data.Span);
                writer.WriteString("format", AudioFormat(data.MediaType));
                writer.WriteEndObject();
                writer.WriteEndObject();
                break;
            case DataContent data:
                writer.WriteStartObject();
                writer.WriteString("type", "file");
                writer.WriteStartObject("file");
                writer.WriteString("file_data", data.Uri);
                if (data.Name is not null)
                {
                    writer.WriteString("filename", data.Name);
                }

                writer.WriteEndObject();
                writer.WriteEndObject();
                break;
            case UriContent uri:
                throw new NotSupportedException($"Content at '{uri.Uri}' with media type '{uri.MediaType}' cannot be sent by URL; only images can. Send the bytes as DataContent instead.");
            default:
                // Function calls and results are written elsewhere; reasoning is not replayed; usage is not content.
                break;
        }
    }

    private static void WriteText(Utf8JsonWriter writer, string text)
    {
        writer.WriteStartObject();
        writer.WriteString("type", "text");
        writer.WriteString("text", text);
        writer.WriteEndObject();
    }

    private static void WriteImage(Utf8JsonWriter writer, string url)
    {
        writer.WriteStartObject();
        writer.WriteString("type", "image_url");
        writer.WriteStartObject("image_url");
        writer.WriteString("url", url);
        writer.WriteEndObject();
        writer.WriteEndObject();
    }

    private static string AudioFormat(string mediaType) => mediaType switch
    {
        "audio/mpeg" or "audio/mp3" => "mp3",
        "audio/wav" or "audio/x-wav" or "audio/wave" => "wav",
        _ => mediaType.StartsWith("audio/", StringComparison.Ordinal) ? mediaType["audio/".Length..] : mediaType,
    };
}
