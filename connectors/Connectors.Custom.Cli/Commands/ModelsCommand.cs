using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Spectre.Console;

namespace Connectors.Custom.Cli.Commands;

/// <summary>
/// <c>models</c>: lists the models an endpoint serves (<c>GET /models</c>, through <see cref="CustomModelCatalog"/>): a
/// table of id, owner, creation date and context length, or with <c>--json</c> one JSON array for scripts. Without an
/// endpoint it lists the local scripted server's models. Exit codes: 0 listed (even if empty), 1 the endpoint failed or
/// answered with something that is not a model list, 2 bad arguments.
/// </summary>
internal static class ModelsCommand
{
    private const string Name = "models";

    public static Command Create(CliContext context)
    {
        var endpoint = new EndpointOptions("CUSTOM_MODEL", "A model id to look for in the list; optional", "the local scripted server's models are listed", modelRequired: false);
        var json = new Option<bool>("--json") { Description = "Print the list as one JSON array on standard output (id, ownedBy, created, contextLength)" };

        var command = new Command(Name, "List the models an OpenAI-compatible endpoint serves, with their context length where the server reports it.");
        endpoint.AddTo(command);
        command.Options.Add(json);
        command.SetAction(CommandAction.Run(context, Name, async (result, cancellationToken) =>
        {
            var settings = await endpoint.ReadAsync(result, context, cancellationToken);
            return await RunAsync(context, settings, result.GetValue(json), cancellationToken);
        }));
        return command;
    }

    private static async Task<int> RunAsync(CliContext context, EndpointSettings settings, bool json, CancellationToken cancellationToken)
    {
        await using var target = await EndpointTarget.OpenAsync(settings, embeddingModel: null, realEmbeddings: false, cancellationToken);
        using var catalog = new CustomModelCatalog(settings.CatalogOptions(target.Endpoint));
        var models = await catalog.ListModelsAsync(cancellationToken);

        if (json)
        {
            context.Output.WriteLine(JsonSerializer.Serialize(models.Select(m => new
            {
                id = m.Id,
                ownedBy = m.OwnedBy,
                created = m.Created?.ToUnixTimeSeconds(),
                contextLength = m.ContextLength,
            })));
        }
        else
        {
            var table = new Table().AddColumns("Model", "Owner", "Created", "Context");
            foreach (var model in models)
            {
                table.AddRow(
                    Markup.Escape(model.Id),
                    Markup.Escape(model.OwnedBy ?? "-"),
                    model.Created?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) ?? "-",
                    model.ContextLength?.ToString("N0", CultureInfo.InvariantCulture) ?? "-");
            }

            context.Out.Write(table);
        }

        var count = models.Count == 1 ? "1 model" : $"{models.Count} models";
        var lookedFor = settings.Model is not { } wanted ? string.Empty
            : models.Any(m => m.Id == wanted) ? $"; '{wanted}' is listed"
            : $"; '{wanted}' is not listed (it may still be served)";
        context.ErrorText.WriteLine($"{count} at {EndpointSettings.Describe(catalog.Endpoint)}{lookedFor}.");
        return ExitCodes.Success;
    }
}
