namespace Connectors.Custom.Testing;

/// <summary>A function the request offers the model in <c>tools</c>.</summary>
public sealed class ChatScriptTool
{
    /// <summary>Initializes a new instance of the <see cref="ChatScriptTool"/> class.</summary>
    /// <param name="name">The function name.</param>
    /// <param name="description">The description, or null.</param>
    /// <param name="parametersJson">The JSON schema of the parameters as text, or null when none was sent.</param>
    public ChatScriptTool(string name, string? description, string? parametersJson)
    {
        Name = name;
        Description = description;
        ParametersJson = parametersJson;
    }

    /// <summary>Gets the function name.</summary>
    public string Name { get; }

    /// <summary>Gets the description, or null.</summary>
    public string? Description { get; }

    /// <summary>Gets the parameters' JSON schema as text, or null.</summary>
    public string? ParametersJson { get; }
}
