using System.Collections.Concurrent;
using System.IO.Pipelines;
using System.Text.Json;
using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;

namespace Connectors.Custom.Agents.Tests.Mcp;

/// <summary>
/// A real MCP server (the C# SDK's, over in-memory pipes) with the tool schemas MCP servers typically publish:
/// <c>anyOf</c> with <c>null</c> for optional values, a <c>$defs</c> type used by <c>$ref</c>, <c>enum</c>,
/// <c>format</c> and <c>pattern</c> (one of them unanchored), nested objects and arrays, and a free-form object. It records the arguments each
/// call arrives with, and answers with text and structured content.
/// </summary>
public sealed class InProcessMcpServer : IAsyncDisposable
{
    public const string SearchFlightsSchema = """
        {
          "type": "object",
          "properties": {
            "route": { "$ref": "#/$defs/Route", "description": "Where from and where to." },
            "date": { "type": "string", "format": "date" },
            "cabin": { "type": "string", "enum": [ "economy", "business" ] },
            "maxStops": { "anyOf": [ { "type": "integer" }, { "type": "null" } ], "default": null },
            "passengers": {
              "type": "array",
              "items": { "type": "object", "properties": { "name": { "type": "string" }, "age": { "type": "integer" } }, "required": [ "name" ] }
            },
            "preferences": { "type": "object", "description": "Free-form airline preferences." }
          },
          "required": [ "route", "date", "passengers" ],
          "$defs": {
            "Route": {
              "type": "object",
              "properties": { "from": { "type": "string", "pattern": "^[A-Z]{3}$" }, "to": { "type": "string", "pattern": "^[A-Z]{3}$" } },
              "required": [ "from", "to" ]
            }
          }
        }
        """;

    // The locator's pattern is not anchored, as patterns from Pydantic models often are: llama.cpp refuses it.
    private const string BookingSchema = """{"type":"object","properties":{"reference":{"type":"string","format":"uuid"},"locator":{"type":"string","pattern":"[A-Z0-9]{6}"},"contact":{"anyOf":[{"type":"string","format":"email"},{"type":"null"}]}},"required":["reference"]}""";

    private readonly Pipe _clientToServer = new();
    private readonly Pipe _serverToClient = new();
    private readonly CancellationTokenSource _stop = new();
    private McpServer _server = null!;
    private Task _running = Task.CompletedTask;

    private InProcessMcpServer()
    {
    }

    /// <summary>Gets the arguments of every call, as the MCP server received them (tool name, arguments JSON).</summary>
    public ConcurrentQueue<(string Tool, JsonElement Arguments)> Calls { get; } = new();

    /// <summary>Gets the client connected to the server.</summary>
    public McpClient Client { get; private set; } = null!;

    public static async Task<InProcessMcpServer> StartAsync()
    {
        var host = new InProcessMcpServer();
        var options = new McpServerOptions
        {
            ServerInfo = new Implementation { Name = "travel", Version = "1.0.0" },
            Handlers = new McpServerHandlers
            {
                ListToolsHandler = (_, _) => ValueTask.FromResult(new ListToolsResult
                {
                    Tools =
                    [
                        new Tool { Name = "SearchFlights", Description = "Searches flights.", InputSchema = JsonDocument.Parse(SearchFlightsSchema).RootElement },
                        new Tool { Name = "GetBooking", Description = "Reads a booking.", InputSchema = JsonDocument.Parse(BookingSchema).RootElement },
                    ],
                }),
                CallToolHandler = (request, _) => ValueTask.FromResult(host.Call(request.Params!)),
            },
        };

        host._server = McpServer.Create(new StreamServerTransport(host._clientToServer.Reader.AsStream(), host._serverToClient.Writer.AsStream()), options);
        host._running = host._server.RunAsync(host._stop.Token);
        host.Client = await McpClient.CreateAsync(new StreamClientTransport(host._clientToServer.Writer.AsStream(), host._serverToClient.Reader.AsStream()));
        return host;
    }

    public async ValueTask DisposeAsync()
    {
        await Client.DisposeAsync();
        await _stop.CancelAsync();
        await _server.DisposeAsync();
        try
        {
            await _running;
        }
        catch (OperationCanceledException)
        {
        }

        _stop.Dispose();
    }

    private CallToolResult Call(CallToolRequestParams request)
    {
        var arguments = JsonSerializer.SerializeToElement(request.Arguments ?? new Dictionary<string, JsonElement>());
        Calls.Enqueue((request.Name, arguments));
        return request.Name switch
        {
            "SearchFlights" => new CallToolResult
            {
                Content = [new TextContentBlock { Text = $"2 flights {arguments.GetProperty("route").GetProperty("from").GetString()}-{arguments.GetProperty("route").GetProperty("to").GetString()}" }],
                StructuredContent = JsonDocument.Parse("""{"flights":[{"number":"SK123","price":129.5},{"number":"DY456","price":99.0}]}""").RootElement,
            },
            "GetBooking" => new CallToolResult { Content = [new TextContentBlock { Text = "confirmed" }] },
            _ => new CallToolResult { IsError = true, Content = [new TextContentBlock { Text = $"unknown tool {request.Name}" }] },
        };
    }
}
