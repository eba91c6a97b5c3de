using System;
using System.Text;

namespace Connectors.Custom;

/// <summary>
/// Splits <c>&lt;think&gt;…&lt;/think&gt;</c> written inline by servers without a reasoning parser into reasoning and
/// answer, chunk by chunk: tags may be split across chunks, and a reply may start inside a think block (chat templates
/// that pre-fill <c>&lt;think&gt;</c> make the model's output begin with the reasoning and contain only the closing tag).
/// </summary>
/// <remarks>
/// A reply that does not open with <c>&lt;think&gt;</c> streams as answer at once, unless the reply may start inside a
/// think block (<see cref="CustomQuirkProfile.ReplyMayStartInThink"/>): then up to <see cref="StartWindow"/> characters
/// are held back while waiting for a closing tag, and a reply that shows none within that window streams as answer from
/// then on. A closing tag that arrives later is removed either way. Not thread-safe: one instance per response.
/// </remarks>
internal sealed class ThinkTagSplitter(bool mayStartInside)
{
    public const int StartWindow = 4096;
    private const string Open = "<think>";
    private const string Close = "</think>";

    private readonly StringBuilder _held = new();
    private State _state = State.Start;
    private bool _trimAnswerStart;

    // Why the start of the reply was last left undecided; lets a piece that cannot change that decision skip the
    // re-examination of everything held (which made a reply streamed in tiny pieces quadratic: found by fuzzing).
    private bool _waitingOnBlank;
    private bool _waitingForWindow;

    private enum State
    {
        Start,
        Thinking,
        Answering,
    }

    /// <summary>Splits the whole text of a non-streamed reply.</summary>
    public static (string? Reasoning, string? Answer) SplitAll(string text)
    {
        // The whole text is at hand, so waiting for a closing tag costs nothing.
        var splitter = new ThinkTagSplitter(mayStartInside: true);
        var (r1, a1) = splitter.Push(text);
        var (r2, a2) = splitter.Flush();
        return (JsonReading.Concat(r1, r2), JsonReading.Concat(a1, a2));
    }

    /// <summary>Takes the next piece of text; returns what can be released as reasoning and as answer so far.</summary>
    /// <remarks>Works through the held text by position and collects what it releases, so a piece with many tags costs
    /// time in proportion to its length (cutting and re-joining strings at every tag was quadratic: found by fuzzing).</remarks>
    public (string? Reasoning, string? Answer) Push(string text)
    {
        _held.Append(text);
        if (_state == State.Start && !text.Contains('>', StringComparison.Ordinal)
            && ((_waitingOnBlank && string.IsNullOrWhiteSpace(text)) || (_waitingForWindow && _held.Length < StartWindow)))
        {
            // Without a '>' no tag can have been completed, so the start is as undecided as before.
            return (null, null);
        }

        var held = _held.ToString();
        var reasoning = default(Collected);
        var answer = default(Collected);
        var start = 0;
        while (true)
        {
            var rest = held.AsSpan(start);
            switch (_state)
            {
                case State.Start:
                {
                    _waitingOnBlank = false;
                    _waitingForWindow = false;
                    var trimmed = rest.TrimStart();
                    if (trimmed.StartsWith(Open, StringComparison.Ordinal))
                    {
                        start = held.Length - trimmed.Length + Open.Length;
                        _state = State.Thinking;
                        continue;
                    }

                    if (Open.AsSpan().StartsWith(trimmed, StringComparison.Ordinal))
                    {
                        _waitingOnBlank = trimmed.IsEmpty;
                        return Keep(held, start, reasoning, answer);
                    }

                    var close = mayStartInside ? rest.IndexOf(Close, StringComparison.Ordinal) : -1;
                    if (close >= 0)
                    {
                        // The reply began inside a think block whose opening tag was in the prompt.
                        var before = rest[..close];
                        reasoning.Add(held, start + (before.Length - before.TrimStart().Length), before.Trim().Length);
                        start += close + Close.Length;
                        _state = State.Answering;
                        _trimAnswerStart = true;
                        continue;
                    }

                    if (mayStartInside && rest.Length < StartWindow)
                    {
                        _waitingForWindow = true;
                        return Keep(held, start, reasoning, answer);
                    }

                    _state = State.Answering;
                    continue;
                }

                case State.Thinking:
                {
                    var close = rest.IndexOf(Close, StringComparison.Ordinal);
                    if (close >= 0)
                    {
                        reasoning.Add(held, start, close);
                        start += close + Close.Length;
                        _state = State.Answering;
                        _trimAnswerStart = true;
                        continue;
                    }

                    var keep = PartialTagLength(rest, Close);
                    reasoning.Add(held, start, rest.Length - keep);
                    return Keep(held, held.Length - keep, reasoning, answer);
                }

                default:
                {
                    if (_trimAnswerStart)
                    {
                        // The blank lines models put after </think> may arrive in later chunks.
                        var trimmed = rest.TrimStart();
                        if (trimmed.IsEmpty)
                        {
                            return Keep(held, held.Length, reasoning, answer);
                        }

                        _trimAnswerStart = false;
                        start = held.Length - trimmed.Length;
                        rest = trimmed;
                    }

                    // A stray closing tag in the answer (reasoning that outgrew the start window) is dropped.
                    var close = rest.IndexOf(Close, StringComparison.Ordinal);
                    if (close >= 0)
                    {
                        answer.Add(held, start, close);
                        start += close + Close.Length;
                        continue;
                    }

                    var keep = PartialTagLength(rest, Close);
                    answer.Add(held, start, rest.Length - keep);
                    return Keep(held, held.Length - keep, reasoning, answer);
                }
            }
        }
    }

    /// <summary>Releases whatever is still held at the end of the reply.</summary>
    public (string? Reasoning, string? Answer) Flush()
    {
        var held = _held.ToString();
        _held.Clear();
        if (held.Length == 0)
        {
            return (null, null);
        }

        // Text held in the thinking state never saw its closing tag: it is still reasoning.
        return _state == State.Thinking ? (held, null) : (null, held);
    }

    /// <summary>Holds back the text from <paramref name="from"/> on and returns what was released.</summary>
    private (string? Reasoning, string? Answer) Keep(string held, int from, Collected reasoning, Collected answer)
    {
        _held.Clear();
        _held.Append(held.AsSpan(from));
        return (reasoning.ToText(), answer.ToText());
    }

    /// <summary>How many trailing characters could be the start of <paramref name="tag"/>.</summary>
    private static int PartialTagLength(ReadOnlySpan<char> text, string tag)
    {
        for (var length = Math.Min(tag.Length - 1, text.Length); length > 0; length--)
        {
            if (text[^length..].SequenceEqual(tag.AsSpan(0, length)))
            {
                return length;
            }
        }

        return 0;
    }

    /// <summary>The text released by one push, from slices of the held text: one slice (the usual case, one token)
    /// costs one string, or none when it is the whole held text; more slices are joined once.</summary>
    private struct Collected
    {
        private string? _first;
        private StringBuilder? _joined;

        public void Add(string held, int start, int length)
        {
            if (length == 0)
            {
                return;
            }

            if (_first is null)
            {
                _first = start == 0 && length == held.Length ? held : held.Substring(start, length);
            }
            else
            {
                (_joined ??= new StringBuilder(_first)).Append(held, start, length);
            }
        }

        public readonly string? ToText() => _joined?.ToString() ?? _first;
    }
}
