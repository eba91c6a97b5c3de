namespace Connectors.Custom.Fuzz;

/// <summary>Ends the process, printing the input, when one input runs for more than ten seconds: a hang cannot be
/// caught from inside the thread that hangs.</summary>
public sealed class Watchdog : IDisposable
{
    private readonly Timer _timer;
    private readonly string _target;
    private FuzzCase? _current;
    private long _count;
    private long _lastCount = -1;
    private int _stalledTicks;

    public Watchdog(string target)
    {
        _target = target;
        _timer = new Timer(_ => Tick(), null, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1));
    }

    public long Count => Interlocked.Read(ref _count);

    public void Begin(FuzzCase input)
    {
        Volatile.Write(ref _current, input);
        Interlocked.Increment(ref _count);
    }

    public void Dispose() => _timer.Dispose();

    private void Tick()
    {
        var count = Count;
        _stalledTicks = count == _lastCount ? _stalledTicks + 1 : 0;
        _lastCount = count;
        if (_stalledTicks >= 10)
        {
            Console.WriteLine($"{_target}: HANG on input {Volatile.Read(ref _current)}");
            Environment.Exit(3);
        }
    }
}
