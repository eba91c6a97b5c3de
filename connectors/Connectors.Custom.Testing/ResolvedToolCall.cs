namespace Connectors.Custom.Testing;

/// <summary>A function call of a reply with the id it goes out with.</summary>
internal readonly record struct ResolvedToolCall(string Id, string Name, string Arguments);
