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
    public (string? Reasoning, string? Answer) Push(string text)
    {
        _held.Append(text);
        string? reasoning = null;
        string? answer = null;
        while (true)
        {
            var held = _held.ToString();
            switch (_state)
            {
                case State.Start:
                {
                    var trimmed = held.TrimStart();
                    if (trimmed.StartsWith(Open, StringComparison.Ordinal))
                    {
                        Replace(trimmed[Open.Length..]);
                        _state = State.Thinking;
                        continue;
                    }

                    if (Open.StartsWith(trimmed, StringComparison.Ordinal))
                    {
                        return (reasoning, answer);
                    }

                    var close = mayStartInside ? held.IndexOf(Close, StringComparison.Ordinal) : -1;
                    if (close >= 0)
                    {
                        // The reply began inside a think block whose opening tag was in the prompt.
                        reasoning = JsonReading.Concat(reasoning, NullIfBlank(held[..close]));
                        Replace(held[(close + Close.Length)..]);
                        _state = State.Answering;
                        _trimAnswerStart = true;
                        continue;
                    }

                    if (mayStartInside && held.Length < StartWindow)
                    {
                        return (reasoning, answer);
                    }

                    _state = State.Answering;
                    continue;
                }

                case State.Thinking:
                {
                    var close = held.IndexOf(Close, StringComparison.Ordinal);
                    if (close >= 0)
                    {
                        reasoning = JsonReading.Concat(reasoning, NullIfEmpty(held[..close]));
                        Replace(held[(close + Close.Length)..]);
                        _state = State.Answering;
                        _trimAnswerStart = true;
                        continue;
                    }

                    var keep = PartialTagLength(held, Close);
                    reasoning = JsonReading.Concat(reasoning, NullIfEmpty(held[..^keep]));
                    Replace(held[^keep..]);
                    return (reasoning, answer);
                }

                default:
                {
                    if (_trimAnswerStart)
                    {
                        // The blank lines models put after </think> may arrive in later chunks.
                        var trimmed = held.TrimStart();
                        if (trimmed.Length == 0)
                        {
                            Replace(string.Empty);
                            return (reasoning, answer);
                        }

                        _trimAnswerStart = false;
                        Replace(trimmed);
                        held = trimmed;
                    }

                    // A stray closing tag in the answer (reasoning that outgrew the start window) is dropped.
                    var close = held.IndexOf(Close, StringComparison.Ordinal);
                    if (close >= 0)
                    {
                        answer = JsonReading.Concat(answer, NullIfEmpty(held[..close]));
                        Replace(held[(close + Close.Length)..]);
                        continue;
                    }

                    var keep = PartialTagLength(held, Close);
                    answer = JsonReading.Concat(answer, NullIfEmpty(held[..^keep]));
                    Replace(held[^keep..]);
                    return (reasoning, answer);
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

    private void Replace(string text)
    {
        _held.Clear();
        _held.Append(text);
    }

    /// <summary>How many trailing characters could be the start of <paramref name="tag"/>.</summary>
    private static int PartialTagLength(string text, string tag)
    {
        for (var length = Math.Min(tag.Length - 1, text.Length); length > 0; length--)
        {
            if (text.AsSpan(text.Length - length).SequenceEqual(tag.AsSpan(0, length)))
            {
                return length;
            }
        }

        return 0;
    }

    private static string? NullIfEmpty(string text) => text.Length == 0 ? null : text;

    private static string? NullIfBlank(string text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();
}
