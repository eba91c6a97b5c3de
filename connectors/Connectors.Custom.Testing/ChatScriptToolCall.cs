using System;

namespace Connectors.Custom.Testing;

/// <summary>A function call: one the scripted model asks for in a reply, or one an earlier assistant turn of the
/// request made.</summary>
public sealed class ChatScriptToolCall
{
    /// <summary>Initializes a new instance of the <see cref="ChatScriptToolCall"/> class.</summary>
    /// <param name="name">The function name.</param>
    /// <param name="argumentsJson">The arguments as JSON text (an object, <c>{}</c> for none).</param>
    /// <param name="id">The call id; null lets the server assign one in its wire profile's style.</param>
    /// <exception cref="ArgumentException"><paramref name="name"/> is empty.</exception>
    /// <exception cref="ArgumentNullException"><paramref name="argumentsJson"/> is null.</exception>
    public ChatScriptToolCall(string name, string argumentsJson, string? id = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(argumentsJson);
        Name = name;
        ArgumentsJson = argumentsJson;
        Id = id;
    }

    /// <summary>Gets the function name.</summary>
    public string Name { get; }

    /// <summary>Gets the arguments as JSON text.</summary>
    public string ArgumentsJson { get; }

    /// <summary>Gets the call id, or null when the server is to assign one.</summary>
    public string? Id { get; }
}
