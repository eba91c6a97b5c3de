using System;
using System.Security.Cryptography;
using System.Text;

namespace Connectors.Custom;

/// <summary>Whose limits are shared across a fleet: one endpoint, one model, one key. The key is named by a
/// fingerprint (a hash), so the key itself never leaves the process.</summary>
/// <param name="Address">The endpoint's address without query or user info.</param>
/// <param name="ModelId">The model.</param>
/// <param name="KeyFingerprint">A SHA-256 prefix of the API key in hex; <c>dynamic</c> when a key provider supplies
/// keys per call; <c>none</c> without a key.</param>
internal sealed record FleetEndpoint(string Address, string ModelId, string KeyFingerprint)
{
    public static FleetEndpoint For(CustomEndpointOptions options) =>
        new(EndpointAddress.Describe(options.Endpoint!), options.ModelId!, Fingerprint(options));

    private static string Fingerprint(CustomEndpointOptions options)
    {
        if (options.ApiKeyProvider is not null)
        {
            return "dynamic";
        }

        if (string.IsNullOrEmpty(options.ApiKey))
        {
            return "none";
        }

        // 64 bits of SHA-256: enough to tell a fleet's keys apart, far too little to recover or confirm a key from.
        return Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(options.ApiKey)).AsSpan(0, 8));
    }
}
