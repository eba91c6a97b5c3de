using System.Buffers.Binary;
using System.Security.Cryptography;
using Microsoft.Extensions.AI;
using Microsoft.SemanticKernel;
using Microsoft.SemanticKernel.AudioToText;
using Microsoft.SemanticKernel.TextToAudio;

namespace Connectors.Custom.Testing.Tests;

/// <summary>The local server's speech and transcription endpoints through our real clients (SK and M.E.AI).</summary>
public sealed class AudioTests
{
    private const string Sentence = "The quick brown fox jumps over the lazy dog. It did so twice!";

    private static CustomTextToSpeechClient Speech(LocalOpenAIServer server, bool resilient = false) => new(new CustomTextToAudioOptions
    {
        Endpoint = server.BaseAddress,
        ModelId = "local-tts",
        ResponseFormat = SpeechFormat.Wav,
        Resilience = { Enabled = resilient },
    });

    private static CustomSpeechToTextClient Transcription(LocalOpenAIServer server, Action<CustomAudioToTextOptions>? configure = null)
    {
        var options = new CustomAudioToTextOptions { Endpoint = server.BaseAddress, ModelId = "local-whisper", Resilience = { Enabled = false } };
        configure?.Invoke(options);
        return new CustomSpeechToTextClient(options);
    }

    [Fact]
    public async Task Speak_ReturnsAValidWavWhoseLengthFollowsTheText()
    {
        await using var server = await LocalOpenAIServer.StartAsync();
        using var speech = Speech(server);

        var shortWav = ((DataContent)(await speech.GetAudioAsync("Hi there, friend.")).Contents[0]).Data.ToArray();
        var longWav = ((DataContent)(await speech.GetAudioAsync(Sentence + " " + Sentence)).Contents[0]).Data.ToArray();

        foreach (var wav in new[] { shortWav, longWav })
        {
            Assert.Equal("RIFF"u8.ToArray(), wav[..4]);
            Assert.Equal(wav.Length - 8, BinaryPrimitives.ReadInt32LittleEndian(wav.AsSpan(4)));
            Assert.Equal("WAVE"u8.ToArray(), wav[8..12]);
            Assert.Equal(24_000, BinaryPrimitives.ReadInt32LittleEndian(wav.AsSpan(24)));
        }

        Assert.True(longWav.Length > 3 * shortWav.Length, $"{longWav.Length} vs {shortWav.Length}");
        Assert.Equal(2, server.Statistics.SpeechRequests);
    }

    [Fact]
    public async Task SpeakThenTranscribe_RoundTripsTheText_ThroughSemanticKernel()
    {
        await using var server = await LocalOpenAIServer.StartAsync();
        var kernel = Kernel.CreateBuilder()
            .AddCustomTextToAudio(new CustomTextToAudioOptions { Endpoint = server.BaseAddress, ModelId = "local-tts", ResponseFormat = SpeechFormat.Wav })
            .AddCustomAudioToText("local-whisper", server.BaseAddress)
            .Build();

        var audio = await kernel.GetRequiredService<ITextToAudioService>().GetAudioContentAsync(Sentence);
        var text = await kernel.GetRequiredService<IAudioToTextService>().GetTextContentAsync(audio);

        Assert.Equal("audio/wav", audio.MimeType);
        Assert.Equal(Sentence, text.Text);
        Assert.Equal("local-whisper", text.ModelId);
        Assert.Contains("name=\"file\"; filename=\"audio.wav\"", server.Requests[1].Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task VerboseTranscription_HasSegmentsWordsAndDuration_ThroughMicrosoftExtensionsAI()
    {
        await using var server = await LocalOpenAIServer.StartAsync();
        using var speech = Speech(server);
        var wav = ((DataContent)(await speech.GetAudioAsync(Sentence)).Contents[0]).Data.ToArray();
        using ISpeechToTextClient client = Transcription(server, o => { o.ResponseFormat = TranscriptionFormat.VerboseJson; o.WordTimestamps = true; });

        var response = await client.GetTextAsync(new MemoryStream(wav), new SpeechToTextOptions { SpeechLanguage = "en" });

        var segments = Assert.IsAssignableFrom<IReadOnlyList<CustomTranscriptSegment>>(response.AdditionalProperties![CustomAudioPropertyNames.Segments]);
        Assert.Equal(["The quick brown fox jumps over the lazy dog.", "It did so twice!"], segments.Select(s => s.Text));
        Assert.True(segments[0].End <= segments[1].Start + TimeSpan.FromMilliseconds(1));
        var words = Assert.IsAssignableFrom<IReadOnlyList<CustomTranscriptWord>>(response.AdditionalProperties[CustomAudioPropertyNames.Words]);
        Assert.Equal(13, words.Count);
        var expected = TimeSpan.FromSeconds((double)(wav.Length - 44 - 8 - Sentence.Length - 2) / 48_000);
        Assert.InRange(response.EndTime!.Value.TotalSeconds, expected.TotalSeconds - 0.05, expected.TotalSeconds + 0.05);
        Assert.Equal("en", response.AdditionalProperties[CustomAudioPropertyNames.Language]);
        Assert.Contains("timestamp_granularities[]\"\r\n\r\nword", server.Requests[1].Body, StringComparison.Ordinal);
        Assert.Equal(0m, response.AdditionalProperties[CustomMetadataKeys.Cost]); // a loopback server costs nothing
    }

    [Fact]
    public async Task TextFormat_AndScriptedTranscriptByHash()
    {
        byte[] mp3 = [0xFF, 0xFB, 0x90, 0x64, .. Enumerable.Range(0, 4000).Select(i => (byte)i)];
        var options = new LocalServerOptions();
        options.Transcripts[Convert.ToHexString(SHA256.HashData(mp3))] = "A scripted line.";
        await using var server = await LocalOpenAIServer.StartAsync(options);
        using var client = Transcription(server, o => o.ResponseFormat = TranscriptionFormat.Text);

        var known = await client.GetTextAsync(new MemoryStream(mp3));
        var unknown = await client.GetTextAsync(new MemoryStream([0xFF, 0xFB, 1, 2, 3]));

        Assert.Equal("A scripted line.", known.Text);
        Assert.StartsWith("(unknown audio: 5 bytes", unknown.Text, StringComparison.Ordinal);
        Assert.Contains("filename=\"audio.mp3\"", server.Requests[0].Body, StringComparison.Ordinal);
        Assert.Equal(2, server.Statistics.Transcriptions);
    }

    [Fact]
    public async Task StreamingTranscription_YieldsDeltasAsTheyArrive()
    {
        await using var server = await LocalOpenAIServer.StartAsync();
        using var speech = Speech(server);
        var wav = ((DataContent)(await speech.GetAudioAsync(Sentence)).Contents[0]).Data.ToArray();
        using var client = Transcription(server, o => o.StreamTranscription = true);

        var updates = await client.GetStreamingTextAsync(new MemoryStream(wav)).CollectAsync();

        Assert.Equal(14, updates.Count); // 13 words, then the closing update
        Assert.All(updates[..^1], u => Assert.Equal(SpeechToTextResponseUpdateKind.TextUpdating, u.Kind));
        Assert.Equal(SpeechToTextResponseUpdateKind.SessionClose, updates[^1].Kind);
        Assert.Equal(Sentence, string.Concat(updates.Select(u => u.Text)));
        Assert.Contains("name=\"stream\"\r\n\r\ntrue", server.Requests[1].Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task StreamedSpeech_ArrivesInChunks_AndIsTheWholeFile()
    {
        await using var server = await LocalOpenAIServer.StartAsync();
        using var speech = Speech(server);

        var updates = await speech.GetStreamingAudioAsync(string.Concat(Enumerable.Repeat(Sentence + " ", 20))).CollectAsync();
        var whole = ((DataContent)(await speech.GetAudioAsync(string.Concat(Enumerable.Repeat(Sentence + " ", 20)))).Contents[0]).Data.ToArray();

        var chunks = updates.SelectMany(u => u.Contents.OfType<DataContent>()).ToList();
        Assert.True(chunks.Count > 10, $"{chunks.Count} chunks");
        Assert.Equal(whole, chunks.SelectMany(c => c.Data.ToArray()).ToArray());
        Assert.Equal(TextToSpeechResponseUpdateKind.SessionClose, updates[^1].Kind);
    }

    [Theory]
    [InlineData(FaultKind.ServerError)]
    [InlineData(FaultKind.ResetBeforeHeaders)]
    [InlineData(FaultKind.DropMidStream)]
    public async Task Faults_AreRetried_OnBothEndpoints(FaultKind kind)
    {
        var faults = new FaultOptions { Override = request => request.Sequence % 2 == 0 ? kind : null };
        await using var server = await LocalOpenAIServer.StartAsync(new LocalServerOptions { Faults = faults });
        static CustomResilienceOptions Retry() => new() { Retry = { BaseDelay = TimeSpan.FromMilliseconds(1), UseJitter = false } };
        using var speech = new CustomTextToSpeechClient(new CustomTextToAudioOptions { Endpoint = server.BaseAddress, ModelId = "local-tts", ResponseFormat = SpeechFormat.Wav, Resilience = Retry() });
        using var transcription = new CustomSpeechToTextClient(new CustomAudioToTextOptions { Endpoint = server.BaseAddress, ModelId = "local-whisper", Resilience = Retry() });

        var audio = await speech.GetAudioAsync(Sentence);
        var text = await transcription.GetTextAsync(new MemoryStream(((DataContent)audio.Contents[0]).Data.ToArray()));

        Assert.Equal(Sentence, text.Text);
        Assert.Equal(2, audio.AdditionalProperties![CustomMetadataKeys.Attempts]);
        Assert.Equal(2, text.AdditionalProperties![CustomMetadataKeys.Attempts]);
        Assert.Equal(2, server.Statistics.GetFaultCount(kind));
    }

    [Fact]
    public async Task UnsupportedFormat_IsRefusedByTheServerWithItsReason()
    {
        await using var server = await LocalOpenAIServer.StartAsync();
        using var speech = new CustomTextToSpeechClient(new CustomTextToAudioOptions { Endpoint = server.BaseAddress, ModelId = "local-tts", Resilience = { Enabled = false } });

        var error = await Assert.ThrowsAsync<CustomEndpointException>(() => speech.GetAudioAsync("hello"));

        Assert.Equal(System.Net.HttpStatusCode.BadRequest, error.StatusCode);
        Assert.Contains("'mp3'", error.Message, StringComparison.Ordinal);
    }
}
