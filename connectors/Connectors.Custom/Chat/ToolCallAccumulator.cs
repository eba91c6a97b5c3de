using System;
using System.Collections.Generic;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.AI;

namespace Connectors.Custom;

/// <summary>
/// Assembles function calls from <c>tool_calls</c> entries, whether each call arrives whole (Groq, Mistral, Ollama,
/// xAI, any non-streaming response) or in fragments spread over many chunks (OpenAI, DeepSeek, vLLM).
/// </summary>
/// <remarks>
/// Rules, each from a documented provider behaviour (docs/providers.md, section 4.4 "Tool-call assembly"): fragments are matched by
/// <c>index</c> when present, else by a non-empty <c>id</c>; a fragment with neither and no name continues the last
/// call; an index that arrives again with a different non-empty id starts a new call (servers that send every call
/// as index 0); a known name or id is never overwritten by an empty one; indexes need not start at 0; empty or
/// missing ids are synthesised so each call stays distinct; and the calls are emitted once, after the stream ends.
/// </remarks>
internal sealed class ToolCallAccumulator
{
    private readonly List<Builder> _calls = [];

    public bool HasCalls => _calls.Count > 0;

    public void Add(List<ToolCallDelta> deltas)
    {
        foreach (var delta in deltas)
        {
            Add(delta);
        }
    }

    public void Add(ToolCallDelta delta)
    {
        var target = Find(delta);
        if (target is null)
        {
            target = new Builder { Index = delta.Index };
            _calls.Add(target);
        }

        if (string.IsNullOrEmpty(target.Id) && !string.IsNullOrEmpty(delta.Id))
        {
            target.Id = delta.Id;
        }

        if (string.IsNullOrEmpty(target.Name) && !string.IsNullOrEmpty(delta.Name))
        {
            target.Name = delta.Name;
        }

        if (!string.IsNullOrEmpty(delta.Arguments))
        {
            target.Arguments.Append(delta.Arguments);
        }
    }

    /// <summary>Builds the assembled calls.</summary>
    /// <exception cref="CustomProtocolException">A call has arguments but no function name.</exception>
    public List<FunctionCallContent> Build()
    {
        var result = new List<FunctionCallContent>(_calls.Count);
        for (var i = 0; i < _calls.Count; i++)
        {
            var call = _calls[i];
            var arguments = call.Arguments.ToString();
            if (string.IsNullOrEmpty(call.Name))
            {
                if (string.IsNullOrWhiteSpace(arguments))
                {
                    continue;
                }

                throw new CustomProtocolException(
                    CustomProtocolErrorKind.UnexpectedShape,
                    $"The server sent a tool call (position {i}, index {call.Index?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "none"}) with arguments but no function name.");
            }

            var id = string.IsNullOrEmpty(call.Id) ? SynthesizeId() : call.Id;
            result.Add(FunctionCallContent.CreateFromParsedArguments(arguments, id, call.Name, ParseArguments));
        }

        return result;
    }

    private Builder? Find(ToolCallDelta delta)
    {
        if (delta.Index is { } index)
        {
            for (var i = _calls.Count - 1; i >= 0; i--)
            {
                var candidate = _calls[i];
                if (candidate.Index == index)
                {
                    var conflictingId = !string.IsNullOrEmpty(delta.Id) && !string.IsNullOrEmpty(candidate.Id) && delta.Id != candidate.Id;
                    return conflictingId ? null : candidate;
                }
            }

            return null;
        }

        if (!string.IsNullOrEmpty(delta.Id))
        {
            foreach (var candidate in _calls)
            {
                if (candidate.Id == delta.Id)
                {
                    return candidate;
                }
            }

            return null;
        }

        // Neither index nor id: a nameless fragment continues the last call, a named one is a new whole call.
        return string.IsNullOrEmpty(delta.Name) && _calls.Count > 0 ? _calls[^1] : null;
    }

    private static string SynthesizeId() => "call_" + Guid.NewGuid().ToString("N")[..24];

    /// <summary>Empty arguments mean "no arguments"; anything else must be a JSON object. A parse failure is kept
    /// on the <see cref="FunctionCallContent.Exception"/> so the function-invocation layer reports it to the model.</summary>
    private static IDictionary<string, object?>? ParseArguments(string arguments)
    {
        if (string.IsNullOrWhiteSpace(arguments))
        {
            return new Dictionary<string, object?>();
        }

        // One document holds every argument; each value is an element of it. Deserializing to a dictionary would give
        // each value a document (and a copy of its bytes) of its own.
        var root = JsonSerializer.Deserialize(arguments, CustomJsonContext.Default.JsonElement);
        var parsed = new Dictionary<string, object?>();
        if (root.ValueKind == JsonValueKind.Null)
        {
            return parsed;
        }

        if (root.ValueKind != JsonValueKind.Object)
        {
            throw new JsonException($"The arguments are a JSON {root.ValueKind}, not an object.");
        }

        foreach (var argument in root.EnumerateObject())
        {
            parsed[argument.Name] = argument.Value.ValueKind == JsonValueKind.Null ? null : argument.Value;
        }

        return parsed;
    }

    private sealed class Builder
    {
        public int? Index { get; init; }

        public string? Id { get; set; }

        public string? Name { get; set; }

        public StringBuilder Arguments { get; } = new();
    }
}
