using Microsoft.Extensions.Configuration;

namespace Connectors.Custom.Tests.Options;

public sealed class CustomChatCompletionOptionsTests
{
    private static CustomChatCompletionOptions Valid() => new() { Endpoint = new Uri("http://localhost:11434/v1"), ModelId = "llama3.2" };

    public static TheoryData<string, string> InvalidSettings => new()
    {
        { "no-endpoint", "Endpoint" },
        { "relative-endpoint", "Endpoint" },
        { "ftp-endpoint", "Endpoint" },
        { "no-model", "ModelId" },
        { "empty-header-name", "ApiKeyHeader" },
        { "tiny-response-limit", "MaxResponseBytes" },
        { "newline-in-header", "Headers" },
        { "tab-inside-header-value", "Headers[X-Bad]" },
        { "space-in-header-name", "Headers" },
        { "line-break-in-key", "ApiKey" },
        { "nul-in-key", "ApiKey" },
        { "line-break-in-scheme", "ApiKeyScheme" },
        { "line-break-in-key-header", "ApiKeyHeader" },
        { "tiny-stream-limit", "MaxStreamBytes" },
        { "zero-rounds", "MaximumAutoInvokeRounds" },
    };

    [Theory]
    [MemberData(nameof(InvalidSettings))]
    public void Validate_InvalidSetting_NamesIt(string case_, string expectedName)
    {
        var options = Valid();
        switch (case_)
        {
            case "no-endpoint": options.Endpoint = null; break;
            case "relative-endpoint": options.Endpoint = new Uri("/v1", UriKind.Relative); break;
            case "ftp-endpoint": options.Endpoint = new Uri("ftp://host/v1"); break;
            case "no-model": options.ModelId = " "; break;
            case "empty-header-name": options.ApiKeyHeader = ""; break;
            case "tiny-response-limit": options.MaxResponseBytes = 10; break;
            case "newline-in-header": options.Headers["X-Bad"] = "a\r\nInjected: 1"; break;
            case "tab-inside-header-value": options.Headers["X-Bad"] = "a\tb"; break;
            case "space-in-header-name": options.Headers["X Bad"] = "a"; break;
            case "line-break-in-key": options.ApiKey = "sk-secret\r\nX-Evil: 1"; break;
            case "nul-in-key": options.ApiKey = "sk-secret\0"; break;
            case "line-break-in-scheme": options.ApiKeyScheme = "Bearer\nX-Evil: 1\n"; break;
            case "line-break-in-key-header": options.ApiKeyHeader = "X-Key\r\nX-Evil"; break;
            case "tiny-stream-limit": options.MaxStreamBytes = 10; break;
            case "zero-rounds": options.MaximumAutoInvokeRounds = 0; break;
        }

        var error = Assert.ThrowsAny<ArgumentException>(options.Validate);

        Assert.Contains(expectedName, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_RefusedKey_NeverShowsTheValue()
    {
        var options = Valid();
        options.ApiKey = "sk-canary-4711\nX-Evil: 1";

        var error = Assert.Throws<ArgumentException>(options.Validate);

        Assert.Equal("ApiKey", error.ParamName);
        Assert.DoesNotContain("canary", error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_SurroundingWhitespace_IsAccepted()
    {
        var options = Valid();
        options.ApiKey = "  sk-from-a-file\r\n";
        options.ApiKeyScheme = "Bearer ";
        options.Headers["X-Title"] = "App\n";

        options.Validate();
    }

    [Fact]
    public void Clone_CopiesEverySettingAndOwnsItsHeaders()
    {
        var original = Valid();
        original.ApiKey = "k";
        original.ApiKeyHeader = "api-key";
        original.ApiKeyScheme = null;
        original.IncludeUsageInStream = false;
        original.AuthorNames = AuthorNamePolicy.Never;
        original.MaximumAutoInvokeRounds = 3;
        original.AllowConcurrentFunctionInvocation = true;
        original.MaxStreamEventBytes = 4096;
        original.MaxStreamBytes = 8192;
        original.Headers["X-A"] = "1";

        var copy = original.Clone();
        original.Headers["X-B"] = "2";

        Assert.Equal(original.Endpoint, copy.Endpoint);
        Assert.Equal("k", copy.ApiKey);
        Assert.Equal("api-key", copy.ApiKeyHeader);
        Assert.Null(copy.ApiKeyScheme);
        Assert.False(copy.IncludeUsageInStream);
        Assert.Equal(AuthorNamePolicy.Never, copy.AuthorNames);
        Assert.Equal(3, copy.MaximumAutoInvokeRounds);
        Assert.True(copy.AllowConcurrentFunctionInvocation);
        Assert.Equal(4096, copy.MaxStreamEventBytes);
        Assert.Equal(8192, copy.MaxStreamBytes);
        Assert.Equal(["X-A"], copy.Headers.Keys);
    }

    [Fact]
    public void Bind_ReadsEverySettingFromConfiguration()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Chat:Endpoint"] = "https://api.deepseek.com/v1",
            ["Chat:ModelId"] = "deepseek-chat",
            ["Chat:ApiKey"] = "k",
            ["Chat:ApiKeyHeader"] = "api-key",
            ["Chat:Headers:X-Title"] = "App",
            ["Chat:IncludeUsageInStream"] = "false",
            ["Chat:AuthorNames"] = "Never",
            ["Chat:MaximumAutoInvokeRounds"] = "5",
            ["Chat:MaxStreamBytes"] = "1048576",
        }).Build();

        var options = CustomOptionsReader.Bind(configuration.GetSection("Chat"), new CustomChatCompletionOptions());

        Assert.Equal(new Uri("https://api.deepseek.com/v1"), options.Endpoint);
        Assert.Equal("deepseek-chat", options.ModelId);
        Assert.Equal("api-key", options.ApiKeyHeader);
        Assert.Equal("App", options.Headers["X-Title"]);
        Assert.False(options.IncludeUsageInStream);
        Assert.Equal(AuthorNamePolicy.Never, options.AuthorNames);
        Assert.Equal(5, options.MaximumAutoInvokeRounds);
        Assert.Equal(1048576, options.MaxStreamBytes);
    }

    [Fact]
    public void Bind_BadValue_NamesTheSection()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Chat:MaximumAutoInvokeRounds"] = "many",
        }).Build();

        var error = Assert.Throws<ArgumentException>(() => CustomOptionsReader.Bind(configuration.GetSection("Chat"), new CustomChatCompletionOptions()));

        Assert.Contains("'Chat'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void FromEnvironment_ReadsTheThreeVariables()
    {
        var variables = new Dictionary<string, string> { ["CUSTOM_BASE_URL"] = "http://localhost:8000/v1", ["CUSTOM_MODEL"] = "qwen", ["CUSTOM_API_KEY"] = "k" };

        var options = CustomOptionsReader.FromEnvironment(new CustomChatCompletionOptions(), name => variables.GetValueOrDefault(name));

        Assert.Equal(new Uri("http://localhost:8000/v1"), options.Endpoint);
        Assert.Equal("qwen", options.ModelId);
        Assert.Equal("k", options.ApiKey);
    }

    [Fact]
    public void FromEnvironment_MissingVariables_AreAllNamed()
    {
        var error = Assert.Throws<InvalidOperationException>(() => CustomOptionsReader.FromEnvironment(new CustomChatCompletionOptions(), _ => null));

        Assert.Contains("CUSTOM_BASE_URL", error.Message, StringComparison.Ordinal);
        Assert.Contains("CUSTOM_MODEL", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void FromEnvironment_InvalidUrl_IsNamed()
    {
        var error = Assert.Throws<InvalidOperationException>(() => CustomOptionsReader.FromEnvironment(new CustomChatCompletionOptions(), name => name == "CUSTOM_BASE_URL" ? "not a url" : "m"));

        Assert.Contains("CUSTOM_BASE_URL", error.Message, StringComparison.Ordinal);
    }
}
