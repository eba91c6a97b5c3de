using System;
using System.Text.Json;

namespace Connectors.Custom;

/// <summary>
/// Parses a <c>chat.completion</c> body or a <c>chat.completion.chunk</c> event in one forward pass with
/// <see cref="Utf8JsonReader"/>.
/// </summary>
/// <remarks>
/// <para>One parser serves both shapes: a choice's <c>message</c> and <c>delta</c> are read the same way.</para>
/// <para>Written against the reader rather than generated DTOs because the providers disagree on types: tool-call
/// <c>arguments</c> come as a string or an object, <c>content</c> as a string or an array of typed blocks, codes as
/// numbers or strings, and any field may be missing or null. Every such variant is accepted here instead of
/// failing deserialization, and unknown fields are skipped without allocation.</para>
/// </remarks>
internal static class ChatCompletionParser
{
    private static readonly JsonRootReader<ChatCompletionPayload> s_readRoot = ReadRoot;

    /// <summary>Parses <paramref name="json"/> into <paramref name="payload"/> (which is reset first).</summary>
    /// <exception cref="CustomProtocolException">The text is not a JSON object or is malformed.</exception>
    public static void Parse(ReadOnlySpan<byte> json, ChatCompletionPayload payload)
    {
        payload.Reset();
        JsonObjectParser.Parse(json, payload, s_readRoot);
    }

    private static void ReadRoot(ref Utf8JsonReader reader, ReadOnlySpan<byte> json, ChatCompletionPayload payload)
    {
        UsagePayload? groqUsage = null;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("choices"u8))
            {
                reader.Read();
                ReadChoices(ref reader, json, payload);
            }
            else if (reader.ValueTextEquals("id"u8))
            {
                // A stream repeats id, model, created and fingerprint on every chunk: read them until known.
                reader.Read();
                if (string.IsNullOrEmpty(payload.Id))
                {
                    payload.Id = JsonReading.ReadString(ref reader);
                }
                else
                {
                    reader.Skip();
                }
            }
            else if (reader.ValueTextEquals("model"u8))
            {
                reader.Read();
                if (string.IsNullOrEmpty(payload.Model))
                {
                    payload.Model = JsonReading.ReadString(ref reader);
                }
                else
                {
                    reader.Skip();
                }
            }
            else if (reader.ValueTextEquals("created"u8))
            {
                reader.Read();
                if (payload.Created is null)
                {
                    payload.Created = JsonReading.ReadInt64(ref reader);
                }
                else
                {
                    reader.Skip();
                }
            }
            else if (reader.ValueTextEquals("usage"u8))
            {
                reader.Read();
                payload.Usage = UsageParser.Read(ref reader);
            }
            else if (reader.ValueTextEquals("system_fingerprint"u8))
            {
                reader.Read();
                if (payload.SystemFingerprint is null)
                {
                    payload.SystemFingerprint = JsonReading.ReadString(ref reader);
                }
                else
                {
                    reader.Skip();
                }
            }
            else if (reader.ValueTextEquals("error"u8))
            {
                reader.Read();
                payload.HasError = reader.TokenType != JsonTokenType.Null;
                reader.Skip();
            }
            else if (reader.ValueTextEquals("object"u8))
            {
                reader.Read();
                payload.IsErrorObject = reader.TokenType == JsonTokenType.String && reader.ValueTextEquals("error"u8);
            }
            else if (reader.ValueTextEquals("detail"u8) || reader.ValueTextEquals("message"u8))
            {
                reader.Read();
                payload.HasErrorHints |= reader.TokenType != JsonTokenType.Null;
                reader.Skip();
            }
            else if (reader.ValueTextEquals("x_groq"u8))
            {
                // Groq repeats usage inside x_groq; it is the fallback when the top-level one is missing.
                reader.Read();
                groqUsage = ReadGroqUsage(ref reader);
            }
            else
            {
                reader.Read();
                reader.Skip();
            }
        }

        payload.Usage ??= groqUsage;
    }

    private static UsagePayload? ReadGroqUsage(ref Utf8JsonReader reader)
    {
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            reader.Skip();
            return null;
        }

        UsagePayload? usage = null;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var isUsage = reader.ValueTextEquals("usage"u8);
            reader.Read();
            if (isUsage)
            {
                usage = UsageParser.Read(ref reader);
            }
            else
            {
                reader.Skip();
            }
        }

        return usage;
    }

    private static void ReadChoices(ref Utf8JsonReader reader, ReadOnlySpan<byte> json, ChatCompletionPayload payload)
    {
        if (reader.TokenType != JsonTokenType.StartArray)
        {
            reader.Skip();
            return;
        }

        payload.HasChoicesArray = true;
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            payload.ChoiceCount++;
            if (payload.ChoiceCount == 1 && reader.TokenType == JsonTokenType.StartObject)
            {
                ReadChoice(ref reader, json, payload);
            }
            else
            {
                reader.Skip();
            }
        }
    }

    private static void ReadChoice(ref Utf8JsonReader reader, ReadOnlySpan<byte> json, ChatCompletionPayload payload)
    {
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("delta"u8) || reader.ValueTextEquals("message"u8))
            {
                reader.Read();
                MessageParser.Read(ref reader, json, payload);
            }
            else if (reader.ValueTextEquals("finish_reason"u8))
            {
                reader.Read();
                payload.FinishReason = FinishReasons.Read(ref reader);
            }
            else
            {
                reader.Read();
                reader.Skip();
            }
        }
    }
}
