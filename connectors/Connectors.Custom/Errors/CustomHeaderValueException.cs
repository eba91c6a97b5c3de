using Microsoft.SemanticKernel;

namespace Connectors.Custom;

/// <summary>
/// Thrown before a request is sent when a header value obtained for that request, such as the key returned by
/// <see cref="CustomEndpointOptions.ApiKeyProvider"/>, holds a control character (for example a line break) once
/// trimmed. The message names the setting, never the value.
/// </summary>
/// <remarks>
/// Static settings are checked when a service is built and fail with <see cref="System.ArgumentException"/>; a provider's
/// result can only be checked per request, after registration, so it gets its own type. It is deliberately neither a
/// <see cref="CustomEndpointException"/> (nothing was sent and the endpoint did nothing wrong, so it must not count
/// against the endpoint's circuit, be retried or fail over) nor an <see cref="System.ArgumentException"/> (no argument
/// of the call was wrong).
/// </remarks>
public sealed class CustomHeaderValueException : KernelException
{
    /// <summary>Initializes a new instance of the <see cref="CustomHeaderValueException"/> class.</summary>
    /// <param name="setting">The setting whose value was refused, for example <c>ApiKeyProvider</c>.</param>
    public CustomHeaderValueException(string setting)
        : base($"The value returned by {setting} contains a control character (such as a line break) inside it, which could add headers to the request; the request was not sent and the value is not shown.")
    {
        Setting = setting;
    }

    /// <summary>Gets the setting whose value was refused.</summary>
    public string Setting { get; }
}
