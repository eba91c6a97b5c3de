using System.Text;

namespace Connectors.Custom.Cli.Tests;

/// <summary>A writer a test can read while a command is still writing to it (serve runs until cancelled).</summary>
internal sealed class SynchronizedWriter : StringWriter
{
    private readonly object _gate = new();

    public override Encoding Encoding => Encoding.UTF8;

    public override void Write(char value)
    {
        lock (_gate)
        {
            base.Write(value);
        }
    }

    public override void Write(string? value)
    {
        lock (_gate)
        {
            base.Write(value);
        }
    }

    public override void Write(char[] buffer, int index, int count)
    {
        lock (_gate)
        {
            base.Write(buffer, index, count);
        }
    }

    public string Snapshot()
    {
        lock (_gate)
        {
            return ToString();
        }
    }
}
