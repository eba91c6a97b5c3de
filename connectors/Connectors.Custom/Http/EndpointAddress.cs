using System;

namespace Connectors.Custom;

/// <summary>Joins the configured API base with a relative operation path, in one place.</summary>
/// <remarks>
/// The base is the API root including its version segment (<c>http://localhost:11434/v1</c>); the operation is
/// appended to it whether or not the base ends with a slash. <see cref="Uri(Uri, string)"/> alone would drop the
/// last segment of a base without a trailing slash (<c>/v1</c> + <c>chat/completions</c> = <c>/chat/completions</c>),
/// which is the classic cause of 404s with compatible servers.
/// </remarks>
internal static class EndpointAddress
{
    public static Uri Combine(Uri baseAddress, string relativePath)
    {
        var builder = new UriBuilder(baseAddress);
        var path = builder.Path.EndsWith('/') ? builder.Path : builder.Path + "/";
        builder.Path = path + relativePath.TrimStart('/');
        return builder.Uri;
    }

    /// <summary>Describes an address for messages and telemetry: scheme, host, port and path, never user info or
    /// query (either may hold a key).</summary>
    public static string Describe(Uri address) => address.GetLeftPart(UriPartial.Path) is var left && address.UserInfo.Length > 0
        ? left.Replace(address.UserInfo + "@", string.Empty, StringComparison.Ordinal)
        : address.GetLeftPart(UriPartial.Path);

    /// <summary>Returns the address without user info or query, for metadata that users may log.</summary>
    public static Uri Sanitize(Uri address) => new(Describe(address));
}
