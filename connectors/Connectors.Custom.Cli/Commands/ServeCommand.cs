using System.CommandLine;
using Connectors.Custom.Testing;
using Spectre.Console;

namespace Connectors.Custom.Cli.Commands;

/// <summary>
/// <c>serve</c>: the local OpenAI-compatible server in the foreground until Ctrl+C: the scripted chat model the demo
/// uses (<c>local-scripted</c>), hashed or real MiniLM embeddings, and a choice of provider wire styles. The address
/// and models go to standard output; Ctrl+C is how it stops, so it exits 0 then.
/// </summary>
internal static class ServeCommand
{
    private const string Name = "serve";

    public static Command Create(CliContext context)
    {
        var port = new Option<int>("--port") { Description = "TCP port on 127.0.0.1 (default: 0, a free port)", DefaultValueFactory = _ => 0 }.Between(0, 65535);
        var realEmbeddings = new Option<bool>("--real-embeddings") { Description = "Serve all-MiniLM-L6-v2 embeddings (384 dimensions) instead of hashed vectors" };
        var profile = new Option<WireProfile>("--profile") { Description = "Whose wire style to reproduce: " + string.Join(", ", Enum.GetNames<WireProfile>()), DefaultValueFactory = _ => WireProfile.OpenAI };
        var api = new Option<ServedApi>("--api") { Description = "Which chat API to try: Chat (/v1/chat/completions) or Responses (/v1/responses); both paths are served either way, Responses needs a profile that has it", DefaultValueFactory = _ => ServedApi.Chat };
        var command = new Command(Name, "Run the local OpenAI-compatible server (scripted chat model, embeddings) until Ctrl+C, which exits 0.");
        command.Options.Add(port);
        command.Options.Add(realEmbeddings);
        command.Options.Add(profile);
        command.Options.Add(api);
        command.SetAction(CommandAction.Run(context, Name, (result, cancellationToken) => RunAsync(context, result.GetValue(port), result.GetValue(realEmbeddings), result.GetValue(profile), result.GetValue(api), cancellationToken)));
        return command;
    }

    private static async Task<int> RunAsync(CliContext context, int port, bool realEmbeddings, WireProfile profile, ServedApi api, CancellationToken cancellationToken)
    {
        var responses = LocalOpenAIServer.GetResponsesState(profile);
        if (api == ServedApi.Responses && responses == ResponsesState.NotServed)
        {
            var serving = Enum.GetValues<WireProfile>().Where(p => LocalOpenAIServer.GetResponsesState(p) != ResponsesState.NotServed);
            throw new UsageException($"--api Responses: {profile} has no Responses API; use --profile {string.Join(", ", serving)}");
        }

        LocalModel local;
        try
        {
            local = await LocalModel.StartAsync(realEmbeddings, port == 0 ? null : port, profile, cancellationToken);
        }
        catch (IOException ex)
        {
            throw new UsageException($"cannot listen on 127.0.0.1:{port}: {ex.Message}");
        }

        await using (local)
        {
            var console = context.Out;
            console.MarkupLine($"[bold]Listening on[/] {Markup.Escape(local.Endpoint.ToString())}");
            console.MarkupLine($"[bold]Chat model[/]      {Markup.Escape(LocalModel.Label)}");
            console.MarkupLine($"[bold]Embedding model[/] {Markup.Escape(local.EmbeddingLabel)}");
            console.MarkupLine($"[bold]Wire style[/]      {profile}");
            if (api == ServedApi.Responses)
            {
                console.MarkupLine($"[bold]Responses API[/]   {Markup.Escape(local.Endpoint + "/responses")} ({Describe(responses)})");
                context.Error.MarkupLine($"[grey]Try: curl -sN {Markup.Escape(local.Endpoint + "/responses")} -H 'content-type: application/json' -d '{{\"model\":\"{local.ChatModelId}\",\"input\":\"hello\",\"stream\":true}}'[/]");
            }
            else
            {
                context.Error.MarkupLine($"[grey]Try: CUSTOM_BASE_URL={Markup.Escape(local.Endpoint.ToString())} CUSTOM_MODEL={local.ChatModelId} CUSTOM_EMBEDDING_MODEL={local.EmbeddingModelId} connectors-custom demo[/]");
            }

            context.Error.MarkupLine("[grey]Press Ctrl+C to stop.[/]");
            try
            {
                await Task.Delay(Timeout.Infinite, cancellationToken);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                // Ctrl+C (or the caller's token) is how serve stops: a normal end, not a cancelled task.
            }

            context.Error.MarkupLine(FormattableString.Invariant($"Stopped after {local.Server.Statistics.Requests} request(s)."));
        }

        return ExitCodes.Success;
    }

    /// <summary>What a client may rely on, in the words a user of <c>previous_response_id</c> needs.</summary>
#pragma warning disable CS8524 // The state comes from LocalOpenAIServer's own table; a new named state fails to compile here.
    private static string Describe(ResponsesState state) => state switch
    {
        ResponsesState.Stored => "stateful: responses are stored, previous_response_id continues them",
        ResponsesState.StoreOff => "store off: previous_response_id is answered 404, send the full input",
        ResponsesState.Stateless => "stateless: previous_response_id is refused, send the full input",
        ResponsesState.NotServed => "not served",
    };
#pragma warning restore CS8524
}
