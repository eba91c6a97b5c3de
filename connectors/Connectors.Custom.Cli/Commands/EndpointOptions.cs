using System.CommandLine;

namespace Connectors.Custom.Cli.Commands;

/// <summary>The options every command that talks to an endpoint shares (<c>--endpoint</c>, <c>--model</c>, the API
/// key options and <c>--retries</c>), with the <c>CUSTOM_*</c> environment variables as defaults.</summary>
internal sealed class EndpointOptions
{
    private readonly Option<string?> _endpoint;
    private readonly Option<string?> _model;
    private readonly Option<string?> _apiKey = new("--api-key")
    {
        Description = "API key. Lands in shell history and process lists: prefer $CUSTOM_API_KEY, --api-key-file or --api-key-stdin",
    };

    private readonly Option<FileInfo?> _apiKeyFile = new("--api-key-file") { Description = "Read the API key from this file (surrounding whitespace and the final newline are ignored)" };
    private readonly Option<bool> _apiKeyStdin = new("--api-key-stdin") { Description = "Read the API key from the first line of standard input (chat then reads messages from the lines after it)" };
    private readonly Option<int> _retries = new Option<int>("--retries") { Description = "Retries per call on rate limits, server errors and connection failures", DefaultValueFactory = _ => 2 }.Between(0, 10);
    private readonly string _modelVariable;
    private readonly bool _modelRequired;

    /// <param name="modelVariable">The environment variable that holds the default model.</param>
    /// <param name="modelDescription">What the model is, for <c>--help</c>.</param>
    /// <param name="localFallback">What happens without an endpoint, for <c>--help</c>; null when an endpoint is required.</param>
    /// <param name="modelRequired">Whether an endpoint needs a model (listing its models does not).</param>
    public EndpointOptions(string modelVariable, string modelDescription, string? localFallback, bool modelRequired = true)
    {
        _modelVariable = modelVariable;
        _modelRequired = modelRequired;
        _endpoint = new Option<string?>("--endpoint") { Description = $"API base address including its version segment, e.g. http://localhost:11434/v1 (default: $CUSTOM_BASE_URL{(localFallback is null ? string.Empty : "; when neither is set, " + localFallback)})" };
        _model = new Option<string?>("--model") { Description = $"{modelDescription} (default: ${modelVariable})" };
    }

    public void AddTo(Command command)
    {
        foreach (var option in (Option[])[_endpoint, _model, _apiKey, _apiKeyFile, _apiKeyStdin, _retries])
        {
            command.Options.Add(option);
        }
    }

    /// <summary>Reads the options, the environment and (for <c>--api-key-stdin</c>) the first input line.</summary>
    /// <exception cref="UsageException">A setting cannot work; the message names it.</exception>
    public async Task<EndpointSettings> ReadAsync(ParseResult result, CliContext context, CancellationToken cancellationToken)
    {
        var endpointText = result.GetValue(_endpoint) ?? context.Environment("CUSTOM_BASE_URL");
        var model = NullIfBlank(result.GetValue(_model) ?? context.Environment(_modelVariable));
        var apiKey = await ReadApiKeyAsync(result, context, cancellationToken);
        var settings = new EndpointSettings(null, model, apiKey, result.GetValue(_retries));
        if (string.IsNullOrWhiteSpace(endpointText))
        {
            return settings;
        }

        var source = result.GetValue(_endpoint) is null ? "CUSTOM_BASE_URL" : "--endpoint";
        if (!Uri.TryCreate(endpointText.Trim(), UriKind.Absolute, out var endpoint) || endpoint.Scheme is not ("http" or "https"))
        {
            // The value is not repeated: an address may carry a password in its user info (found by the secrets sweep).
            throw new UsageException($"{source} must be an absolute http or https address such as http://localhost:11434/v1 (the value given is not shown: it may hold a password).");
        }

        return model is null && _modelRequired
            ? throw new UsageException($"--model (or {_modelVariable}) is required with an endpoint.")
            : settings with { Endpoint = endpoint };
    }

    private async Task<string?> ReadApiKeyAsync(ParseResult result, CliContext context, CancellationToken cancellationToken)
    {
        var given = result.GetValue(_apiKey);
        var file = result.GetValue(_apiKeyFile);
        var stdin = result.GetValue(_apiKeyStdin);
        if ((given is not null ? 1 : 0) + (file is not null ? 1 : 0) + (stdin ? 1 : 0) > 1)
        {
            throw new UsageException("Give the API key one way: --api-key, --api-key-file or --api-key-stdin.");
        }

        if (file is not null)
        {
            if (!file.Exists)
            {
                throw new UsageException($"--api-key-file: '{file.FullName}' does not exist.");
            }

            return NullIfBlank(await File.ReadAllTextAsync(file.FullName, cancellationToken))
                ?? throw new UsageException($"--api-key-file: '{file.FullName}' is empty.");
        }

        if (stdin)
        {
            return NullIfBlank(await context.Input.ReadLineAsync(cancellationToken))
                ?? throw new UsageException("--api-key-stdin: standard input had no key on its first line.");
        }

        return NullIfBlank(given ?? context.Environment("CUSTOM_API_KEY"));
    }

    private static string? NullIfBlank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
