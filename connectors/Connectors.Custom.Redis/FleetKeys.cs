using System;
using System.Security.Cryptography;
using System.Text;
using StackExchange.Redis;

namespace Connectors.Custom.Redis;

/// <summary>
/// The keys of one endpoint (address + model + key fingerprint): <c>{prefix}:{{id}}:log</c>, <c>:amounts</c>,
/// <c>:leases</c>, <c>:cooldown</c> and <c>:circuit</c>. The braces are a Redis Cluster hash tag: every key of an endpoint falls in the
/// same slot, so one script may touch them all. The id is a hash of the endpoint's identity, so addresses and models
/// with odd characters make well-formed keys and nothing about the key is readable from Redis. Every key carries an
/// expiry set by the script that writes it.
/// </summary>
internal sealed class FleetKeys
{
    public FleetKeys(string prefix, FleetEndpoint endpoint)
    {
        var identity = $"{endpoint.Address}\n{endpoint.ModelId}\n{endpoint.KeyFingerprint}";
        var id = Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(identity)).AsSpan(0, 8));
        var root = $"{prefix}:{{{id}}}:";
        Log = root + "log";
        Amounts = root + "amounts";
        Leases = root + "leases";
        Cooldown = root + "cooldown";
        Circuit = root + "circuit";
        Admission = [Log, Amounts, Leases, Cooldown, Circuit];
    }

    public RedisKey Log { get; }

    public RedisKey Amounts { get; }

    public RedisKey Leases { get; }

    public RedisKey Cooldown { get; }

    public RedisKey Circuit { get; }

    /// <summary>Gets the keys of <see cref="FleetScripts.Admit"/>, in its order.</summary>
    public RedisKey[] Admission { get; }
}
