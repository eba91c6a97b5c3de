using System.Text;

namespace Connectors.Custom.Tests.Models;

public sealed class ModelListParserTests
{
    [Theory]
    [InlineData("""{"object":"list","data":[{"id":"a"},{"id":"b"}]}""", "a,b")]
    [InlineData("""[{"id":"a"},{"name":"b"},"c"]""", "a,b,c")]
    [InlineData("""{"models":[{"name":"llama3.2:latest"}]}""", "llama3.2:latest")]
    [InlineData("""{"data":[]}""", "")]
    public void TryParse_AcceptsTheShapesServersUse(string json, string expected)
    {
        Assert.True(ModelListParser.TryParse(Encoding.UTF8.GetBytes(json), out var models));

        Assert.Equal(expected, string.Join(',', models.Select(m => m.Id)));
    }

    [Theory]
    [InlineData("""{"error":"Unexpected endpoint or method. (GET /v1/v1/models)"}""")]
    [InlineData("""{"error":{"message":"No models loaded","type":"invalid_request_error"}}""")]
    public void TryParse_ErrorObject_IsLeftToTheCaller(string json)
    {
        Assert.False(ModelListParser.TryParse(Encoding.UTF8.GetBytes(json), out var models));
        Assert.Empty(models);
    }
}
