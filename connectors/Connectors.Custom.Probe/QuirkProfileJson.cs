using System.IO;
using System.Text;
using System.Text.Json;

namespace Connectors.Custom;

/// <summary>Writes a quirk profile as the <c>"Quirks"</c> property of an endpoint's configuration section, with only
/// the fields that differ from the generic defaults. Written by hand with <see cref="Utf8JsonWriter"/>: the library is
/// AOT-compatible, so no reflection serialization.</summary>
internal static class QuirkProfileJson
{
    public static string Write(CustomQuirkProfile quirks)
    {
        var defaults = new CustomQuirkProfile();
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            writer.WriteStartObject();
            if (quirks.MaxTokensParameter != defaults.MaxTokensParameter)
            {
                // Enum names are what the configuration binder reads.
                writer.WriteString(nameof(CustomQuirkProfile.MaxTokensParameter), quirks.MaxTokensParameter.ToString());
            }

            WriteIfChanged(writer, nameof(CustomQuirkProfile.SeedParameter), quirks.SeedParameter, defaults.SeedParameter);
            WriteIfChanged(writer, nameof(CustomQuirkProfile.RequiredToolChoice), quirks.RequiredToolChoice, defaults.RequiredToolChoice);
            WriteIfChanged(writer, nameof(CustomQuirkProfile.SupportsStreamOptions), quirks.SupportsStreamOptions, defaults.SupportsStreamOptions);
            WriteIfChanged(writer, nameof(CustomQuirkProfile.SupportsToolCallsWhenStreaming), quirks.SupportsToolCallsWhenStreaming, defaults.SupportsToolCallsWhenStreaming);
            if (quirks.DroppedParameters.Count > 0)
            {
                writer.WriteStartArray(nameof(CustomQuirkProfile.DroppedParameters));
                foreach (var parameter in quirks.DroppedParameters)
                {
                    writer.WriteStringValue(parameter);
                }

                writer.WriteEndArray();
            }

            if (quirks.ToolCallIdFormat != defaults.ToolCallIdFormat)
            {
                writer.WriteString(nameof(CustomQuirkProfile.ToolCallIdFormat), quirks.ToolCallIdFormat.ToString());
            }

            WriteIfChanged(writer, nameof(CustomQuirkProfile.MapDeveloperToSystem), quirks.MapDeveloperToSystem, defaults.MapDeveloperToSystem);
            if (quirks.ReasoningReplay != defaults.ReasoningReplay)
            {
                writer.WriteString(nameof(CustomQuirkProfile.ReasoningReplay), quirks.ReasoningReplay.ToString());
            }

            WriteIfChanged(writer, nameof(CustomQuirkProfile.SplitThinkTags), quirks.SplitThinkTags, defaults.SplitThinkTags);
            WriteIfChanged(writer, nameof(CustomQuirkProfile.ReplyMayStartInThink), quirks.ReplyMayStartInThink, defaults.ReplyMayStartInThink);
            WriteIfChanged(writer, nameof(CustomQuirkProfile.ParseToolCallsInText), quirks.ParseToolCallsInText, defaults.ParseToolCallsInText);
            if (quirks.ToolSchemaFeatures != defaults.ToolSchemaFeatures)
            {
                writer.WriteString(nameof(CustomQuirkProfile.ToolSchemaFeatures), quirks.ToolSchemaFeatures.ToString());
            }

            if (quirks.Responses != defaults.Responses)
            {
                writer.WriteString(nameof(CustomQuirkProfile.Responses), quirks.Responses.ToString());
            }

            WriteIfChanged(writer, nameof(CustomQuirkProfile.EmbeddingDimensionsParameter), quirks.EmbeddingDimensionsParameter, defaults.EmbeddingDimensionsParameter);
            WriteIfChanged(writer, nameof(CustomQuirkProfile.EmbeddingInputType), quirks.EmbeddingInputType, defaults.EmbeddingInputType);
            WriteIfChanged(writer, nameof(CustomQuirkProfile.SupportsBase64Embeddings), quirks.SupportsBase64Embeddings, defaults.SupportsBase64Embeddings);
            if (quirks.MaxEmbeddingInputs is { } maxInputs && maxInputs != defaults.MaxEmbeddingInputs)
            {
                writer.WriteNumber(nameof(CustomQuirkProfile.MaxEmbeddingInputs), maxInputs);
            }

            writer.WriteEndObject();
        }

        var json = Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
        return "\"Quirks\": " + (json == "{}" ? "{}" : json);
    }

    private static void WriteIfChanged(Utf8JsonWriter writer, string name, string? value, string? defaultValue)
    {
        if (value == defaultValue)
        {
            return;
        }

        if (value is null)
        {
            writer.WriteNull(name);
        }
        else
        {
            writer.WriteString(name, value);
        }
    }

    private static void WriteIfChanged(Utf8JsonWriter writer, string name, bool value, bool defaultValue)
    {
        if (value != defaultValue)
        {
            writer.WriteBoolean(name, value);
        }
    }
}
