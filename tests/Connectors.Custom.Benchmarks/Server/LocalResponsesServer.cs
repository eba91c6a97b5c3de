using Connectors.Custom.Testing;
using ChatScript = Connectors.Custom.Benchmarks.Data.ChatScript;

namespace Connectors.Custom.Benchmarks.Server;

/// <summary>
/// The shipped local server (<see cref="LocalOpenAIServer"/>, OpenAI wire profile) as the <c>responses</c> command's
/// child process: <c>/v1/responses</c> answers the same words the chat scenarios stream, and the tool call with the
/// same id, name and arguments, through a <see cref="ScriptedChat"/>. Measured clients run in the parent, so the
/// server's work stays out of their figures.
/// </summary>
internal static class LocalResponsesServer
{
    public const string Model = LocalServerOptions.DefaultChatModelId;

    public static async Task RunAsync(int port, int? parentProcessId, CancellationToken cancellationToken)
    {
        var script = new ScriptedChat();
        script.WhenUserSays(ChatScript.UserPrompt).Respond(_ => new ChatReply(ChatScript.StreamedText));
        script.WhenUserSays(ChatScript.ToolUserPrompt).Respond(_ => ChatReply.CallTools(new ChatScriptToolCall(ChatScript.ToolName, ChatScript.ToolArguments, ChatScript.ToolCallId)));
        await using var server = await LocalOpenAIServer.StartAsync(new LocalServerOptions { Port = port == 0 ? null : port, ChatScript = script }, cancellationToken);
        Console.WriteLine($"{BenchmarkServer.PortAnnouncement}{server.BaseAddress.Port}");
        await BenchmarkServer.WaitForShutdownAsync(parentProcessId, cancellationToken);
    }
}
