using System.Linq;
using System.Threading;
using System.Threading.Tasks;

namespace Connectors.Custom;

/// <summary>The models check: <c>GET {endpoint}/models</c>, through the connector's own <see cref="CustomModelCatalog"/>.</summary>
internal sealed partial class ProbeSession
{
    private async Task CheckModelsAsync()
    {
        await RunCheckAsync(CustomProbeCheckNames.Models, ListModelsAsync).ConfigureAwait(false);
    }

    /// <summary>Lists the models; a failure is thrown and classified by <see cref="RunCheckAsync"/> like any other
    /// check's (a rejection status: not supported; anything else: failed).</summary>
    private async Task<(CustomProbeOutcome, string)> ListModelsAsync(CancellationToken cancellationToken)
    {
        var options = new CustomModelCatalogOptions { Endpoint = _options.Endpoint, EnableTelemetry = false };
        ApplyEndpointSettings(options);
        using var catalog = new CustomModelCatalog(options, _http);
        var models = await catalog.ListModelsAsync(cancellationToken).ConfigureAwait(false);

        _modelIds = models.Select(m => m.Id).ToArray();
        var chatModel = models.FirstOrDefault(m => m.Id == _options.ModelId);
        var listed = chatModel is null ? $"'{_options.ModelId}' is not listed (it may still be served)"
            : chatModel.ContextLength is { } context ? $"the chat model is listed, with a context of {context} tokens"
            : "the chat model is listed";
        var count = models.Count == 1 ? "model" : "models";
        return (CustomProbeOutcome.Supported, $"{models.Count} {count}: {ProbeText.List(_modelIds)}; {listed}");
    }
}
