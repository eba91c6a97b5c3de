using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using Connectors.Custom.Benchmarks.Server;

namespace Connectors.Custom.Benchmarks.Harness;

/// <summary>
/// This same executable started as <c>serve --port 0</c> in a child process: the server's CPU and GC work stay out of
/// the harness's process figures. Disposing it kills the child; the child also exits by itself when this process dies.
/// </summary>
internal sealed class ChildServer : IAsyncDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);

    private readonly Process _process;
    private readonly HttpClient _statsClient = new();

    private ChildServer(Process process, int port)
    {
        _process = process;
        BaseAddress = new Uri($"http://127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}/v1/");
    }

    /// <summary>Gets the API base the clients are pointed at, <c>http://127.0.0.1:PORT/v1/</c>.</summary>
    public Uri BaseAddress { get; }

    /// <summary>Starts the child; <paramref name="local"/> makes it serve the shipped <c>LocalOpenAIServer</c> (the
    /// <c>responses</c> command) instead of the purpose-built server.</summary>
    public static async Task<ChildServer> StartAsync(CancellationToken cancellationToken, bool local = false)
    {
        var start = new ProcessStartInfo(Environment.ProcessPath!) { RedirectStandardOutput = true, UseShellExecute = false };
        if (Path.GetFileNameWithoutExtension(Environment.ProcessPath) == "dotnet")
        {
            // Started as "dotnet Connectors.Custom.Benchmarks.dll" rather than through the app host.
            start.ArgumentList.Add(typeof(ChildServer).Assembly.Location);
        }

        foreach (var argument in new[] { "serve", "--port", "0", "--parent-pid", Environment.ProcessId.ToString(CultureInfo.InvariantCulture) })
        {
            start.ArgumentList.Add(argument);
        }

        if (local)
        {
            start.ArgumentList.Add("--local");
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException("Could not start the benchmark server process.");
        try
        {
            var port = await ReadPortAsync(process, cancellationToken);
            return new ChildServer(process, port);
        }
        catch
        {
            Kill(process);
            process.Dispose();
            throw;
        }
    }

    /// <summary>Reads the server's request counters (see <see cref="ServedRequests"/>).</summary>
    public async Task<ServedRequestCounts> GetServedRequestsAsync(CancellationToken cancellationToken) =>
        await _statsClient.GetFromJsonAsync<ServedRequestCounts>(new Uri(BaseAddress, BenchmarkServer.StatsPath), JsonSerializerOptions.Web, cancellationToken)
        ?? throw new InvalidOperationException("The server returned no statistics.");

    /// <summary>Reads the server's chat request counts per model (see <see cref="ServedChatRequests"/>).</summary>
    public async Task<Dictionary<string, long>> GetServedChatRequestsAsync(CancellationToken cancellationToken) =>
        await _statsClient.GetFromJsonAsync<Dictionary<string, long>>(new Uri(BaseAddress, BenchmarkServer.ChatStatsPath), JsonSerializerOptions.Web, cancellationToken)
        ?? throw new InvalidOperationException("The server returned no chat statistics.");

    public async ValueTask DisposeAsync()
    {
        _statsClient.Dispose();
        Kill(_process);
        await _process.WaitForExitAsync();
        _process.Dispose();
    }

    private static async Task<int> ReadPortAsync(Process process, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(StartTimeout);
        try
        {
            // The server announces its port only once Kestrel is listening, so the line also means "ready".
            while (await process.StandardOutput.ReadLineAsync(timeout.Token) is { } line)
            {
                if (line.StartsWith(BenchmarkServer.PortAnnouncement, StringComparison.Ordinal))
                {
                    return int.Parse(line.AsSpan(BenchmarkServer.PortAnnouncement.Length), CultureInfo.InvariantCulture);
                }
            }
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new TimeoutException($"The benchmark server did not announce its port within {StartTimeout.TotalSeconds} s.");
        }

        throw new InvalidOperationException("The benchmark server exited before announcing its port; its error output is above.");
    }

    private static void Kill(Process process)
    {
        try
        {
            process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
            // Already exited.
        }
    }
}
