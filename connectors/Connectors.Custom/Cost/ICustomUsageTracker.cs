namespace Connectors.Custom;

/// <summary>Receives the usage and cost of every successful call. Register your own implementation in the service
/// collection to send usage elsewhere; the default is <see cref="CustomUsageTracker"/>.</summary>
/// <remarks>Implementations must be thread-safe: calls record concurrently.</remarks>
public interface ICustomUsageTracker
{
    /// <summary>Records one call.</summary>
    /// <param name="record">The call's usage and cost.</param>
    void Record(CustomUsageRecord record);

    /// <summary>Returns what has been spent so far, in US dollars, by one service id, or by everything when null.</summary>
    /// <param name="serviceId">The service id, or null for the total.</param>
    /// <returns>The amount spent.</returns>
    decimal GetSpent(string? serviceId = null);
}
