using System.Text;

namespace Connectors.Custom.Tests.Http;

public sealed class ProviderErrorParserTests
{
    private static CustomProviderError? Parse(string body) => ProviderErrorParser.TryParse(Encoding.UTF8.GetBytes(body));

    [Fact]
    public void OpenAiShape_ReadsAllFields()
    {
        var error = Parse("""{"error":{"message":"Unsupported parameter: 'max_tokens'","type":"invalid_request_error","param":"max_tokens","code":"unsupported_parameter"}}""")!;

        Assert.Equal("Unsupported parameter: 'max_tokens'", error.Message);
        Assert.Equal("invalid_request_error", error.Type);
        Assert.Equal("max_tokens", error.Param);
        Assert.Equal("unsupported_parameter", error.Code);
    }

    [Fact]
    public void StringError_WithTopLevelCode_IsRead()
    {
        var error = Parse("""{"code":"Client specified an invalid argument","error":"bad model"}""")!;

        Assert.Equal("bad model", error.Message);
        Assert.Equal("Client specified an invalid argument", error.Code);
    }

    [Fact]
    public void FlatMistralShape_WithNumericLikeStringCode_IsRead()
    {
        var error = Parse("""{"object":"error","message":"Tool call id was toolu_01 but must be a-z, A-Z, 0-9, with a length of 9.","type":"invalid_function_call","param":null,"code":"3280"}""")!;

        Assert.StartsWith("Tool call id was", error.Message, StringComparison.Ordinal);
        Assert.Equal("3280", error.Code);
    }

    [Fact]
    public void FlatShape_WithMessageObjectHoldingDetailList_IsFlattened()
    {
        var error = Parse("""{"object":"error","message":{"detail":[{"loc":["body","messages",0,"role"],"msg":"Input should be 'user'","type":"literal_error"}]},"type":"invalid_request_error","code":422}""")!;

        Assert.Equal("body.messages.0.role: Input should be 'user'", error.Message);
        Assert.Equal("422", error.Code);
    }

    [Fact]
    public void FastApiDetailString_IsRead()
    {
        Assert.Equal("'input_type' parameter is required for asymmetric models", Parse("""{"detail":"'input_type' parameter is required for asymmetric models"}""")!.Message);
    }

    [Fact]
    public void FlatMessageShape_IsRead()
    {
        Assert.Equal("Rate limit exceeded", Parse("""{"message":"Rate limit exceeded","type":"too_many_requests_error","param":"quota","code":"request_quota_exceeded"}""")!.Message);
    }

    [Fact]
    public void OpenRouterMetadata_IsAppended()
    {
        var error = Parse("""{"error":{"code":502,"message":"Provider returned error","metadata":{"provider_name":"Fireworks","raw":"upstream timeout"}}}""")!;

        Assert.Equal("Provider returned error (Fireworks: upstream timeout)", error.Message);
        Assert.Equal("502", error.Code);
    }

    [Theory]
    [InlineData("")]
    [InlineData("<html><body>Bad gateway</body></html>")]
    [InlineData("""{"choices":[]}""")]
    [InlineData("{\"error\":")]
    public void NonErrorBodies_GiveNull(string body)
    {
        Assert.Null(Parse(body));
    }

    [Fact]
    public void HtmlPage_IsDescribedByItsTitle()
    {
        var text = ProviderErrorParser.DescribeNonJsonBody(Encoding.UTF8.GetBytes("<!DOCTYPE html><html><head><title>502 Bad Gateway</title></head><body>nginx</body></html>"), "text/html");

        Assert.Contains("HTML page", text, StringComparison.Ordinal);
        Assert.Contains("502 Bad Gateway", text, StringComparison.Ordinal);
    }

    [Fact]
    public void PlainText_IsQuotedOnOneLine()
    {
        Assert.Equal("upstream connect error reset", ProviderErrorParser.DescribeNonJsonBody(Encoding.UTF8.GetBytes("upstream connect error\nreset"), "text/plain"));
    }

    // Found by fuzzing: GetString threw InvalidOperationException out of the error path, hiding the real HTTP error.
    [Fact]
    public void TextThatIsNotValidUtf8OrHasALoneSurrogate_IsNotAnErrorShape()
    {
        byte[] invalidUtf8 = [.. "{\"error\":{\"message\":\"bad "u8, 0xF4, 0x90, 0x80, 0x80, .. "\"}}"u8];

        Assert.Null(ProviderErrorParser.TryParse(invalidUtf8));
        Assert.Null(Parse("""{"error":{"message":"\ud800"}}"""));
        Assert.Null(Parse("""{"detail":[{"loc":["body","\udc00"],"msg":"x"}]}"""));
    }
}
