namespace Connectors.Custom.Testing;

/// <summary>The <c>response_format</c> a request asked for.</summary>
public sealed class ChatScriptResponseFormat
{
    /// <summary>Initializes a new instance of the <see cref="ChatScriptResponseFormat"/> class.</summary>
    /// <param name="type">The <c>type</c>: <c>text</c>, <c>json_object</c> or <c>json_schema</c>.</param>
    /// <param name="schemaName">The <c>json_schema.name</c>, or null.</param>
    /// <param name="schemaJson">The JSON schema as text (<c>json_schema.schema</c>, or the older <c>schema</c> next to
    /// <c>json_object</c>), or null.</param>
    public ChatScriptResponseFormat(string type, string? schemaName, string? schemaJson)
    {
        Type = type;
        SchemaName = schemaName;
        SchemaJson = schemaJson;
    }

    /// <summary>Gets the <c>type</c>.</summary>
    public string Type { get; }

    /// <summary>Gets the schema's name, or null.</summary>
    public string? SchemaName { get; }

    /// <summary>Gets the JSON schema as text, or null.</summary>
    public string? SchemaJson { get; }

    /// <summary>Gets whether the answer must be a JSON object (<c>json_object</c> or <c>json_schema</c>).</summary>
    public bool IsJson => Type is "json_object" or "json_schema";
}
