using System;
using System.Collections.Generic;

namespace Connectors.Custom.Testing;

/// <summary>Chooses the fault for each request: the override first, then one draw of the seeded random against the
/// cumulative probabilities.</summary>
/// <remarks>Thread-safe. Every request consumes the same draws whatever is chosen, so a seed fixes the whole sequence
/// of decisions even when the override answers some requests.</remarks>
internal sealed class FaultInjector
{
    private static readonly int[] s_serverErrorStatuses = [500, 502, 503];

    private readonly Func<RecordedRequest, FaultKind?>? _override;
    private readonly (FaultKind Kind, double UpperBound)[] _bounds;
    private readonly Random _random;
    private readonly object _gate = new();

    public FaultInjector(FaultOptions options)
    {
        _override = options.Override;
        _random = options.Seed is { } seed ? new Random(seed) : new Random();
        var bounds = new List<(FaultKind, double)>();
        double cumulative = 0;
        foreach (var kind in Enum.GetValues<FaultKind>())
        {
            if (options.Probabilities.TryGetValue(kind, out var probability) && probability > 0)
            {
                cumulative += probability;
                bounds.Add((kind, cumulative));
            }
        }

        _bounds = [.. bounds];
    }

    public FaultDecision Decide(RecordedRequest request)
    {
        double draw;
        int status;
        lock (_gate)
        {
            draw = _random.NextDouble();
            status = s_serverErrorStatuses[_random.Next(s_serverErrorStatuses.Length)];
        }

        if (_override?.Invoke(request) is { } chosen)
        {
            return new FaultDecision(Enum.IsDefined(chosen) ? chosen : throw new InvalidOperationException($"FaultOptions.Override returned an unknown fault kind {(int)chosen}."), status);
        }

        foreach (var (kind, upperBound) in _bounds)
        {
            if (draw < upperBound)
            {
                return new FaultDecision(kind, status);
            }
        }

        return new FaultDecision(null, status);
    }
}
