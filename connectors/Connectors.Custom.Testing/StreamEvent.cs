namespace Connectors.Custom.Testing;

/// <summary>One server-sent event: a <c>data:</c> event with a JSON payload, optionally named by an <c>event:</c> line
/// (as the Responses API names each event), or a comment line (keep-alive).</summary>
internal readonly record struct StreamEvent(byte[] Payload, bool IsComment, string? Name = null)
{
    public static StreamEvent Data(byte[] json) => new(json, false);

    /// <summary>A data event preceded by <c>event: <paramref name="name"/></c>.</summary>
    public static StreamEvent Named(string name, byte[] json) => new(json, false, name);

    public static StreamEvent Comment(string text) => new(System.Text.Encoding.UTF8.GetBytes(text), true);
}
