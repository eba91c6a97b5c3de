namespace Connectors.Custom.Benchmarks.Server;

/// <summary>What <c>GET /bench/stats</c> returns: requests answered per encoding, and inputs embedded.</summary>
internal sealed record ServedRequestCounts(long Base64, long Float, long Inputs)
{
    public ServedRequestCounts Minus(ServedRequestCounts earlier) =>
        new(Base64 - earlier.Base64, Float - earlier.Float, Inputs - earlier.Inputs);
}
