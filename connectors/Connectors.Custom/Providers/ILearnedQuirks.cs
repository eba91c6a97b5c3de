using System;
using System.Collections.Concurrent;

namespace Connectors.Custom;

/// <summary>Where an endpoint keeps the adaptations it learned (see <see cref="QuirkNegotiator"/>), per model: in this
/// process (<see cref="LocalLearnedQuirks"/>) or, in fleet mode, shared with every instance of the application
/// (see <see cref="IFleetCoordinator.CreateLearnedQuirks"/>).</summary>
internal interface ILearnedQuirks
{
    /// <summary>The profile requests to <paramref name="modelId"/> are written with: the configured one with what has
    /// been learned.</summary>
    CustomQuirkProfile For(string modelId);

    /// <summary>Keeps <paramref name="adapted"/> for <paramref name="modelId"/>, unless the profile changed since
    /// <paramref name="current"/> was read (another request learned first).</summary>
    /// <returns>Whether this call changed the profile (and should log the change).</returns>
    bool Learn(string modelId, CustomQuirkProfile current, CustomQuirkProfile adapted);
}

/// <summary>Adaptations learned by this process, for the life of the service.</summary>
internal sealed class LocalLearnedQuirks(CustomQuirkProfile configured) : ILearnedQuirks
{
    private readonly ConcurrentDictionary<string, CustomQuirkProfile> _learned = new(StringComparer.Ordinal);

    /// <inheritdoc />
    public CustomQuirkProfile For(string modelId) => _learned.TryGetValue(modelId, out var learned) ? learned : configured;

    /// <inheritdoc />
    public bool Learn(string modelId, CustomQuirkProfile current, CustomQuirkProfile adapted) =>
        _learned.TryAdd(modelId, adapted) || _learned.TryUpdate(modelId, adapted, current);
}
