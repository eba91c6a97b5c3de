using System;
using System.Security.Cryptography;
using System.Text;

namespace Connectors.Custom;

/// <summary>Rewrites tool-call ids for servers that accept only one format.</summary>
internal static class ToolCallIds
{
    private const string Alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

    /// <summary>Returns the id in the required format. The rewrite is a pure function of the id, so a call id and the
    /// <c>tool_call_id</c> of its result always map to the same value, in every request of a conversation.</summary>
    public static string Format(string id, ToolCallIdFormat format)
    {
        if (format != ToolCallIdFormat.NineAlphanumerics || IsNineAlphanumerics(id))
        {
            return id;
        }

        Span<byte> hash = stackalloc byte[32];
        SHA256.HashData(Encoding.UTF8.GetBytes(id), hash);
        return string.Create(9, hash.ToArray(), static (target, bytes) =>
        {
            for (var i = 0; i < target.Length; i++)
            {
                target[i] = Alphabet[bytes[i] % Alphabet.Length];
            }
        });
    }

    private static bool IsNineAlphanumerics(string id)
    {
        if (id.Length != 9)
        {
            return false;
        }

        foreach (var c in id)
        {
            if (!char.IsAsciiLetterOrDigit(c))
            {
                return false;
            }
        }

        return true;
    }
}
