using Connectors.Custom.Tests.Infrastructure;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.SemanticKernel;
using Microsoft.SemanticKernel.AudioToText;

namespace Connectors.Custom.Tests.Audio;

public sealed class SpeechToTextClientTests : LoopbackTest
{
    private CustomSpeechToTextClient Create(Action<CustomAudioToTextOptions>? configure = null, ICustomUsageTracker? tracker = null)
    {
        var options = new CustomAudioToTextOptions
        {
            Endpoint = Server.BaseAddress,
            ModelId = "whisper-1",
            Resilience = { Retry = { BaseDelay = TimeSpan.FromMilliseconds(1), UseJitter = false } },
        };
        configure?.Invoke(options);
        return new CustomSpeechToTextClient(options, usageTracker: tracker);
    }

    [Fact]
    public async Task Upload_IsMultipartWithEveryField_AndTheFileAsSent()
    {
        Server.EnqueueBody("""{"text":"hello","usage":{"type":"duration","seconds":3}}""");
        // A loopback server is free; the catalogue's whisper-1 price is given explicitly.
        using var client = Create(o => { o.Language = "de"; o.Prompt = "Names: Ånä"; o.Temperature = 0.2f; o.Price = CustomPricingCatalog.GetDefaultPrice("whisper-1"); });
        var wav = AudioStreams.Wav(64_000);

        var response = await client.GetTextAsync(new MemoryStream(wav), new SpeechToTextOptions { AdditionalProperties = new() { [CustomAudioPropertyNames.FileName] = "meeting.WAV" } });

        var request = Assert.Single(Server.Requests);
        Assert.Equal("/v1/audio/transcriptions", request.Path);
        Assert.StartsWith("multipart/form-data; boundary=", request.Headers["Content-Type"], StringComparison.Ordinal);
        Assert.True(long.Parse(request.Headers["Content-Length"], System.Globalization.CultureInfo.InvariantCulture) > wav.Length); // a seekable stream's length is declared
        foreach (var field in new[] { "name=\"model\"\r\n\r\nwhisper-1\r\n", "name=\"language\"\r\n\r\nde\r\n", "name=\"prompt\"\r\n\r\nNames: Ånä\r\n", "name=\"temperature\"\r\n\r\n0.2\r\n", "name=\"response_format\"\r\n\r\njson\r\n", "filename=\"meeting.WAV\"\r\nContent-Type: audio/wav\r\n\r\nRIFF" })
        {
            Assert.Contains(field, request.Body, StringComparison.Ordinal);
        }

        Assert.DoesNotContain("timestamp_granularities", request.Body, StringComparison.Ordinal);
        Assert.DoesNotContain("name=\"stream\"", request.Body, StringComparison.Ordinal);
        Assert.Equal("hello", response.Text);
        Assert.Equal(TimeSpan.FromSeconds(3), response.EndTime);
        Assert.Equal(0.0003m, response.AdditionalProperties![CustomMetadataKeys.Cost]); // 3 s of whisper-1 at $0.006 a minute
    }

    [Fact]
    public async Task Cost_FallsBackToTheWavHeader_AndTokenUsageIsRead()
    {
        Server.EnqueueBody("""{"text":"hi"}""");
        Server.EnqueueBody("""{"text":"hi","usage":{"type":"tokens","input_tokens":14,"output_tokens":45,"total_tokens":59}}""");
        var tracker = new CustomUsageTracker();
        using var client = Create(o => o.Price = new ModelPrice { AudioInputPerMinute = 0.01m, InputPerMillion = 2.5m, OutputPerMillion = 10m }, tracker);

        var timed = await client.GetTextAsync(new MemoryStream(AudioStreams.Wav(32_000 * 30)));
        var tokens = await client.GetTextAsync(new ForwardOnlyStream(AudioStreams.Wav(32_000 * 6)));

        Assert.Equal(0.005m, timed.AdditionalProperties![CustomMetadataKeys.Cost]); // 30 s from the header of a seekable stream
        Assert.Equal(59, tokens.Usage!.TotalTokenCount);
        Assert.Equal(0.001m + ((14 * 2.5m) + (45 * 10m)) / 1_000_000m, tokens.AdditionalProperties![CustomMetadataKeys.Cost]); // 6 s counted as sent
        Assert.Equal("chunked", Server.Requests[1].Headers["Transfer-Encoding"]); // a stream of unknown length is sent as it is read
        Assert.Equal(0.006m + ((14 * 2.5m) + (45 * 10m)) / 1_000_000m, tracker.GetSpent());
    }

    [Theory]
    [InlineData("notes.txt", null, "'notes.txt'")]
    [InlineData(null, "text/plain", "'text/plain'")]
    public async Task UnknownType_IsRefusedBeforeSending(string? fileName, string? mediaType, string named)
    {
        using var client = Create();
        var service = new CustomAudioToTextService(client);
        var settings = new PromptExecutionSettings { ExtensionData = fileName is null ? null : new Dictionary<string, object> { [CustomAudioPropertyNames.FileName] = fileName } };

        var error = await Assert.ThrowsAsync<ArgumentException>(() => service.GetTextContentsAsync(new AudioContent(AudioStreams.Wav(10), mediaType ?? "audio/wav"), settings));

        Assert.Contains(named, error.Message, StringComparison.Ordinal);
        Assert.Empty(Server.Requests);
    }

    [Fact]
    public async Task UnrecognisableBytes_WithoutNameOrType_AreRefusedBeforeSending()
    {
        using var client = Create();

        var error = await Assert.ThrowsAsync<ArgumentException>(() => client.GetTextAsync(new MemoryStream(new byte[100])));

        Assert.Contains(CustomAudioPropertyNames.FileName, error.Message, StringComparison.Ordinal);
        Assert.Empty(Server.Requests);
    }

    [Fact]
    public async Task AudioOverTheLimit_IsRefusedBeforeSending_OrStoppedMidUploadWhenItsLengthIsUnknown()
    {
        using var client = Create(o => o.MaxAudioBytes = 100_000);
        Server.SetFallback((context, _) => context.Response.WriteAsync("""{"text":"should not be asked"}"""));

        var before = await Assert.ThrowsAsync<ArgumentException>(() => client.GetTextAsync(new MemoryStream(AudioStreams.Wav(100_000))));
        Assert.Empty(Server.Requests);

        var during = await Assert.ThrowsAsync<ArgumentException>(() => client.GetTextAsync(new ForwardOnlyStream(AudioStreams.Wav(200_000))));

        Assert.Contains("100000 bytes (MaxAudioBytes)", before.Message, StringComparison.Ordinal);
        Assert.Contains("100000 bytes (MaxAudioBytes)", during.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A50MegabyteUploadThatCannotSeek_IsSentAsItIsRead_NeverHeldWhole()
    {
        const long size = 50L * 1024 * 1024;
        long received = 0;
        Server.EnqueueUnread(async context =>
        {
            context.Features.Get<Microsoft.AspNetCore.Http.Features.IHttpMaxRequestBodySizeFeature>()!.MaxRequestBodySize = null; // Kestrel stops at 30 MB
            var buffer = new byte[64 * 1024];
            int read;
            while ((read = await context.Request.Body.ReadAsync(buffer, context.RequestAborted)) > 0)
            {
                Interlocked.Add(ref received, read);
            }

            context.Response.ContentType = "application/json";
            await context.Response.WriteAsync("""{"text":"a long meeting"}""", context.RequestAborted);
        });
        var audio = new GeneratedWavStream(size, () => Interlocked.Read(ref received));
        using var client = Create(o => o.MaxAudioBytes = 2 * size);

        var response = await client.GetTextAsync(audio);

        Assert.Equal("a long meeting", response.Text);
        Assert.InRange(Interlocked.Read(ref received), size, size + 1024); // the audio and a few hundred bytes of form
        // Buffering the file anywhere on the client would read all of it before the server got much; streamed, the
        // reader is never further ahead than the copy buffer plus what the sockets and the server's pipe hold.
        Assert.InRange(audio.MaxLead, 0, 16L * 1024 * 1024);
    }

    [Fact]
    public async Task SeekableAudio_IsSentAgainOnRetry_AForwardOnlyStreamIsNot()
    {
        Server.EnqueueBody("""{"error":{"message":"busy"}}""", status: 503);
        Server.EnqueueBody("""{"text":"second time lucky"}""");
        Server.EnqueueBody("""{"error":{"message":"busy"}}""", status: 503);
        using var client = Create();
        var wav = AudioStreams.Wav(50_000);

        var retried = await client.GetTextAsync(new MemoryStream(wav));
        var once = await Assert.ThrowsAsync<InvalidOperationException>(() => client.GetTextAsync(new ForwardOnlyStream(wav)));

        Assert.Equal("second time lucky", retried.Text);
        Assert.Equal(2, retried.AdditionalProperties![CustomMetadataKeys.Attempts]);
        Assert.Equal(Server.Requests[0].Body, Server.Requests[1].Body.Replace(Boundary(Server.Requests[1]), Boundary(Server.Requests[0]), StringComparison.Ordinal));
        Assert.Contains("cannot seek", once.Message, StringComparison.Ordinal);
        Assert.Contains("busy", once.Message, StringComparison.Ordinal);
        Assert.IsType<CustomEndpointException>(once.InnerException);
        Assert.Equal(3, Server.Requests.Count);

        static string Boundary(LoopbackRequest request) => request.Headers["Content-Type"].Split("boundary=")[1].Trim('"');
    }

    [Fact]
    public async Task CancellationMidUpload_EndsTheCallAsCancelled()
    {
        var serverSawAbort = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        Server.Enqueue(context =>
        {
            serverSawAbort.TrySetResult();
            return Task.CompletedTask;
        });
        using var client = Create(o => o.Resilience.Retry.MaxRetries = 0);
        var audio = new ForwardOnlyStream(AudioStreams.Wav(500_000)) { PauseAfter = 100_000, Gate = new TaskCompletionSource() };
        using var cancel = new CancellationTokenSource();

        var call = client.GetTextAsync(audio, cancellationToken: cancel.Token);
        await audio.Paused.Task.WaitAsync(TimeSpan.FromSeconds(30));
        await cancel.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => call);
        Assert.False(serverSawAbort.Task.IsCompleted); // the server never got a whole request to answer
    }

    [Fact]
    public async Task VerboseAnswer_WithWords_IsRead()
    {
        Server.EnqueueBody("""
            {"task":"transcribe","language":"english","duration":2.5,"text":"Hi there. Bye.",
             "segments":[{"id":0,"seek":0,"start":0.0,"end":1.2,"text":" Hi there.","tokens":[1,2],"temperature":0.0},
                         {"id":1,"seek":0,"start":1.2,"end":2.5,"text":" Bye."}],
             "words":[{"word":"Hi","start":0.0,"end":0.4},{"word":"there","start":0.4,"end":1.0},{"word":"Bye","start":1.3,"end":2.0}]}
            """);
        using var client = Create(o => { o.ResponseFormat = TranscriptionFormat.VerboseJson; o.WordTimestamps = true; });

        var response = await client.GetTextAsync(new MemoryStream(AudioStreams.Wav(100)));

        var segments = (IReadOnlyList<CustomTranscriptSegment>)response.AdditionalProperties![CustomAudioPropertyNames.Segments]!;
        Assert.Equal(new CustomTranscriptSegment(1, TimeSpan.FromSeconds(1.2), TimeSpan.FromSeconds(2.5), " Bye."), segments[1]);
        Assert.Equal(["Hi", "there", "Bye"], ((IReadOnlyList<CustomTranscriptWord>)response.AdditionalProperties[CustomAudioPropertyNames.Words]!).Select(w => w.Word));
        Assert.Equal("english", response.AdditionalProperties[CustomAudioPropertyNames.Language]);
        Assert.Equal(TimeSpan.FromSeconds(2.5), response.EndTime);
        Assert.Contains("name=\"response_format\"\r\n\r\nverbose_json", Server.Requests[0].Body, StringComparison.Ordinal);
        Assert.Contains("name=\"timestamp_granularities[]\"\r\n\r\nsegment", Server.Requests[0].Body, StringComparison.Ordinal);
        Assert.Contains("name=\"timestamp_granularities[]\"\r\n\r\nword", Server.Requests[0].Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TextAnswer_PerCall_IsThePlainBody()
    {
        Server.EnqueueBody("plain words\n", contentType: "text/plain");
        using var client = Create();

        var response = await client.GetTextAsync(new MemoryStream(AudioStreams.Wav(100)), new SpeechToTextOptions { AdditionalProperties = new() { [CustomAudioPropertyNames.ResponseFormat] = "text" } });

        Assert.Equal("plain words", response.Text);
    }

    [Fact]
    public async Task StreamWithoutDone_IsTruncated_AndAnInStreamErrorIsTyped()
    {
        Server.EnqueueEvents(["""{"type":"transcript.text.delta","delta":"Hel"}"""], done: false);
        Server.EnqueueEvents(["""{"type":"transcript.text.delta","delta":"Hel"}""", """{"type":"error","error":{"message":"decoder crashed"}}"""], done: false);
        using var client = Create(o => { o.StreamTranscription = true; o.Resilience.Retry.MaxRetries = 0; o.Resilience.CircuitBreaker.Enabled = false; });

        var truncated = await Assert.ThrowsAsync<CustomProtocolException>(async () => await client.GetStreamingTextAsync(new MemoryStream(AudioStreams.Wav(100))).ToSpeechToTextResponseAsync());
        var failed = await Assert.ThrowsAsync<CustomEndpointException>(async () => await client.GetStreamingTextAsync(new MemoryStream(AudioStreams.Wav(100))).ToSpeechToTextResponseAsync());

        Assert.Equal(CustomProtocolErrorKind.StreamTruncated, truncated.Kind);
        Assert.Contains("decoder crashed", failed.Message, StringComparison.Ordinal);
        Assert.True(failed.IsInBandError);
    }

    [Fact]
    public async Task ServerThatIgnoresStream_IsReadWhole()
    {
        Server.EnqueueBody("""{"text":"whole answer"}""");
        using var client = Create(o => o.StreamTranscription = true);

        var updates = new List<SpeechToTextResponseUpdate>();
        await foreach (var update in client.GetStreamingTextAsync(new MemoryStream(AudioStreams.Wav(100))))
        {
            updates.Add(update);
        }

        Assert.Equal("whole answer", Assert.Single(updates).Text);
    }

    [Fact]
    public async Task Registration_ResolvesBothInterfacesByServiceId()
    {
        Server.SetFallback((context, _) => context.Response.WriteAsync("""{"text":"keyed"}"""));
        var services = new ServiceCollection();
        services.AddCustomAudioToText(o => { o.Endpoint = Server.BaseAddress; o.ModelId = "whisper-large-v3"; }, serviceId: "stt");
        await using var provider = services.BuildServiceProvider();

        var client = provider.GetRequiredKeyedService<ISpeechToTextClient>("stt");
        var service = provider.GetRequiredKeyedService<IAudioToTextService>("stt");

        Assert.Equal("keyed", (await client.GetTextAsync(new MemoryStream(AudioStreams.Wav(10)))).Text);
        Assert.Equal("keyed", (await service.GetTextContentsAsync(new AudioContent(AudioStreams.Wav(10), "audio/x-wav")))[0].Text);
        Assert.Equal("whisper-large-v3", client.GetService<SpeechToTextClientMetadata>()!.DefaultModelId);
        Assert.Throws<ArgumentException>(() => new ServiceCollection().AddCustomAudioToText(o => { o.Endpoint = Server.BaseAddress; o.ModelId = "m"; o.Temperature = 2; }));
    }
}
