using System;

namespace Connectors.Custom;

/// <summary>
/// The rules every header the connector writes must follow: a value is trimmed of surrounding whitespace (a key read
/// from a file often ends in a newline) and must then hold no control character, and a name must be an HTTP token.
/// </summary>
/// <remarks>
/// A line break inside a value would let whoever controls it (a tenant's key, a configuration file, an
/// <see cref="CustomEndpointOptions.ApiKeyProvider"/>) add or override headers on the way to a gateway, so it is
/// refused rather than stripped. Errors name the setting, never the value: the value may be a secret.
/// </remarks>
internal static class HeaderValues
{
    /// <summary>Trims <paramref name="value"/>; null when nothing is left.</summary>
    public static string? TrimToNull(string? value)
    {
        if (value is null)
        {
            return null;
        }

        var trimmed = value.Trim();
        return trimmed.Length == 0 ? null : trimmed;
    }

    /// <summary>Whether <paramref name="value"/>, once trimmed, still holds a control character (CR, LF, NUL, ...).</summary>
    public static bool HasControlCharacter(string? value)
    {
        foreach (var c in value.AsSpan().Trim())
        {
            if (char.IsControl(c))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Whether <paramref name="name"/> is an HTTP token (RFC 9110 §5.6.2): letters, digits and
    /// <c>!#$%&amp;'*+-.^_`|~</c>.</summary>
    public static bool IsToken(string? name)
    {
        if (string.IsNullOrEmpty(name))
        {
            return false;
        }

        foreach (var c in name)
        {
            if (!char.IsAsciiLetterOrDigit(c) && "!#$%&'*+-.^_`|~".IndexOf(c) < 0)
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Refuses a configured value that still holds a control character once trimmed.</summary>
    /// <param name="value">The configured value (null is allowed: nothing is sent).</param>
    /// <param name="setting">The setting as the caller wrote it, for example <c>CustomChatCompletionOptions.ApiKey</c>.</param>
    /// <param name="paramName">The property name reported as <see cref="ArgumentException.ParamName"/>.</param>
    /// <exception cref="ArgumentException">The value holds a control character.</exception>
    public static void RequireNoControlCharacter(string? value, string setting, string paramName)
    {
        if (HasControlCharacter(value))
        {
            throw new ArgumentException(
                $"{setting} contains a control character (such as a line break) inside it, which could add headers to the request; the value is not shown. Leading and trailing whitespace is trimmed, anything else must go.",
                paramName);
        }
    }
}
