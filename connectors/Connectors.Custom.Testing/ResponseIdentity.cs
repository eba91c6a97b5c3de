namespace Connectors.Custom.Testing;

/// <summary>The <c>id</c>, <c>created</c> (Unix seconds) and <c>model</c> every chunk of one answer repeats.</summary>
internal readonly record struct ResponseIdentity(string Id, long Created, string Model);
