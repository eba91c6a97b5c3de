using System.CommandLine;
using Connectors.Custom.Benchmarks.Server;

namespace Connectors.Custom.Benchmarks.Commands;

/// <summary><c>serve</c>: the loopback server alone, for a harness in another process (or for poking at by hand).</summary>
internal static class ServeCommand
{
    public static Command Create()
    {
        var port = new Option<int>("--port") { Description = "Port on 127.0.0.1; 0 picks a free one (announced as PORT=NNNN)", DefaultValueFactory = _ => 0 };
        var parentPid = new Option<int?>("--parent-pid") { Description = "Exit when this process exits (set by the harness)" };
        var local = new Option<bool>("--local") { Description = "Serve the shipped LocalOpenAIServer (the responses command's /v1/responses) instead of the purpose-built chat and embeddings server" };
        var command = new Command("serve", "Run the OpenAI-compatible loopback server the benchmarks measure against.");
        command.Options.Add(port);
        command.Options.Add(parentPid);
        command.Options.Add(local);
        command.SetAction(async (result, cancellationToken) =>
        {
            var run = result.GetValue(local) ? (Func<int, int?, CancellationToken, Task>)LocalResponsesServer.RunAsync : BenchmarkServer.RunAsync;
            await run(result.GetValue(port), result.GetValue(parentPid), cancellationToken);
            return 0;
        });
        return command;
    }
}
