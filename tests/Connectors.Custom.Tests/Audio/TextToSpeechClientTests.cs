using Connectors.Custom.Tests.Infrastructure;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.SemanticKernel;
using Microsoft.SemanticKernel.TextToAudio;

namespace Connectors.Custom.Tests.Audio;

public sealed class TextToSpeechClientTests : LoopbackTest
{
    private CustomTextToSpeechClient Create(Action<CustomTextToAudioOptions>? configure = null)
    {
        var options = new CustomTextToAudioOptions
        {
            Endpoint = Server.BaseAddress,
            ModelId = "tts-1",
            Resilience = { Retry = { BaseDelay = TimeSpan.FromMilliseconds(1), UseJitter = false } },
        };
        configure?.Invoke(options);
        return new CustomTextToSpeechClient(options);
    }

    private static Func<HttpContext, Task> Audio(byte[] bytes, string type = "audio/mpeg") => async context =>
    {
        context.Response.ContentType = type;
        await context.Response.Body.WriteAsync(bytes);
    };

    [Fact]
    public async Task Request_CarriesInputVoiceFormatAndSpeed_AndTheAudioComesBackWithItsCostPerCharacter()
    {
        var mp3 = Enumerable.Range(0, 5000).Select(i => (byte)i).ToArray();
        Server.Enqueue(Audio(mp3));
        using var client = Create(o => { o.Voice = "af_bella"; o.Speed = 1.25f; o.Price = CustomPricingCatalog.GetDefaultPrice("tts-1"); });

        var response = await client.GetAudioAsync("Hello, world.");

        var request = Assert.Single(Server.Requests);
        Assert.Equal("/v1/audio/speech", request.Path);
        Assert.Equal("tts-1", request.Json.GetProperty("model").GetString());
        Assert.Equal("Hello, world.", request.Json.GetProperty("input").GetString());
        Assert.Equal("af_bella", request.Json.GetProperty("voice").GetString());
        Assert.Equal("mp3", request.Json.GetProperty("response_format").GetString());
        Assert.Equal(1.25, request.Json.GetProperty("speed").GetDouble());
        Assert.Equal("audio/mpeg", request.Headers["Accept"]);
        var audio = Assert.IsType<DataContent>(Assert.Single(response.Contents));
        Assert.Equal(mp3, audio.Data.ToArray());
        Assert.Equal("audio/mpeg", audio.MediaType);
        Assert.Equal(13 * 15m / 1_000_000m, response.AdditionalProperties![CustomMetadataKeys.Cost]);
    }

    [Theory]
    [InlineData("", null, null, "empty")]
    [InlineData("hi", 4.5f, null, "between 0.25 and 4")]
    [InlineData("hi", 0.1f, null, "between 0.25 and 4")]
    [InlineData("hi", null, "aac", "'aac'")]
    [InlineData("hi", null, "audio/x-unknown", "'audio/x-unknown'")]
    public async Task BadInput_IsRefusedBeforeSending(string text, float? speed, string? format, string named)
    {
        using var client = Create();

        var error = await Assert.ThrowsAsync<ArgumentException>(() => client.GetAudioAsync(text, new TextToSpeechOptions { Speed = speed, AudioFormat = format }));

        Assert.Contains(named, error.Message, StringComparison.Ordinal);
        Assert.Empty(Server.Requests);
    }

    [Fact]
    public async Task TextOverTheLimit_IsRefusedBeforeSending()
    {
        using var client = Create(o => o.MaxInputCharacters = 10);

        var error = await Assert.ThrowsAsync<ArgumentException>(() => client.OpenAudioStreamAsync("eleven char"));

        Assert.Contains("11 characters", error.Message, StringComparison.Ordinal);
        Assert.Empty(Server.Requests);
        Assert.Throws<ArgumentException>(() => new CustomTextToSpeechClient(new CustomTextToAudioOptions { Endpoint = Server.BaseAddress, ModelId = "m", Speed = 9 }));
    }

    [Fact]
    public async Task JsonErrorWithStatus200_IsAnInBandError_NotAudio()
    {
        Server.EnqueueBody("""{"error":{"message":"voice 'nova' not installed"}}""");
        using var client = Create(o => o.Resilience.Retry.MaxRetries = 0);

        var error = await Assert.ThrowsAsync<CustomEndpointException>(() => client.GetAudioAsync("hello"));

        Assert.True(error.IsInBandError);
        Assert.Contains("voice 'nova' not installed", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task FailureBeforeTheFirstByte_IsRetried_ThenTheStreamIsReadAsItArrives()
    {
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        Server.EnqueueBody("""{"error":{"message":"warming up"}}""", status: 503);
        Server.Enqueue(async context =>
        {
            context.Response.ContentType = "audio/wav";
            await context.Response.Body.WriteAsync(new byte[] { 1, 2, 3 });
            await context.Response.Body.FlushAsync();
            await release.Task;
            await context.Response.Body.WriteAsync(new byte[] { 4, 5 });
        });
        using var client = Create(o => o.ResponseFormat = SpeechFormat.Wav);

        await using var stream = await client.OpenAudioStreamAsync("hello");
        var first = new byte[16];
        var read = await stream.ReadAsync(first);
        release.SetResult();
        using var rest = new MemoryStream();
        await stream.CopyToAsync(rest);

        Assert.Equal([1, 2, 3], first[..read]); // the first bytes arrived before the server wrote the rest
        Assert.Equal([4, 5], rest.ToArray());
        Assert.Equal(2, Server.Requests.Count);
    }

    [Fact]
    public async Task CancellationMidDownload_ThrowsAndReleasesTheConnection()
    {
        var aborted = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        Server.Enqueue(async context =>
        {
            context.Response.ContentType = "audio/mpeg";
            await context.Response.Body.WriteAsync(new byte[4096]);
            await context.Response.Body.FlushAsync();
            context.RequestAborted.Register(() => aborted.TrySetResult());
            await Task.Delay(Timeout.Infinite, context.RequestAborted).ContinueWith(_ => { });
        });
        using var client = Create();
        using var cancel = new CancellationTokenSource();

        var stream = await client.OpenAudioStreamAsync("hello", cancellationToken: cancel.Token);
        var buffer = new byte[8192];
        var got = await stream.ReadAsync(buffer);
        await cancel.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () =>
        {
            while (await stream.ReadAsync(buffer) > 0)
            {
            }
        });
        await stream.DisposeAsync();

        Assert.True(got > 0);
        await aborted.Task.WaitAsync(TimeSpan.FromSeconds(30));
    }

    [Fact]
    public async Task SemanticKernelSettings_AreMappedByName()
    {
        Server.Enqueue(Audio([9, 9], "audio/flac"));
        var services = new ServiceCollection();
        services.AddCustomTextToAudio("kokoro", Server.BaseAddress, serviceId: "tts");
        await using var provider = services.BuildServiceProvider();
        var service = provider.GetRequiredKeyedService<ITextToAudioService>("tts");
        var settings = new PromptExecutionSettings
        {
            ModelId = "kokoro-v1",
            ExtensionData = new Dictionary<string, object> { ["voice"] = "bf_emma", ["response_format"] = "flac", ["speed"] = System.Text.Json.JsonDocument.Parse("0.8").RootElement },
        };

        var audio = await service.GetAudioContentAsync("Good evening.", settings);

        var request = Assert.Single(Server.Requests);
        Assert.Equal("kokoro-v1", request.Json.GetProperty("model").GetString());
        Assert.Equal("bf_emma", request.Json.GetProperty("voice").GetString());
        Assert.Equal("flac", request.Json.GetProperty("response_format").GetString());
        Assert.Equal(0.8, request.Json.GetProperty("speed").GetDouble(), 5);
        Assert.Equal("audio/flac", audio.MimeType);
        Assert.Equal([9, 9], audio.Data!.Value.ToArray());
        Assert.NotNull(provider.GetRequiredKeyedService<ITextToSpeechClient>("tts").GetService<TextToSpeechClientMetadata>());
    }
}
