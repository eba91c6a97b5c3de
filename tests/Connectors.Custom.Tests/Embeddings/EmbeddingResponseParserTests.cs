using System.Runtime.InteropServices;
using System.Text;

namespace Connectors.Custom.Tests.Embeddings;

public sealed class EmbeddingResponseParserTests
{
    private static string Base64(params float[] values) => Convert.ToBase64String(MemoryMarshal.AsBytes(values.AsSpan()));

    private static (float[]?[] Vectors, EmbeddingBatchResponse Response) Parse(string json, int count, int expectedDimensions = 0)
    {
        var vectors = new float[]?[count];
        var response = EmbeddingResponseParser.Parse(Encoding.UTF8.GetBytes(json), vectors, new EmbeddingBatch(0, count), expectedDimensions);
        return (vectors, response);
    }

    [Fact]
    public void Base64Vectors_AreDecodedExactly()
    {
        var (vectors, response) = Parse($$$"""{"data":[{"index":0,"embedding":"{{{Base64(0.5f, -1.25f, 3e-7f)}}}"}],"model":"m","usage":{"prompt_tokens":3,"total_tokens":3}}""", 1);

        Assert.Equal([0.5f, -1.25f, 3e-7f], vectors[0]!);
        Assert.Equal(3, response.Dimensions);
        Assert.Equal("m", response.Model);
        Assert.Equal(3, response.Usage!.PromptTokens);
    }

    [Fact]
    public void FloatArrays_AreReadWhenTheServerIgnoresBase64()
    {
        var (vectors, _) = Parse("""{"data":[{"embedding":[0.1,-0.2,3E-5]},{"embedding":[1,2,3]}]}""", 2);

        Assert.Equal([0.1f, -0.2f, 3e-5f], vectors[0]!);
        Assert.Equal([1f, 2f, 3f], vectors[1]!);
    }

    [Fact]
    public void Items_ArePlacedByIndexNotArrivalOrder()
    {
        var (vectors, _) = Parse($$"""{"data":[{"index":2,"embedding":"{{Base64(2)}}"},{"embedding":"{{Base64(0)}}","index":0},{"index":1,"embedding":"{{Base64(1)}}"}]}""", 3);

        Assert.Equal([0f, 1f, 2f], vectors.Select(v => v![0]));
    }

    [Fact]
    public void EscapedSlashesInBase64_AreUnescaped()
    {
        var encoded = Base64(BitConverter.Int32BitsToSingle(0x3f_ff_ff_ff), 1f);
        Assert.Contains("/", encoded, StringComparison.Ordinal);

        var (vectors, _) = Parse($$"""{"data":[{"index":0,"embedding":"{{encoded.Replace("/", "\\/", StringComparison.Ordinal)}}"}]}""", 1);

        Assert.Equal(BitConverter.Int32BitsToSingle(0x3f_ff_ff_ff), vectors[0]![0]);
    }

    [Fact]
    public void ExtraKeysInItems_AreIgnored()
    {
        // llama.cpp repeats encoding_format inside each base64 item.
        var (vectors, _) = Parse($$"""{"data":[{"object":"embedding","encoding_format":"base64","index":0,"embedding":"{{Base64(7)}}"}]}""", 1);

        Assert.Equal([7f], vectors[0]!);
    }

    [Fact]
    public void VectorOfTheWrongSize_IsAClearError()
    {
        var error = Assert.Throws<CustomProtocolException>(() => Parse($$"""{"data":[{"index":0,"embedding":"{{Base64(1, 2)}}"}]}""", 1, expectedDimensions: 3));

        Assert.Contains("2 dimensions; expected 3", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void MixedSizesWithinOneResponse_AreAClearError()
    {
        Assert.Throws<CustomProtocolException>(() => Parse("""{"data":[{"embedding":[1,2]},{"embedding":[1,2,3]}]}""", 2));
    }

    [Fact]
    public void CountMismatch_IsAClearError()
    {
        var error = Assert.Throws<CustomProtocolException>(() => Parse("""{"data":[{"index":0,"embedding":[1]}]}""", 2));

        Assert.Contains("1 embeddings for 2 inputs", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{"data":[{"index":0,"embedding":[1]},{"index":0,"embedding":[2]}]}""")]
    [InlineData("""{"data":[{"index":5,"embedding":[1]},{"index":0,"embedding":[2]}]}""")]
    [InlineData("""{"data":[{"index":0},{"index":1,"embedding":[2]}]}""")]
    [InlineData("""{"data":[{"index":0,"embedding":"@@@"},{"index":1,"embedding":[2]}]}""")]
    [InlineData("""{"data":[{"index":0,"embedding":"AAA="},{"index":1,"embedding":[2]}]}""")]
    [InlineData("""{"data":[{"index":0,"embedding":{"float":[1]}},{"index":1,"embedding":[2]}]}""")]
    [InlineData("""{"data":[{"index":0,"embedding":[1,"x"]},{"index":1,"embedding":[2]}]}""")]
    [InlineData("""{"object":"list"}""")]
    public void InvalidItems_AreClearErrors(string json)
    {
        var error = Assert.Throws<CustomProtocolException>(() => Parse(json, 2));

        Assert.Equal(CustomProtocolErrorKind.UnexpectedShape, error.Kind);
    }

    [Fact]
    public void TruncatedJson_IsMalformed()
    {
        Assert.Equal(CustomProtocolErrorKind.MalformedJson, Assert.Throws<CustomProtocolException>(() => Parse("""{"data":[{"index":0,"embedding":[1,2""", 1)).Kind);
    }

    [Theory]
    [InlineData("""{"error":{"message":"input too long"}}""")]
    [InlineData("""{"error":"'input_type' parameter is required for asymmetric models"}""")]
    [InlineData("""{"object":"error","message":"bad"}""")]
    public void ErrorBodies_AreFlagged(string json)
    {
        Assert.True(Parse(json, 1).Response.IsError);
    }

    // Found by fuzzing: each threw InvalidOperationException instead of a typed error.
    [Theory]
    [InlineData("""{"data":[{"embedding":[1],"index":"\ud800"}]}""")]
    [InlineData("""{"object":"\udc00x","data":[{"embedding":[1],"index":0}]}""")]
    [InlineData("""{"data":[{"embedding":"AACA\ud800","index":0}]}""")]
    public void EscapedLoneSurrogate_IsMalformedJson(string json)
    {
        var error = Assert.Throws<CustomProtocolException>(() => Parse(json, 1));

        Assert.Equal(CustomProtocolErrorKind.MalformedJson, error.Kind);
    }
}
