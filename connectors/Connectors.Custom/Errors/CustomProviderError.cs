namespace Connectors.Custom;

/// <summary>The error details an OpenAI-compatible server put in its error body.</summary>
/// <param name="Message">The provider's own error text, flattened to one line when the server sent a structured message.</param>
/// <param name="Type">The error type, for example <c>invalid_request_error</c>, when present.</param>
/// <param name="Code">The error code as text (providers send strings or numbers), when present.</param>
/// <param name="Param">The request parameter the error refers to, when present.</param>
public sealed record CustomProviderError(string Message, string? Type = null, string? Code = null, string? Param = null);
