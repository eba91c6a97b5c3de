using System.Buffers;
using System.Text.Json;

namespace Connectors.Custom.Benchmarks.Server;

/// <summary>What the server reads from a chat request: the model (which picks the answer), whether a stream was
/// asked for, and how many messages and tools came with it.</summary>
internal readonly record struct ChatRequest(string Model, bool Stream, int Messages, int Tools)
{
    /// <summary>Reads <c>model</c>, <c>stream</c>, <c>messages</c> and <c>tools</c>, skipping everything else.</summary>
    public static bool TryParse(ReadOnlySequence<byte> body, out ChatRequest request, out string error)
    {
        request = default;
        error = string.Empty;
        var reader = new Utf8JsonReader(body);
        string? model = null;
        var stream = false;
        var messages = 0;
        var tools = 0;
        try
        {
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                error = "The request body must be a JSON object.";
                return false;
            }

            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                if (reader.ValueTextEquals("model"u8))
                {
                    reader.Read();
                    model = reader.TokenType == JsonTokenType.String ? reader.GetString() : null;
                }
                else if (reader.ValueTextEquals("stream"u8))
                {
                    reader.Read();
                    stream = reader.TokenType == JsonTokenType.True;
                }
                else if (reader.ValueTextEquals("messages"u8))
                {
                    reader.Read();
                    messages = CountItems(ref reader);
                }
                else if (reader.ValueTextEquals("tools"u8))
                {
                    reader.Read();
                    tools = CountItems(ref reader);
                }
                else
                {
                    reader.Read();
                    reader.Skip();
                }
            }
        }
        catch (JsonException exception)
        {
            error = $"The request body is not valid JSON: {exception.Message}";
            return false;
        }

        if (string.IsNullOrEmpty(model))
        {
            error = "model is required.";
            return false;
        }

        if (messages == 0)
        {
            error = "messages must be a non-empty array.";
            return false;
        }

        request = new ChatRequest(model, stream, messages, tools);
        return true;
    }

    private static int CountItems(ref Utf8JsonReader reader)
    {
        if (reader.TokenType != JsonTokenType.StartArray)
        {
            reader.Skip();
            return 0;
        }

        var count = 0;
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            reader.Skip();
            count++;
        }

        return count;
    }
}
