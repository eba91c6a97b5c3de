namespace Connectors.Custom.Testing;

/// <summary>One server-sent event: a <c>data:</c> event with a JSON payload, or a comment line (keep-alive).</summary>
internal readonly record struct StreamEvent(byte[] Payload, bool IsComment)
{
    public static StreamEvent Data(byte[] json) => new(json, false);

    public static StreamEvent Comment(string text) => new(System.Text.Encoding.UTF8.GetBytes(text), true);
}
