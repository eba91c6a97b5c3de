using System.CommandLine;
using Connectors.Custom.Benchmarks.Commands;

// One executable, two roles: "serve" is the loopback server, every other command is a harness that starts this same
// executable as its server in a child process, so server work never shows up in the measured client process.
var root = new RootCommand("Connectors.Custom benchmarks: whole-process client figures against a loopback server in another process.");
root.Subcommands.Add(ServeCommand.Create());
root.Subcommands.Add(EmbeddingsCommand.Create());
root.Subcommands.Add(ChatCommand.Create());
root.Subcommands.Add(Connectors.Custom.Benchmarks.Soak.SoakCommand.Create());

// Ctrl+C and SIGTERM cancel the command's token instead of ending the process at once, so the harness unwinds and
// kills its child server (which would otherwise still exit on its own once it sees this process gone).
var invocation = new InvocationConfiguration { ProcessTerminationTimeout = TimeSpan.FromSeconds(10) };
return await root.Parse(args).InvokeAsync(invocation);
