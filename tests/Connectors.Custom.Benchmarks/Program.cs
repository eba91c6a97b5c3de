using System.CommandLine;
using Connectors.Custom.Benchmarks.Commands;

// One executable, two roles: "serve" is the loopback server, every other command is a harness that starts this same
// executable as its server in a child process, so server work never shows up in the measured client process.
var root = new RootCommand("Connectors.Custom benchmarks: whole-process client figures against a loopback server in another process.");
root.Subcommands.Add(ServeCommand.Create());
root.Subcommands.Add(EmbeddingsCommand.Create());
root.Subcommands.Add(ChatCommand.Create());
root.Subcommands.Add(ResponsesCommand.Create());
root.Subcommands.Add(LayersCommand.Create());
root.Subcommands.Add(AudioCommand.Create());
root.Subcommands.Add(Connectors.Custom.Benchmarks.Soak.SoakCommand.Create());

// Ctrl+C and SIGTERM cancel the command's token instead of ending the process at once, so the harness unwinds and
// kills its child server (which would otherwise still exit on its own once it sees this process gone).
var invocation = new InvocationConfiguration { ProcessTerminationTimeout = TimeSpan.FromSeconds(10) };

// "all": every benchmark in one command (about 8 minutes on 2 cores), each writing its own section.
var all = new Command("all", "Run the embeddings and the chat benchmarks, one after the other.");
var allWriteDocs = new Option<bool>("--write-docs") { Description = "Write both sections of docs/benchmarks.md" };
all.Options.Add(allWriteDocs);
all.SetAction(async (result, cancellationToken) =>
{
    string[] extra = result.GetValue(allWriteDocs) ? ["--write-docs"] : [];
    var code = await root.Parse(["embeddings", .. extra]).InvokeAsync(invocation, cancellationToken);
    return code != 0 ? code : await root.Parse(["chat", .. extra]).InvokeAsync(invocation, cancellationToken);
});
root.Subcommands.Add(all);

return await root.Parse(args).InvokeAsync(invocation);
