using System.CommandLine;
using System.Globalization;
using System.Net.Http.Headers;
using Connectors.Custom.Benchmarks.Harness;

#pragma warning disable MEAI001 // Microsoft.Extensions.AI's audio abstractions are experimental; measured deliberately.

namespace Connectors.Custom.Benchmarks.Commands;

/// <summary>
/// <c>audio</c>: an audio upload (multipart transcription; 10 MB unless <c>--megabytes</c> says otherwise) and a streamed 10 MB speech answer, our clients beside
/// the raw-HttpClient floor: process CPU per call and bytes allocated per MB moved. The floor posts a
/// <see cref="MultipartFormDataContent"/> with a <see cref="StreamContent"/> over the same audio, and reads speech into
/// one reused buffer; ours go through the whole pipeline (validation, resilience, diagnostics, cost). The clients of a
/// case take turns call by call and each is charged only with its own calls: what reading 10 MB allocates depends on
/// how many reads find no data waiting, which moves with the machine's load, so both sides must see the same load.
/// </summary>
internal static class AudioCommand
{
    private const double SpeechMegabytes = Server.AudioEndpoint.SpeechBytes / (1024.0 * 1024.0);


    public static Command Create()
    {
        var calls = new Option<int>("--calls") { Description = "Calls per repetition", DefaultValueFactory = _ => 20 };
        var repetitions = new Option<int>("--repetitions") { Description = "Measured repetitions per client; medians are reported", DefaultValueFactory = _ => 3 };
        var megabytes = new Option<int>("--megabytes") { Description = "The size of the uploaded audio in MB (the speech answer stays 10 MB); run 1 and 10 to see that allocation does not grow with the file", DefaultValueFactory = _ => 10 };
        var command = new Command("audio", "Measure a transcription upload (10 MB by default) and a streamed 10 MB speech answer against the raw-HttpClient floor.");
        command.Options.Add(calls);
        command.Options.Add(repetitions);
        command.Options.Add(megabytes);
        command.SetAction((result, cancellationToken) => RunAsync(Math.Max(1, result.GetValue(calls)), Math.Max(1, result.GetValue(repetitions)), Math.Clamp(result.GetValue(megabytes), 1, 100), cancellationToken));
        return command;
    }

    private static async Task<int> RunAsync(int calls, int repetitions, int uploadMegabytes, CancellationToken cancellationToken)
    {
        var uploadBytes = uploadMegabytes * 1024 * 1024;
        await using var server = await ChildServer.StartAsync(cancellationToken);
        using var http = new HttpClient(new SocketsHttpHandler()) { Timeout = Timeout.InfiniteTimeSpan };
        var audio = WavOf(uploadBytes);
        var transcriptions = new Uri(server.BaseAddress, "audio/transcriptions");
        var speech = new Uri(server.BaseAddress, "audio/speech");
        var buffer = new byte[64 * 1024];

        using var transcriber = new CustomSpeechToTextClient(new CustomAudioToTextOptions { Endpoint = server.BaseAddress, ModelId = "whisper-1", MaxAudioBytes = 2L * uploadBytes }, http);
        using var speaker = new CustomTextToSpeechClient(new CustomTextToAudioOptions { Endpoint = server.BaseAddress, ModelId = "tts-1", MaxResponseBytes = 2 * Server.AudioEndpoint.SpeechBytes }, http);
        var text = new string('a', 1000);

        var upload = $"upload {uploadMegabytes} MB";
        var cases = new (string Case, string Client, double Megabytes, Func<CancellationToken, Task> Call)[]
        {
            (upload, "floor (HttpClient + MultipartFormDataContent)", uploadMegabytes, token => FloorUploadAsync(http, transcriptions, audio, buffer, token)),
            (upload, "Connectors.Custom GetTextAsync", uploadMegabytes, async token => await transcriber.GetTextAsync(new MemoryStream(audio, writable: false), cancellationToken: token)),
            ("speech 10 MB", "floor (HttpClient, one reused buffer)", SpeechMegabytes, token => FloorSpeechAsync(http, speech, text, buffer, token)),
            ("speech 10 MB", "Connectors.Custom OpenAudioStreamAsync", SpeechMegabytes, async token =>
            {
                await using var stream = await speaker.OpenAudioStreamAsync(text, cancellationToken: token);
                while (await stream.ReadAsync(buffer, token) > 0)
                {
                }
            }),
            ("speech 10 MB", "Connectors.Custom GetStreamingAudioAsync (a new array per chunk)", SpeechMegabytes, async token =>
            {
                await foreach (var _ in speaker.GetStreamingAudioAsync(text, cancellationToken: token))
                {
                }
            }),
        };

        Console.WriteLine($"| case | client | CPU ms/call | KB allocated/call | bytes allocated per MB moved | vs floor |");
        Console.WriteLine($"|---|---|---:|---:|---:|---:|");
        foreach (var group in cases.GroupBy(c => c.Case))
        {
            var clients = group.ToArray();
            foreach (var client in clients)
            {
                await Measurement.WarmUpAsync(client.Call, concurrency: 1, maxCalls: 5, cancellationToken);
            }

            var samples = clients.Select(_ => new List<Sample>()).ToArray();
            for (var i = 0; i < repetitions; i++)
            {
                var round = await Measurement.MeasureInterleavedAsync([.. clients.Select(c => c.Call)], calls, cancellationToken);
                for (var c = 0; c < clients.Length; c++)
                {
                    samples[c].Add(round[c]);
                }
            }

            double? floor = null;
            for (var c = 0; c < clients.Length; c++)
            {
                var (name, client, moved, _) = clients[c];
                var median = Sample.Median(samples[c]);
                var perMegabyte = median.AllocatedBytesPerCall / moved;
                var ratio = floor is { } f ? (perMegabyte / f).ToString("0.00", CultureInfo.InvariantCulture) + "×" : "1.00× (floor)";
                floor ??= perMegabyte;
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| {name} | {client} | {median.CpuMillisecondsPerCall:0.00} | {median.AllocatedBytesPerCall / 1024:0.0} | {perMegabyte:0} | {ratio} |"));
            }
        }

        return 0;
    }

    private static async Task FloorUploadAsync(HttpClient http, Uri address, byte[] audio, byte[] buffer, CancellationToken cancellationToken)
    {
        using var form = new MultipartFormDataContent
        {
            { new StringContent("whisper-1"), "model" },
            { new StringContent("json"), "response_format" },
        };
        var file = new StreamContent(new MemoryStream(audio, writable: false));
        file.Headers.ContentType = new MediaTypeHeaderValue("audio/wav");
        form.Add(file, "file", "audio.wav");
        using var response = await http.PostAsync(address, form, cancellationToken);
        response.EnsureSuccessStatusCode();
        await using var body = await response.Content.ReadAsStreamAsync(cancellationToken);
        while (await body.ReadAsync(buffer, cancellationToken) > 0)
        {
        }
    }

    private static async Task FloorSpeechAsync(HttpClient http, Uri address, string text, byte[] buffer, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, address)
        {
            Content = new StringContent($$"""{"model":"tts-1","input":"{{text}}","voice":"alloy","response_format":"mp3"}""", System.Text.Encoding.UTF8, "application/json"),
        };
        using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        response.EnsureSuccessStatusCode();
        await using var body = await response.Content.ReadAsStreamAsync(cancellationToken);
        while (await body.ReadAsync(buffer, cancellationToken) > 0)
        {
        }
    }

    /// <summary>A 16 kHz mono WAV of <paramref name="length"/> bytes in all.</summary>
    private static byte[] WavOf(int length)
    {
        var wav = new byte[length];
        "RIFF"u8.CopyTo(wav);
        BitConverter.TryWriteBytes(wav.AsSpan(4), length - 8);
        "WAVEfmt "u8.CopyTo(wav.AsSpan(8));
        BitConverter.TryWriteBytes(wav.AsSpan(16), 16);
        BitConverter.TryWriteBytes(wav.AsSpan(20), (short)1);
        BitConverter.TryWriteBytes(wav.AsSpan(22), (short)1);
        BitConverter.TryWriteBytes(wav.AsSpan(24), 16_000);
        BitConverter.TryWriteBytes(wav.AsSpan(28), 32_000);
        BitConverter.TryWriteBytes(wav.AsSpan(32), (short)2);
        BitConverter.TryWriteBytes(wav.AsSpan(34), (short)16);
        "data"u8.CopyTo(wav.AsSpan(36));
        BitConverter.TryWriteBytes(wav.AsSpan(40), length - 44);
        return wav;
    }
}
