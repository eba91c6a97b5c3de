namespace Connectors.Custom.Testing;

/// <summary>One entry of a streamed delta's <c>tool_calls</c>; null members are left out of the JSON.</summary>
internal readonly record struct ToolDelta(int? Index, string? Id, string? Type, string? Name, string? Arguments);
