namespace Connectors.Custom.Cli.Commands;

/// <summary>Collects every call's usage and cost (registered as the kernel's <see cref="ICustomUsageTracker"/>), so
/// each demo step can report what all of its calls used, tool rounds and embeddings included.</summary>
internal sealed class UsageMeter : ICustomUsageTracker
{
    private readonly List<CustomUsageRecord> _records = [];

    public int Mark()
    {
        lock (_records)
        {
            return _records.Count;
        }
    }

    /// <summary>Sums the calls recorded since <paramref name="mark"/>; the cost is null when none of them had a known price.</summary>
    public StepUsage Since(int mark)
    {
        lock (_records)
        {
            var calls = _records.Skip(mark).ToList();
            var priced = calls.Where(r => r.Cost is not null).ToList();
            return new StepUsage(calls.Count, calls.Sum(r => r.InputTokens), calls.Sum(r => r.OutputTokens), priced.Count == 0 ? null : priced.Sum(r => r.Cost!.Value));
        }
    }

    public void Record(CustomUsageRecord record)
    {
        lock (_records)
        {
            _records.Add(record);
        }
    }

    public decimal GetSpent(string? serviceId = null)
    {
        lock (_records)
        {
            return _records.Where(r => serviceId is null || r.ServiceId == serviceId).Sum(r => r.Cost ?? 0m);
        }
    }
}
