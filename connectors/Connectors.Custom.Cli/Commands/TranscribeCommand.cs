using System.CommandLine;
using System.Globalization;
using Microsoft.Extensions.AI;

// Microsoft.Extensions.AI marks its speech and transcription options experimental (MEAI001); the audio clients
// are built on them deliberately, as the library is.
#pragma warning disable MEAI001

namespace Connectors.Custom.Cli.Commands;

/// <summary>
/// <c>transcribe</c>: sends an audio file (streamed from disk) and prints its transcript on standard output; with
/// <c>--format verbose_json</c> each segment on its own line with its times, with <c>--stream</c> the text as it
/// arrives. Without an endpoint the local server answers, knowing only audio it spoke (see <c>speak</c>).
/// </summary>
internal static class TranscribeCommand
{
    private const string Name = "transcribe";
    private const string LocalModelId = "local-whisper";

    public static Command Create(CliContext context)
    {
        var endpoint = new EndpointOptions("CUSTOM_TRANSCRIPTION_MODEL", "Transcription model id", "the local server transcribes the audio it spoke");
        var file = new Option<FileInfo>("--file") { Description = "The audio file (flac, m4a, mp3, mp4, mpeg, mpga, oga, ogg, opus, wav, webm)", Required = true };
        var format = new Option<string>("--format") { Description = "json, text or verbose_json (segments with times)", DefaultValueFactory = _ => "json" };
        format.AcceptOnlyFromAmong("json", "text", "verbose_json");
        var language = new Option<string?>("--language") { Description = "The spoken language (ISO-639-1, e.g. en), when known" };
        var prompt = new Option<string?>("--prompt") { Description = "Text that guides spelling or style" };
        var stream = new Option<bool>("--stream") { Description = "Ask the server to stream the text as it is recognised" };

        var command = new Command(Name, "Transcribe an audio file; the text is printed on standard output.");
        endpoint.AddTo(command);
        foreach (var option in (Option[])[file, format, language, prompt, stream])
        {
            command.Options.Add(option);
        }

        command.SetAction(CommandAction.Run(context, Name, async (result, cancellationToken) =>
        {
            var input = result.GetValue(file)!;
            if (!input.Exists)
            {
                throw new UsageException($"--file: '{input.FullName}' does not exist.");
            }

            var settings = await endpoint.ReadAsync(result, context, cancellationToken);
            var options = new SpeechToTextOptions { SpeechLanguage = result.GetValue(language), AdditionalProperties = new() { [CustomAudioPropertyNames.ResponseFormat] = result.GetValue(format)! } };
            if (result.GetValue(prompt) is { } text)
            {
                options.AdditionalProperties[CustomAudioPropertyNames.Prompt] = text;
            }

            return await RunAsync(context, settings, input, options, result.GetValue(stream), cancellationToken);
        }));
        return command;
    }

    private static async Task<int> RunAsync(CliContext context, EndpointSettings settings, FileInfo input, SpeechToTextOptions callOptions, bool stream, CancellationToken cancellationToken)
    {
        await using var target = await EndpointTarget.OpenAsync(settings, embeddingModel: null, realEmbeddings: false, cancellationToken);
        var model = settings.Model ?? LocalModelId;
        var options = new CustomAudioToTextOptions { Endpoint = target.Endpoint, ModelId = model, ApiKey = settings.ApiKey, StreamTranscription = stream };
        options.Resilience.Retry.MaxRetries = settings.Retries;
        await using var audio = new FileStream(input.FullName, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1, useAsync: true);
        try
        {
            using var client = new CustomSpeechToTextClient(options);
            if (stream)
            {
                await foreach (var update in client.GetStreamingTextAsync(audio, callOptions, cancellationToken))
                {
                    await context.Output.WriteAsync(update.Text.AsMemory(), cancellationToken);
                    await context.Output.FlushAsync(cancellationToken);
                }

                await context.Output.WriteLineAsync();
                return ExitCodes.Success;
            }

            var response = await client.GetTextAsync(audio, callOptions, cancellationToken);
            if (response.AdditionalProperties?[CustomAudioPropertyNames.Segments] is IReadOnlyList<CustomTranscriptSegment> { Count: > 0 } segments)
            {
                foreach (var segment in segments)
                {
                    await context.Output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"[{segment.Start:mm\\:ss\\.f} → {segment.End:mm\\:ss\\.f}] {segment.Text.Trim()}").AsMemory(), cancellationToken);
                }
            }
            else
            {
                await context.Output.WriteLineAsync(response.Text.AsMemory(), cancellationToken);
            }

            context.ErrorText.WriteLine(response.EndTime is { } duration
                ? FormattableString.Invariant($"{model}: {duration.TotalSeconds:0.0} s of audio")
                : $"{model}: transcribed");
            return ExitCodes.Success;
        }
        catch (ArgumentException ex)
        {
            throw new UsageException(ex.Message);
        }
    }
}
