using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace Connectors.Custom.Tests.Infrastructure;

/// <summary>Answers <c>embeddings</c> requests the way OpenAI does, computing each vector from its input text, so
/// tests can check which vector belongs to which input after batching and reordering.</summary>
/// <remarks>A responder for <see cref="LoopbackServer"/>, not a server of its own. It stays beside <c>LocalOpenAIServer</c>
/// because it misbehaves on purpose (items listed out of order, floats when base64 was asked for), which the shipped
/// local server, answering as providers normally do, does not.</remarks>
public static class EmbeddingServer
{
    /// <summary>A deterministic bag-of-words embedding: related texts share words, so they score as similar.</summary>
    public static float[] BagOfWords(string text, int dimensions = 64)
    {
        var vector = new float[dimensions];
        foreach (var word in text.ToLowerInvariant().Split([' ', ',', '.', '?', '!', ':', ';'], StringSplitOptions.RemoveEmptyEntries))
        {
            var hash = 17;
            foreach (var c in word)
            {
                hash = unchecked(hash * 31 + c);
            }

            vector[(hash & 0x7fffffff) % dimensions] += 1;
        }

        var norm = MathF.Sqrt(vector.Sum(v => v * v));
        return norm == 0 ? vector : vector.Select(v => v / norm).ToArray();
    }

    /// <summary>Builds the response body for a request body, with vectors from <paramref name="embed"/>.</summary>
    /// <param name="requestBody">The request JSON.</param>
    /// <param name="embed">Computes the vector of one input.</param>
    /// <param name="reverseOrder">Lists the items last to first (with their indexes), as servers may.</param>
    /// <param name="forceFloat">Answers with floats even when base64 was asked for.</param>
    public static string Respond(string requestBody, Func<string, float[]> embed, bool reverseOrder = false, bool forceFloat = false)
    {
        using var request = JsonDocument.Parse(requestBody);
        var inputs = request.RootElement.GetProperty("input").EnumerateArray().Select(e => e.GetString()!).ToList();
        var base64 = !forceFloat && request.RootElement.TryGetProperty("encoding_format", out var format) && format.GetString() == "base64";
        var items = inputs.Select((input, index) => (input, index)).ToList();
        if (reverseOrder)
        {
            items.Reverse();
        }

        var text = new StringBuilder("""{"object":"list","data":[""");
        foreach (var (input, index) in items)
        {
            var vector = embed(input);
            var embedding = base64
                ? JsonSerializer.Serialize(Convert.ToBase64String(System.Runtime.InteropServices.MemoryMarshal.AsBytes(vector.AsSpan())))
                : JsonSerializer.Serialize(vector);
            text.Append($$"""{"object":"embedding","index":{{index}},"embedding":{{embedding}}},""");
        }

        text.Length--;
        var tokens = inputs.Sum(i => i.Length / 4 + 1);
        text.Append($$$"""],"model":"embed-model","usage":{"prompt_tokens":{{{tokens}}},"total_tokens":{{{tokens}}}}}""");
        return text.ToString();
    }

    /// <summary>Makes the server answer every unscripted request as an embeddings endpoint.</summary>
    public static LoopbackServer ServeEmbeddings(this LoopbackServer server, Func<string, float[]>? embed = null) =>
        server.SetFallback(async (context, body) =>
        {
            context.Response.ContentType = "application/json";
            await context.Response.WriteAsync(Respond(body, embed ?? (text => BagOfWords(text))));
        });
}
