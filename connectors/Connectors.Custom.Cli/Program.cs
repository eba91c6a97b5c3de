using System.CommandLine;
using Connectors.Custom.Cli.Commands;

var root = new RootCommand("Connectors.Custom: Semantic Kernel on any OpenAI-compatible endpoint.");
root.Subcommands.Add(DemoCommand.Create());
root.Subcommands.Add(ProbeCommand.Create());
return await root.Parse(args).InvokeAsync();
