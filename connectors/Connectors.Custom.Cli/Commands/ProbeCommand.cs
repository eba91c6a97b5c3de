using System.CommandLine;
using Spectre.Console;

namespace Connectors.Custom.Cli.Commands;

/// <summary>
/// <c>probe</c>: runs <see cref="CustomEndpointProbe"/> against an endpoint, prints a table of what it supports and
/// the quirk profile to paste into <c>appsettings.json</c> (standard output). Exit codes: 0 when the probe ran
/// (whatever it found), 1 when the endpoint could not be reached at all, 2 for bad arguments.
/// </summary>
internal static class ProbeCommand
{
    private const string Name = "probe";

    public static Command Create(CliContext context)
    {
        var endpoint = new EndpointOptions("CUSTOM_MODEL", "Chat model id", localFallback: null);
        var embeddingModel = new Option<string?>("--embedding-model") { Description = "Embedding model id; without it the embedding checks are skipped" };
        var maxBatch = new Option<int>("--max-embedding-batch") { Description = "Largest embeddings batch to try", DefaultValueFactory = _ => CustomProbeOptions.DefaultMaxEmbeddingBatchSize };
        var timeout = new Option<double>("--timeout") { Description = "Seconds each check may take, more than 0 and at most 3600", DefaultValueFactory = _ => 30 };
        timeout.Validators.Add(result =>
        {
            if (result.Tokens.Count == 1 && double.TryParse(result.Tokens[0].Value, System.Globalization.CultureInfo.InvariantCulture, out var seconds) && !(seconds is > 0 and <= 3600))
            {
                result.AddError(FormattableString.Invariant($"--timeout must be more than 0 and at most 3600 seconds; got {seconds}."));
            }
        });

        var command = new Command(Name, "Find out what an OpenAI-compatible endpoint supports and propose its quirk profile.");
        endpoint.AddTo(command);
        command.Options.Add(embeddingModel);
        command.Options.Add(maxBatch);
        command.Options.Add(timeout);
        command.SetAction(CommandAction.Run(context, Name, async (result, cancellationToken) =>
        {
            var settings = await endpoint.ReadAsync(result, context, cancellationToken);
            if (settings.Endpoint is null)
            {
                throw new UsageException("--endpoint (or CUSTOM_BASE_URL) is required: probe examines a real endpoint.");
            }

            return await RunAsync(context, settings, NullIfBlank(result.GetValue(embeddingModel)), result.GetValue(maxBatch), TimeSpan.FromSeconds(result.GetValue(timeout)), cancellationToken);
        }));
        return command;
    }

    private static async Task<int> RunAsync(CliContext context, EndpointSettings settings, string? embeddingModel, int maxBatch, TimeSpan timeout, CancellationToken cancellationToken)
    {
        // The probe sends each check once; retries (rate limits, connection failures) come from this client.
        using var http = new HttpClient(new RetryingHandler(settings.Retries) { InnerHandler = new SocketsHttpHandler() }) { Timeout = Timeout.InfiniteTimeSpan };
        var options = new CustomProbeOptions
        {
            Endpoint = settings.Endpoint,
            ModelId = settings.Model,
            EmbeddingModelId = embeddingModel,
            ApiKey = settings.ApiKey,
            MaxEmbeddingBatchSize = maxBatch,
            CheckTimeout = timeout,
            HttpClient = http,
        };

        try
        {
            options.Validate();
        }
        catch (ArgumentException ex)
        {
            throw new UsageException(ex.Message);
        }

        context.Error.MarkupLine($"[bold]Probing[/] {Markup.Escape(EndpointSettings.Describe(settings.Endpoint!))}  [bold]Model[/] {Markup.Escape(settings.Model!)}{(embeddingModel is { } e ? $"  [bold]Embeddings[/] {Markup.Escape(e)}" : string.Empty)}");
        var report = await CustomEndpointProbe.RunAsync(options, cancellationToken);
        ProbeReportView.Write(context.Out, report);
        return report.EndpointReachable
            ? ExitCodes.Success
            : CommandAction.EndpointFailed(context, "the endpoint could not be reached.", unreachable: true);
    }

    private static string? NullIfBlank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
