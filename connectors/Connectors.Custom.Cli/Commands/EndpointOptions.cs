using System.CommandLine;

namespace Connectors.Custom.Cli.Commands;

/// <summary>The options every command that talks to an endpoint shares (<c>--endpoint</c>, <c>--model</c>,
/// <c>--api-key</c>, <c>--retries</c>), with the <c>CUSTOM_*</c> environment variables as defaults.</summary>
internal sealed class EndpointOptions
{
    private readonly Option<string?> _endpoint = new("--endpoint") { Description = "API base address including its version segment, e.g. http://localhost:11434/v1 (default: $CUSTOM_BASE_URL; when neither is set, a local scripted server is started)" };
    private readonly Option<string?> _model;
    private readonly Option<string?> _apiKey = new("--api-key") { Description = "API key (default: $CUSTOM_API_KEY; omit for local servers)" };
    private readonly Option<int> _retries = new("--retries") { Description = "Retries per call on rate limits, server errors and connection failures", DefaultValueFactory = _ => 2 };
    private readonly string _modelVariable;

    public EndpointOptions(string modelVariable, string modelDescription)
    {
        _modelVariable = modelVariable;
        _model = new Option<string?>("--model") { Description = $"{modelDescription} (default: ${modelVariable})" };
        _retries.Between(0, 10);
    }

    public void AddTo(Command command)
    {
        command.Options.Add(_endpoint);
        command.Options.Add(_model);
        command.Options.Add(_apiKey);
        command.Options.Add(_retries);
    }

    /// <summary>Reads the options and the environment; returns an error message for settings that cannot work.</summary>
    public EndpointSettings Read(ParseResult result, out string? error)
    {
        var endpointText = result.GetValue(_endpoint) ?? Environment.GetEnvironmentVariable("CUSTOM_BASE_URL");
        var model = result.GetValue(_model) ?? Environment.GetEnvironmentVariable(_modelVariable);
        var apiKey = result.GetValue(_apiKey) ?? Environment.GetEnvironmentVariable("CUSTOM_API_KEY");
        var settings = new EndpointSettings(null, NullIfBlank(model), NullIfBlank(apiKey), result.GetValue(_retries));
        error = null;
        if (string.IsNullOrWhiteSpace(endpointText))
        {
            return settings;
        }

        var source = result.GetValue(_endpoint) is null ? "CUSTOM_BASE_URL" : "--endpoint";
        if (!Uri.TryCreate(endpointText.Trim(), UriKind.Absolute, out var endpoint) || endpoint.Scheme is not ("http" or "https"))
        {
            // The value is not repeated: an address may carry a password in its user info (found by the secrets sweep).
            error = $"{source} must be an absolute http or https address such as http://localhost:11434/v1 (the value given is not shown: it may hold a password).";
            return settings;
        }

        if (settings.Model is null)
        {
            error = $"--model (or {_modelVariable}) is required with an endpoint.";
        }

        return settings with { Endpoint = endpoint };
    }

    private static string? NullIfBlank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
