using System.CommandLine;
using System.Globalization;
using Microsoft.Extensions.AI;
using Spectre.Console;

// IImageGenerator and its types are experimental in Microsoft.Extensions.AI 10.5; the command is their one user here.
#pragma warning disable MEAI001

namespace Connectors.Custom.Cli.Commands;

/// <summary>
/// <c>image</c>: generates images from a prompt and writes them as files (<c>--out</c>; with <c>--count</c> above one,
/// <c>name-1.png</c>, <c>name-2.png</c>, …), printing each path on standard output. Without an endpoint the local
/// server draws a deterministic gradient PNG: a stand-in, not a picture of the prompt.
/// </summary>
internal static class ImageCommand
{
    private const string Name = "image";
    private const string LocalModelId = "local-image";

    public static Command Create(CliContext context)
    {
        var endpoint = new EndpointOptions("CUSTOM_IMAGE_MODEL", "Image model id", "the local server draws a deterministic test PNG");
        var prompt = new Option<string>("--prompt") { Description = "What to draw", Required = true };
        var size = new Option<string?>("--size") { Description = "WIDTHxHEIGHT, e.g. 1024x1024 (W:H for providers that take an aspect ratio)" };
        var count = new Option<int>("--count") { Description = "How many images", DefaultValueFactory = _ => 1 }.Between(1, 10);
        var output = new Option<FileInfo>("--out") { Description = "The file to write (PNG); numbered when --count is above one", Required = true };

        var command = new Command(Name, "Generate images from a prompt and write them to files (their paths on standard output).");
        endpoint.AddTo(command);
        command.Options.Add(prompt);
        command.Options.Add(size);
        command.Options.Add(count);
        command.Options.Add(output);
        command.SetAction(CommandAction.Run(context, Name, async (result, cancellationToken) =>
        {
            var settings = await endpoint.ReadAsync(result, context, cancellationToken);
            return await RunAsync(context, settings, result.GetValue(prompt)!, result.GetValue(size), result.GetValue(count), result.GetValue(output)!, cancellationToken);
        }));
        return command;
    }

    private static async Task<int> RunAsync(CliContext context, EndpointSettings settings, string prompt, string? size, int count, FileInfo output, CancellationToken cancellationToken)
    {
        await using var target = await EndpointTarget.OpenAsync(settings, embeddingModel: null, realEmbeddings: false, cancellationToken);
        var model = target.Local is null ? settings.Model! : LocalModelId;
        ImageGenerationResponse response;
        try
        {
            var options = new CustomImageOptions { Endpoint = target.Endpoint, ModelId = model, ApiKey = settings.ApiKey, DefaultSize = size };
            options.Resilience.Retry.MaxRetries = settings.Retries;
            using var generator = new CustomImageGenerator(options);
            response = await generator.GenerateAsync(new ImageGenerationRequest(prompt), new ImageGenerationOptions { Count = count == 1 ? null : count }, cancellationToken);
        }
        catch (ArgumentException ex)
        {
            throw new UsageException(ex.Message);
        }

        var written = 0;
        foreach (var content in response.Contents)
        {
            written++;
            var path = response.Contents.Count == 1 ? output.FullName : NumberedPath(output, written);
            if (content is DataContent data)
            {
                await File.WriteAllBytesAsync(path, data.Data.ToArray(), cancellationToken);
                await context.Output.WriteLineAsync(path.AsMemory(), cancellationToken);
            }
            else if (content is UriContent link)
            {
                // A provider that answers with links: print the link, nothing is downloaded.
                await context.Output.WriteLineAsync(link.Uri.ToString().AsMemory(), cancellationToken);
            }
        }

        await context.Output.FlushAsync(cancellationToken);
        var label = target.Local is null ? model : $"{model} (local test image, not a picture of the prompt)";
        context.Error.MarkupLine(string.Create(CultureInfo.InvariantCulture, $"[grey]{Markup.Escape(label)}: {written} image(s)[/]"));
        return ExitCodes.Success;
    }

    private static string NumberedPath(FileInfo output, int number) =>
        Path.Combine(output.DirectoryName ?? ".", string.Create(CultureInfo.InvariantCulture, $"{Path.GetFileNameWithoutExtension(output.Name)}-{number}{output.Extension}"));
}
