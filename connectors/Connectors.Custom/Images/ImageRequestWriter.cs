using System.Text.Json;

namespace Connectors.Custom;

/// <summary>Writes an <c>images/generations</c> request in the provider's form.</summary>
internal static class ImageRequestWriter
{
    public static void Write(Utf8JsonWriter writer, ImageCall call, CustomImageOptions endpoint)
    {
        writer.WriteStartObject();
        writer.WriteString("model"u8, call.ModelId ?? endpoint.ModelId);
        writer.WriteString("prompt"u8, call.Prompt);
        if (call.Count is { } count)
        {
            writer.WriteNumber("n"u8, count);
        }

        if (call.Shape is { } shape)
        {
            writer.WriteString(endpoint.Quirks.ImageSizeParameter == ImageSizeParameter.AspectRatio ? "aspect_ratio"u8 : "size"u8, shape);
        }

        if (call.ResponseFormat is { } format)
        {
            writer.WriteString("response_format"u8, format == ImageResponseFormat.Url ? "url"u8 : "b64_json"u8);
        }

        writer.WriteEndObject();
    }
}
