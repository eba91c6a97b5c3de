using System.CommandLine;
using Connectors.Custom.Testing;
using Spectre.Console;

namespace Connectors.Custom.Cli.Commands;

/// <summary>
/// <c>serve</c>: the local OpenAI-compatible server in the foreground until Ctrl+C: the scripted chat model the demo
/// uses (<c>local-scripted</c>), hashed or real MiniLM embeddings, and a choice of provider wire styles.
/// </summary>
internal static class ServeCommand
{
    public static Command Create(CliContext context)
    {
        var port = new Option<int>("--port") { Description = "TCP port on 127.0.0.1 (default: 0, a free port)", DefaultValueFactory = _ => 0 }.Between(0, 65535);
        var realEmbeddings = new Option<bool>("--real-embeddings") { Description = "Serve all-MiniLM-L6-v2 embeddings (384 dimensions) instead of hashed vectors" };
        var profile = new Option<WireProfile>("--profile") { Description = "Whose wire style to reproduce: " + string.Join(", ", Enum.GetNames<WireProfile>()), DefaultValueFactory = _ => WireProfile.OpenAI };
        var command = new Command("serve", "Run the local OpenAI-compatible server (scripted chat model, embeddings) until Ctrl+C.");
        command.Options.Add(port);
        command.Options.Add(realEmbeddings);
        command.Options.Add(profile);
        command.SetAction((result, cancellationToken) => RunAsync(context.Console, result.GetValue(port), result.GetValue(realEmbeddings), result.GetValue(profile), cancellationToken));
        return command;
    }

    private static async Task<int> RunAsync(IAnsiConsole console, int port, bool realEmbeddings, WireProfile profile, CancellationToken cancellationToken)
    {
        LocalModel local;
        try
        {
            local = await LocalModel.StartAsync(realEmbeddings, port == 0 ? null : port, profile, cancellationToken);
        }
        catch (IOException ex)
        {
            console.MarkupLine($"[red]serve:[/] cannot listen on 127.0.0.1:{port}: {Markup.Escape(ex.Message)}");
            return ExitCodes.BadConfiguration;
        }

        await using (local)
        {
            console.MarkupLine($"[bold]Listening on[/] {Markup.Escape(local.Endpoint.ToString())}");
            console.MarkupLine($"[bold]Chat model[/]      {Markup.Escape(LocalModel.Label)}");
            console.MarkupLine($"[bold]Embedding model[/] {Markup.Escape(local.EmbeddingLabel)}");
            console.MarkupLine($"[bold]Wire style[/]      {profile}");
            console.MarkupLine($"[grey]Try: CUSTOM_BASE_URL={Markup.Escape(local.Endpoint.ToString())} CUSTOM_MODEL={local.ChatModelId} CUSTOM_EMBEDDING_MODEL={local.EmbeddingModelId} connectors-custom demo[/]");
            console.MarkupLine("[grey]Press Ctrl+C to stop.[/]");
            try
            {
                await Task.Delay(Timeout.Infinite, cancellationToken);
            }
            catch (OperationCanceledException)
            {
                // Ctrl+C (or the caller's token): the normal way to stop.
            }

            console.MarkupLine(FormattableString.Invariant($"Stopped after {local.Server.Statistics.Requests} request(s)."));
        }

        return ExitCodes.Success;
    }
}
