using System;

namespace Connectors.Custom;

/// <summary>Makes <c>ChatMessage.AuthorName</c> acceptable as the protocol's <c>name</c>: OpenAI allows only
/// letters, digits, <c>_</c> and <c>-</c>, up to 64 characters, and rejects the whole request otherwise.</summary>
internal static class AuthorNames
{
    private const int MaxLength = 64;

    public static string Sanitize(string name)
    {
        var span = name.AsSpan().Trim();
        if (span.Length > MaxLength)
        {
            span = span[..MaxLength];
        }

        var valid = true;
        foreach (var c in span)
        {
            if (!IsAllowed(c))
            {
                valid = false;
                break;
            }
        }

        if (valid)
        {
            return span.Length == name.Length ? name : span.ToString();
        }

        return string.Create(span.Length, name, static (target, source) =>
        {
            var trimmed = source.AsSpan().Trim();
            for (var i = 0; i < target.Length; i++)
            {
                target[i] = IsAllowed(trimmed[i]) ? trimmed[i] : '_';
            }
        });
    }

    private static bool IsAllowed(char c) => char.IsAsciiLetterOrDigit(c) || c is '_' or '-';
}
