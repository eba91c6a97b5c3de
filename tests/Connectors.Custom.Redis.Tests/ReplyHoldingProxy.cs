using System.Net;
using System.Net.Sockets;

namespace Connectors.Custom.Redis.Tests;

/// <summary>A loopback TCP proxy in front of the test's Redis that can hold Redis's replies back until the client has
/// sent a number of script commands (<c>EVAL</c>, <c>EVALSHA</c>): a client that waits for one script's answer before
/// it sends the next never gets that answer, so what it sends together is told apart from what it sends in turn.</summary>
internal sealed class ReplyHoldingProxy : IAsyncDisposable
{
    private static readonly byte[][] ScriptCommands = ["\r\nEVALSHA\r\n"u8.ToArray(), "\r\nEVAL\r\n"u8.ToArray()];

    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly int _target;
    private readonly CancellationTokenSource _stop = new();
    private readonly List<Task> _pumps = [];
    private readonly object _lock = new();
    private TaskCompletionSource _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _scriptsSent;
    private int _releaseAt;

    private ReplyHoldingProxy(int target)
    {
        _target = target;
        _listener.Start();
        lock (_pumps)
        {
            _pumps.Add(AcceptAsync());
        }
    }

    /// <summary>Gets the configuration that connects through the proxy.</summary>
    public string Configuration => $"127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port},abortConnect=false";

    /// <summary>Gets how many script commands clients have sent through the proxy so far.</summary>
    public int ScriptsSent
    {
        get
        {
            lock (_lock)
            {
                return _scriptsSent;
            }
        }
    }

    public static ReplyHoldingProxy Start(RedisServer server) => new(server.Port);

    /// <summary>Holds every reply from now on until clients have sent <paramref name="scripts"/> more scripts.</summary>
    public void HoldRepliesUntilMoreScripts(int scripts)
    {
        lock (_lock)
        {
            _releaseAt = _scriptsSent + scripts;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        lock (_lock)
        {
            _changed.TrySetResult();
        }

        Task[] pumps;
        lock (_pumps)
        {
            pumps = [.. _pumps];
        }

        try
        {
            await Task.WhenAll(pumps);
        }
        catch (Exception)
        {
            // Connections end as the proxy stops.
        }

        _stop.Dispose();
    }

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await _listener.AcceptTcpClientAsync(_stop.Token);
            }
            catch (Exception) when (_stop.IsCancellationRequested)
            {
                return;
            }

            var server = new TcpClient();
            await server.ConnectAsync(IPAddress.Loopback, _target);
            lock (_pumps)
            {
                _pumps.Add(ConnectAsync(client, server));
            }
        }
    }

    /// <summary>Pumps one connection both ways until either side or the proxy stops, then closes both sockets.</summary>
    private async Task ConnectAsync(TcpClient client, TcpClient server)
    {
        var requests = PumpRequestsAsync(client.GetStream(), server.GetStream());
        var replies = PumpRepliesAsync(server.GetStream(), client.GetStream());
        await Task.WhenAny(requests, replies);
        client.Dispose();
        server.Dispose();
        try
        {
            await Task.WhenAll(requests, replies);
        }
        catch (Exception)
        {
            // The other direction was cut off by the close.
        }
    }

    private async Task PumpRequestsAsync(NetworkStream from, NetworkStream to)
    {
        var buffer = new byte[64 * 1024];
        var previous = Array.Empty<byte>();
        while (await ReadAsync(from, buffer) is > 0 and var read)
        {
            // A command name may be split between two reads: each is searched again with the previous read's last
            // bytes, one fewer than its length, so a match always includes a new byte and is never counted twice.
            var found = 0;
            foreach (var command in ScriptCommands)
            {
                var carried = previous[Math.Max(0, previous.Length - (command.Length - 1))..];
                found += Count([.. carried, .. buffer.AsSpan(0, read)], command);
            }

            previous = [.. previous, .. buffer.AsSpan(0, read)];
            previous = previous[Math.Max(0, previous.Length - 16)..];
            await to.WriteAsync(buffer.AsMemory(0, read), _stop.Token);
            lock (_lock)
            {
                _scriptsSent += found;
                _changed.TrySetResult();
                _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);
            }
        }
    }

    private async Task PumpRepliesAsync(NetworkStream from, NetworkStream to)
    {
        var buffer = new byte[64 * 1024];
        while (await ReadAsync(from, buffer) is > 0 and var read)
        {
            while (true)
            {
                Task changed;
                lock (_lock)
                {
                    if (_scriptsSent >= _releaseAt || _stop.IsCancellationRequested)
                    {
                        break;
                    }

                    changed = _changed.Task;
                }

                await changed;
            }

            await to.WriteAsync(buffer.AsMemory(0, read), _stop.Token);
        }
    }

    private async Task<int> ReadAsync(NetworkStream stream, byte[] buffer)
    {
        try
        {
            return await stream.ReadAsync(buffer, _stop.Token);
        }
        catch (Exception) when (_stop.IsCancellationRequested)
        {
            return 0;
        }
        catch (IOException)
        {
            return 0;
        }
    }

    private static int Count(ReadOnlySpan<byte> data, byte[] pattern)
    {
        var count = 0;
        for (int at; (at = data.IndexOf(pattern)) >= 0; data = data[(at + pattern.Length)..])
        {
            count++;
        }

        return count;
    }
}
