namespace Connectors.Custom.Tests.Http;

public sealed class EndpointAddressTests
{
    [Theory]
    [InlineData("http://localhost:11434/v1", "http://localhost:11434/v1/chat/completions")]
    [InlineData("http://localhost:11434/v1/", "http://localhost:11434/v1/chat/completions")]
    [InlineData("http://host", "http://host/chat/completions")]
    [InlineData("http://host/", "http://host/chat/completions")]
    [InlineData("https://openrouter.ai/api/v1", "https://openrouter.ai/api/v1/chat/completions")]
    [InlineData("https://host/openai/v1?api-version=x", "https://host/openai/v1/chat/completions?api-version=x")]
    public void Combine_AppendsTheOperationToTheBase(string baseAddress, string expected)
    {
        Assert.Equal(expected, EndpointAddress.Combine(new Uri(baseAddress), "chat/completions").ToString());
    }

    [Fact]
    public void Describe_DropsUserInfoAndQuery()
    {
        Assert.Equal("https://host/v1", EndpointAddress.Describe(new Uri("https://user:secret@host/v1?key=sk-123")));
    }
}
