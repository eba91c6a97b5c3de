using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;

namespace Connectors.Custom;

/// <summary>
/// Sums tokens and cost per service id, model and Semantic Kernel function, in memory. The registration methods
/// register one as a singleton (resolve <see cref="CustomUsageTracker"/> to read it); kernel functions are attributed
/// through a function-invocation filter they register too.
/// </summary>
/// <remarks>Thread-safe.</remarks>
public sealed class CustomUsageTracker : ICustomUsageTracker
{
    private readonly ConcurrentDictionary<(string? ServiceId, string ModelId, string? FunctionName), Totals> _totals = new();

    /// <inheritdoc />
    public void Record(CustomUsageRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        var totals = _totals.GetOrAdd((record.ServiceId, record.ModelId, record.FunctionName), static _ => new Totals());
        lock (totals)
        {
            totals.Calls++;
            totals.InputTokens += record.InputTokens;
            totals.CachedInputTokens += record.CachedInputTokens;
            totals.OutputTokens += record.OutputTokens;
            totals.Cost += record.Cost ?? 0m;
        }
    }

    /// <inheritdoc />
    public decimal GetSpent(string? serviceId = null)
    {
        decimal spent = 0;
        foreach (var (key, totals) in _totals)
        {
            if (serviceId is null || key.ServiceId == serviceId)
            {
                lock (totals)
                {
                    spent += totals.Cost;
                }
            }
        }

        return spent;
    }

    /// <summary>Returns the totals recorded so far, one entry per service id, model and kernel function.</summary>
    /// <returns>A snapshot, ordered by service id, model and function.</returns>
    public IReadOnlyList<CustomUsageTotals> GetTotals() =>
        _totals.Select(entry =>
        {
            lock (entry.Value)
            {
                var t = entry.Value;
                return new CustomUsageTotals(entry.Key.ServiceId, entry.Key.ModelId, entry.Key.FunctionName, t.Calls, t.InputTokens, t.CachedInputTokens, t.OutputTokens, t.Cost);
            }
        })
        .OrderBy(t => t.ServiceId, StringComparer.Ordinal)
        .ThenBy(t => t.ModelId, StringComparer.Ordinal)
        .ThenBy(t => t.FunctionName, StringComparer.Ordinal)
        .ToList();

    private sealed class Totals
    {
        public long Calls { get; set; }

        public long InputTokens { get; set; }

        public long CachedInputTokens { get; set; }

        public long OutputTokens { get; set; }

        public decimal Cost { get; set; }
    }
}
