using System;

namespace Connectors.Custom;

/// <summary>
/// The JSON Schema constructs a server accepts in function parameter schemas. Servers that constrain tool calls with a
/// grammar (llama.cpp, vLLM's guided decoding) or read schemas into their own narrower types (Ollama) reject or silently
/// lose the rest; for them the connector rewrites each schema when it writes the tools, keeping its meaning where it can.
/// In configuration, name the members separated by commas (<c>"Composition, References"</c>).
/// </summary>
[Flags]
public enum ToolSchemaFeatures
{
    /// <summary>Only plain types, properties, items, enums and descriptions: every construct below is rewritten.</summary>
    None = 0,

    /// <summary><c>anyOf</c>, <c>oneOf</c> and <c>allOf</c>. Without it, an alternative with <c>null</c> becomes a
    /// nullable type (<c>"type": ["string", "null"]</c>), other alternatives keep the first, and <c>allOf</c> parts are merged.</summary>
    Composition = 1,

    /// <summary><c>$ref</c> and <c>$defs</c> (or <c>definitions</c>). Without it, references are inlined, eight levels
    /// deep at most (a deeper or recursive reference becomes a plain object).</summary>
    References = 2,

    /// <summary><c>format</c> and <c>pattern</c>. Without them, they are dropped and stated in the property's
    /// description instead, so the model still reads them.</summary>
    FormatKeywords = 4,

    /// <summary>Objects without <c>properties</c> (free-form maps). Without it, such objects get empty <c>properties</c>.</summary>
    PropertylessObjects = 8,

    /// <summary><c>"strict": true</c> on a function whose declaration asks for it (the <c>strict</c> entry of its
    /// additional properties). Without it, strict is never sent.</summary>
    Strict = 16,

    /// <summary>Every schema construct, but not strict mode: what the generic profile assumes.</summary>
    Standard = Composition | References | FormatKeywords | PropertylessObjects,

    /// <summary>Everything, strict mode included (OpenAI, Azure OpenAI).</summary>
    All = Standard | Strict,
}
