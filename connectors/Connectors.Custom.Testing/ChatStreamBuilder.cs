using System;
using System.Collections.Generic;

namespace Connectors.Custom.Testing;

/// <summary>Lays out a streamed answer as its profile streams: role, reasoning and content chunks, tool-call deltas,
/// the finish chunk, usage, keep-alive comments, or an error inside the stream.</summary>
internal sealed class ChatStreamBuilder
{
    private readonly ChatAnswer _answer;
    private readonly WireStyle _style;
    private readonly bool _includeUsage;
    private readonly bool _continuousUsage;
    private readonly List<StreamEvent> _events = [];
    private bool _roleSent;
    private int _completionSoFar;
    private int _breakAfter = -1;

    private ChatStreamBuilder(ChatAnswer answer, bool includeUsage, bool continuousUsage)
    {
        _answer = answer;
        _style = answer.Style;
        _includeUsage = includeUsage;
        _continuousUsage = continuousUsage && _style.ContinuousUsage;
    }

    public static EventStream Build(ChatAnswer answer, bool includeUsage, bool continuousUsage)
    {
        var builder = new ChatStreamBuilder(answer, includeUsage, continuousUsage);
        return builder.Build();
    }

    private EventStream Build()
    {
        var reply = _answer.Reply;
        if (_style.KeepAlive is { } keepAlive)
        {
            _events.Add(StreamEvent.Comment(keepAlive));
        }

        var reasoning = _style.ReasoningField is not null && !string.IsNullOrEmpty(reply.Reasoning) ? TokenCounter.SplitForStreaming(reply.Reasoning) : [];
        if (!_style.RoleRidesOnFirstChunk)
        {
            // DeepSeek's reasoner opens with null content and empty reasoning; everyone else with empty content.
            var deepSeekReasoning = reasoning.Count > 0 && _style.NullContentBesideReasoning;
            Add(new ChunkSpec
            {
                Role = "assistant",
                HasContent = true,
                Content = deepSeekReasoning || _style.NullContentInRoleChunk ? null : string.Empty,
                HasReasoning = deepSeekReasoning,
                Reasoning = string.Empty,
                XGroq = _style.GroqExtras,
            });
            _roleSent = true;
        }

        if (reply.Error is { } error)
        {
            return Fail(error);
        }

        KeepAliveBetweenChunks();
        foreach (var piece in reasoning)
        {
            _completionSoFar += TokenCounter.CountWords(piece);
            Add(new ChunkSpec { Role = TakeRole(), HasReasoning = true, Reasoning = piece, HasContent = _style.NullContentBesideReasoning });
        }

        var pieces = TokenCounter.SplitForStreaming(reply.Text);
        var half = (pieces.Count + 1) / 2;
        var finishSent = false;
        for (var i = 0; i < pieces.Count; i++)
        {
            _completionSoFar += TokenCounter.CountWords(pieces[i]);
            var last = i == pieces.Count - 1 && _answer.Calls.Count == 0;
            if (last && _style.FinishOnLastDelta)
            {
                Add(FinishSpec(new ChunkSpec { Role = TakeRole(), HasContent = true, Content = pieces[i], FinishReason = reply.FinishReason }));
                finishSent = true;
            }
            else
            {
                Add(new ChunkSpec { Role = TakeRole(), HasContent = true, Content = pieces[i] });
            }

            if (i + 1 == half)
            {
                MarkBreak();
            }
        }

        if (_answer.Calls.Count > 0)
        {
            finishSent = AddToolCalls();
        }

        if (_breakAfter < 0)
        {
            MarkBreak();
        }

        KeepAliveBetweenChunks();
        _completionSoFar = _answer.Usage.CompletionTokens;
        var usageChunk = _style.Usage == StreamUsage.SeparateChunk && (_includeUsage || _continuousUsage);
        if (!finishSent)
        {
            // llama.cpp puts its timings on the last chunk: this one unless a usage chunk follows.
            Add(FinishSpec(new ChunkSpec { Role = TakeRole(), FinishReason = reply.FinishReason, Timings = usageChunk ? null : TimingsOrNull() }));
        }

        if (_style.ToolDeltas == ToolDeltaStyle.NameFirstThenTrailingEmpty && _answer.Calls.Count > 0)
        {
            // Seen from vLLM deployments: one more empty-arguments delta for the last call after the finish chunk.
            Add(new ChunkSpec { ToolCalls = [new ToolDelta(_answer.Calls.Count - 1, null, null, null, string.Empty)] });
        }

        if (usageChunk)
        {
            Add(new ChunkSpec { NoChoices = true, Usage = _answer.Usage, Timings = TimingsOrNull() });
        }

        return new EventStream(_events, _breakAfter, EndsWithDone: true);
    }

    /// <summary>Adds the tool calls in the profile's style; returns whether the finish reason went with them.</summary>
    private bool AddToolCalls()
    {
        var calls = _answer.Calls;
        switch (_style.ToolDeltas)
        {
            case ToolDeltaStyle.Whole:
            case ToolDeltaStyle.WholeWithoutIndexOrType:
                var bare = _style.ToolDeltas == ToolDeltaStyle.WholeWithoutIndexOrType;
                var deltas = new ToolDelta[calls.Count];
                for (var i = 0; i < calls.Count; i++)
                {
                    deltas[i] = new ToolDelta(bare ? null : i, calls[i].Id, bare ? null : "function", calls[i].Name, calls[i].Arguments);
                }

                if (_style.FinishOnLastDelta)
                {
                    // Mistral: the calls, the finish reason and the usage in one chunk.
                    _completionSoFar = _answer.Usage.CompletionTokens;
                    Add(FinishSpec(new ChunkSpec { Role = TakeRole(), ToolCalls = deltas, FinishReason = _answer.Reply.FinishReason }));
                    MarkBreak();
                    return true;
                }

                Add(new ChunkSpec { Role = TakeRole(), ToolCalls = deltas });
                MarkBreak();
                return false;
            default:
                var nameOnly = _style.ToolDeltas == ToolDeltaStyle.NameFirstThenTrailingEmpty;
                for (var i = 0; i < calls.Count; i++)
                {
                    Add(new ChunkSpec { Role = TakeRole(), ToolCalls = [new ToolDelta(i, calls[i].Id, "function", calls[i].Name, nameOnly ? null : string.Empty)] });
                    if (i == 0)
                    {
                        MarkBreak();
                    }

                    foreach (var fragment in Fragments(calls[i].Arguments))
                    {
                        Add(new ChunkSpec { ToolCalls = [new ToolDelta(i, null, null, null, fragment)] });
                    }
                }

                return false;
        }
    }

    /// <summary>The error inside the stream: OpenRouter's error chunk with <c>finish_reason: "error"</c>, or the
    /// profile's error body as a data event; the stream then ends without <c>[DONE]</c>.</summary>
    private EventStream Fail(string error)
    {
        MarkBreak();
        if (_style.Errors == ErrorShape.OpenRouter)
        {
            _events.Add(StreamEvent.Data(ChatCompletionJson.Chunk(_answer, new ChunkSpec { HasContent = true, Content = string.Empty, FinishReason = "error", Error = error })));
        }
        else
        {
            _events.Add(StreamEvent.Data(ErrorJson.Write(_style.Errors, 500, error, "server_error", null)));
        }

        return new EventStream(_events, _breakAfter, EndsWithDone: false);
    }

    /// <summary>Puts the usage where the profile puts it on the finish chunk.</summary>
    private ChunkSpec FinishSpec(ChunkSpec spec)
    {
        var usage = _answer.Usage;
        return _style.Usage switch
        {
            StreamUsage.OnFinishChunk when _includeUsage => spec with { Usage = usage },
            StreamUsage.AlwaysOnFinishChunk => spec with { Usage = usage },
            StreamUsage.InXGroq => spec with { XGroqUsage = usage },
            _ => spec,
        };
    }

    private TokenUsage? TimingsOrNull() => _style.Timings ? _answer.Usage : null;

    private void Add(ChunkSpec spec)
    {
        if (spec.Usage is null && spec.XGroqUsage is null)
        {
            if (_continuousUsage)
            {
                spec = spec with { Usage = new TokenUsage(_answer.Usage.PromptTokens, _completionSoFar) };
            }
            else if (_style.NullUsageOnEveryChunk)
            {
                spec = spec with { WriteNullUsage = true };
            }
        }

        _events.Add(StreamEvent.Data(ChatCompletionJson.Chunk(_answer, spec)));
    }

    private void KeepAliveBetweenChunks()
    {
        if (_style.KeepAliveBetweenChunks && _style.KeepAlive is { } keepAlive)
        {
            _events.Add(StreamEvent.Comment(keepAlive));
        }
    }

    /// <summary>The role goes on the first chunk only (profiles without a role chunk put it on the first content).</summary>
    private string? TakeRole()
    {
        if (_roleSent)
        {
            return null;
        }

        _roleSent = true;
        return "assistant";
    }

    /// <summary>A broken stream (drop or stall faults) sends the events up to here: the role chunk and the first half
    /// of the words (at least one), or the first tool-call chunk, never the finish chunk.</summary>
    private void MarkBreak()
    {
        if (_breakAfter < 0)
        {
            _breakAfter = _events.Count;
        }
    }

    private List<string> Fragments(string arguments)
    {
        var length = _style.ArgumentFragmentLength > 0 ? _style.ArgumentFragmentLength : Math.Max(1, (arguments.Length + 1) / 2);
        var fragments = new List<string>();
        for (var start = 0; start < arguments.Length; start += length)
        {
            fragments.Add(arguments.Substring(start, Math.Min(length, arguments.Length - start)));
        }

        return fragments;
    }
}
