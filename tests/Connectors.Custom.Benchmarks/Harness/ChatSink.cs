using System.Diagnostics;
using System.Text;

namespace Connectors.Custom.Benchmarks.Harness;

/// <summary>
/// Where a chat client hands what it got: each text delta, each tool-call delta or assembled call. One per caller,
/// reused from call to call, so the harness itself allocates nothing per call or delta. While measuring it only
/// counts and notes when the first delta came; for the check it also keeps everything, to compare with the script.
/// </summary>
internal sealed class ChatSink(bool keep)
{
    private readonly StringBuilder? _text = keep ? new() : null;
    private readonly StringBuilder? _arguments = keep ? new() : null;
    private long _started;

    /// <summary>Gets the text deltas received in this call (a non-streaming answer counts as one).</summary>
    public int TextDeltas { get; private set; }

    /// <summary>Gets the tool-call deltas (or whole calls) received in this call.</summary>
    public int ToolDeltas { get; private set; }

    /// <summary>Gets the timestamp of the first delta, or 0 when none came yet.</summary>
    public long FirstDelta { get; private set; }

    public string ReceivedText => _text?.ToString() ?? string.Empty;

    public string ReceivedArguments => _arguments?.ToString() ?? string.Empty;

    public string? ToolCallId { get; private set; }

    public string? ToolName { get; private set; }

    /// <summary>Gets the assembled arguments of a client that parses them (ours), kept as given for the check.</summary>
    public IDictionary<string, object?>? ParsedArguments { get; private set; }

    /// <summary>Gets the time from <see cref="Start"/> to the first delta.</summary>
    public TimeSpan TimeToFirstDelta => FirstDelta == 0 ? TimeSpan.Zero : Stopwatch.GetElapsedTime(_started, FirstDelta);

    public void Start()
    {
        _started = Stopwatch.GetTimestamp();
        FirstDelta = 0;
        TextDeltas = 0;
        ToolDeltas = 0;
        ToolCallId = null;
        ToolName = null;
        ParsedArguments = null;
        _text?.Clear();
        _arguments?.Clear();
    }

    public void Text(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return;
        }

        Arrived();
        TextDeltas++;
        _text?.Append(text);
    }

    /// <summary>A streamed tool-call delta as the wire has it: id and name on the first, argument text after.</summary>
    public void ToolCall(string? id, string? name, string? arguments)
    {
        if (string.IsNullOrEmpty(id) && string.IsNullOrEmpty(name) && string.IsNullOrEmpty(arguments))
        {
            return;
        }

        Arrived();
        ToolDeltas++;
        if (_arguments is not null)
        {
            ToolCallId ??= string.IsNullOrEmpty(id) ? null : id;
            ToolName ??= string.IsNullOrEmpty(name) ? null : name;
            _arguments.Append(arguments);
        }
    }

    /// <summary>A whole call with parsed arguments, as M.E.AI clients deliver it.</summary>
    public void ToolCall(string id, string name, IDictionary<string, object?>? arguments)
    {
        Arrived();
        ToolDeltas++;
        if (_arguments is not null)
        {
            ToolCallId ??= id;
            ToolName ??= name;
            ParsedArguments = arguments;
        }
    }

    private void Arrived()
    {
        if (FirstDelta == 0)
        {
            FirstDelta = Stopwatch.GetTimestamp();
        }
    }
}
