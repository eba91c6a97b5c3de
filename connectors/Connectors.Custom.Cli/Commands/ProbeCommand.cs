using System.CommandLine;
using System.Globalization;
using Spectre.Console;

namespace Connectors.Custom.Cli.Commands;

/// <summary>
/// <c>probe</c>: runs <see cref="CustomEndpointProbe"/> against an endpoint, prints a table of what it supports, and
/// the quirk profile to paste into <c>appsettings.json</c>. Exit codes: 0 when the probe ran (whatever it found), 1 when
/// the endpoint could not be reached at all, 2 for bad arguments.
/// </summary>
internal static class ProbeCommand
{
    public static Command Create()
    {
        // Every option takes text and may be given without a value, and stray tokens are collected rather than
        // refused: then every mistake on the command line reaches RunAsync and exits with 2, not the parser's 1.
        var endpoint = TextOption("--endpoint", "API base address, e.g. http://localhost:11434/v1 (default: $CUSTOM_BASE_URL)");
        var model = TextOption("--model", "Chat model id (default: $CUSTOM_MODEL)");
        var embeddingModel = TextOption("--embedding-model", "Embedding model id; without it the embedding checks are skipped");
        var apiKey = TextOption("--api-key", "API key (default: $CUSTOM_API_KEY; omit for local servers)");
        var maxBatch = TextOption("--max-embedding-batch", $"Largest embeddings batch to try (default: {CustomProbeOptions.DefaultMaxEmbeddingBatchSize})");
        var timeout = TextOption("--timeout", "Seconds each check may take (default: 30)");

        var command = new Command("probe", "Find out what an OpenAI-compatible endpoint supports and propose its quirk profile.")
        {
            TreatUnmatchedTokensAsErrors = false,
        };
        foreach (var option in (Option[])[endpoint, model, embeddingModel, apiKey, maxBatch, timeout])
        {
            command.Options.Add(option);
        }

        command.SetAction((result, cancellationToken) =>
        {
            if (result.UnmatchedTokens.Count > 0)
            {
                return Task.FromResult(BadArguments($"unexpected argument '{result.UnmatchedTokens[0]}'."));
            }

            return RunAsync(
                result.GetValue(endpoint) ?? Environment.GetEnvironmentVariable("CUSTOM_BASE_URL"),
                result.GetValue(model) ?? Environment.GetEnvironmentVariable("CUSTOM_MODEL"),
                result.GetValue(embeddingModel),
                result.GetValue(apiKey) ?? Environment.GetEnvironmentVariable("CUSTOM_API_KEY"),
                result.GetValue(maxBatch),
                result.GetValue(timeout),
                cancellationToken);
        });
        return command;
    }

    private static Option<string?> TextOption(string name, string description) =>
        new(name) { Description = description, Arity = ArgumentArity.ZeroOrOne };

    private static async Task<int> RunAsync(string? endpointText, string? model, string? embeddingModel, string? apiKey, string? maxBatchText, string? timeoutText, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(endpointText) || !Uri.TryCreate(endpointText, UriKind.Absolute, out var endpoint))
        {
            return BadArguments("--endpoint (or CUSTOM_BASE_URL) must be an absolute address, e.g. http://localhost:11434/v1.");
        }

        if (string.IsNullOrWhiteSpace(model))
        {
            return BadArguments("--model (or CUSTOM_MODEL) is required.");
        }

        var options = new CustomProbeOptions
        {
            Endpoint = endpoint,
            ModelId = model,
            EmbeddingModelId = string.IsNullOrWhiteSpace(embeddingModel) ? null : embeddingModel,
            ApiKey = string.IsNullOrEmpty(apiKey) ? null : apiKey,
        };

        if (maxBatchText is not null)
        {
            if (!int.TryParse(maxBatchText, NumberStyles.None, CultureInfo.InvariantCulture, out var maxBatch))
            {
                return BadArguments("--max-embedding-batch must be a whole number.");
            }

            options.MaxEmbeddingBatchSize = maxBatch;
        }

        if (timeoutText is not null)
        {
            if (!double.TryParse(timeoutText, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds) || !double.IsFinite(seconds) || seconds <= 0 || seconds > 3600)
            {
                return BadArguments("--timeout must be a number of seconds between 0 and 3600.");
            }

            options.CheckTimeout = TimeSpan.FromSeconds(seconds);
        }

        try
        {
            options.Validate();
        }
        catch (ArgumentException ex)
        {
            return BadArguments(ex.Message);
        }

        AnsiConsole.MarkupLine($"[bold]Probing[/] {Markup.Escape(Describe(endpoint))}  [bold]Model[/] {Markup.Escape(model)}{(options.EmbeddingModelId is { } e ? $"  [bold]Embeddings[/] {Markup.Escape(e)}" : string.Empty)}");
        var report = await CustomEndpointProbe.RunAsync(options, cancellationToken);
        ProbeReportView.Write(report);
        if (!report.EndpointReachable)
        {
            AnsiConsole.MarkupLine("[red]The endpoint could not be reached.[/] Check the address (it must include the version segment, e.g. /v1) and that the server is running.");
            return ExitCodes.EndpointFailed;
        }

        return ExitCodes.Success;
    }

    private static int BadArguments(string message)
    {
        AnsiConsole.MarkupLine($"[red]probe:[/] {Markup.Escape(message)}");
        AnsiConsole.WriteLine("Usage: probe --endpoint URL --model M [--embedding-model E] [--api-key K] [--max-embedding-batch N] [--timeout SECONDS]");
        return ExitCodes.BadConfiguration;
    }

    /// <summary>The address without user info or query, either of which may hold a key.</summary>
    private static string Describe(Uri address) =>
        new UriBuilder(address) { UserName = string.Empty, Password = string.Empty, Query = string.Empty }.Uri.ToString();
}
