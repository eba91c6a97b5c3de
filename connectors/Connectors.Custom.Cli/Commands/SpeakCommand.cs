using System.CommandLine;
using Microsoft.Extensions.AI;

// Microsoft.Extensions.AI marks its speech and transcription options experimental (MEAI001); the audio clients
// are built on them deliberately, as the library is.
#pragma warning disable MEAI001

namespace Connectors.Custom.Cli.Commands;

/// <summary>
/// <c>speak</c>: turns <c>--text</c> into audio written to <c>--out</c> as it arrives (the format from <c>--format</c>,
/// else the file's extension). Without an endpoint the local server speaks: a WAV of tones carrying the text, which
/// <c>transcribe</c> gives back.
/// </summary>
internal static class SpeakCommand
{
    private const string Name = "speak";
    private const string LocalModelId = "local-tts";

    public static Command Create(CliContext context)
    {
        var endpoint = new EndpointOptions("CUSTOM_SPEECH_MODEL", "Speech model id", "the local server writes a WAV of tones carrying the text");
        var text = new Option<string>("--text") { Description = "The text to speak", Required = true };
        var output = new Option<FileInfo>("--out") { Description = "Where to write the audio", Required = true };
        var voice = new Option<string?>("--voice") { Description = "The voice, e.g. alloy (OpenAI) or af_bella (Kokoro) (default: alloy)" };
        var format = new Option<string?>("--format") { Description = "mp3, wav, opus, flac or pcm (default: from the --out extension, else mp3; the local server makes wav and pcm)" };
        var speed = new Option<float?>("--speed") { Description = "Speed, 0.25 to 4.0 (default: the server's, 1.0)" };

        var command = new Command(Name, "Speak a text into an audio file, written as it arrives.");
        endpoint.AddTo(command);
        foreach (var option in (Option[])[text, output, voice, format, speed])
        {
            command.Options.Add(option);
        }

        command.SetAction(CommandAction.Run(context, Name, async (result, cancellationToken) =>
        {
            var settings = await endpoint.ReadAsync(result, context, cancellationToken);
            var file = result.GetValue(output)!;
            var chosen = result.GetValue(format) ?? FormatOf(file);
            return await RunAsync(context, settings, result.GetValue(text)!, file, result.GetValue(voice), chosen, result.GetValue(speed), cancellationToken);
        }));
        return command;
    }

    private static async Task<int> RunAsync(CliContext context, EndpointSettings settings, string text, FileInfo output, string? voice, string format, float? speed, CancellationToken cancellationToken)
    {
        await using var target = await EndpointTarget.OpenAsync(settings, embeddingModel: null, realEmbeddings: false, cancellationToken);
        var model = settings.Model ?? LocalModelId;
        var options = new CustomTextToAudioOptions { Endpoint = target.Endpoint, ModelId = model, ApiKey = settings.ApiKey };
        options.Resilience.Retry.MaxRetries = settings.Retries;
        CustomTextToSpeechClient client;
        Stream audio;
        try
        {
            client = new CustomTextToSpeechClient(options);
            audio = await client.OpenAudioStreamAsync(text, new TextToSpeechOptions { VoiceId = voice, AudioFormat = format, Speed = speed }, cancellationToken);
        }
        catch (ArgumentException ex)
        {
            throw new UsageException(ex.Message);
        }

        using (client)
        await using (audio)
        {
            var started = System.Diagnostics.Stopwatch.StartNew();
            long written;
            await using (var file = new FileStream(output.FullName, FileMode.Create, FileAccess.Write, FileShare.None, bufferSize: 1, useAsync: true))
            {
                await audio.CopyToAsync(file, 64 * 1024, cancellationToken);
                written = file.Length;
            }

            context.ErrorText.WriteLine(FormattableString.Invariant($"{model}: {written} bytes of {format} in {started.Elapsed.TotalSeconds:0.0} s, written to {output.FullName}"));
            return ExitCodes.Success;
        }
    }

    /// <summary>The format a file's extension names, else mp3 (OpenAI's default).</summary>
    private static string FormatOf(FileInfo file) => file.Extension.TrimStart('.').ToLowerInvariant() switch
    {
        "wav" or "opus" or "flac" or "pcm" => file.Extension.TrimStart('.').ToLowerInvariant(),
        "ogg" => "opus",
        _ => "mp3",
    };
}
